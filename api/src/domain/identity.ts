// Who is calling: the claims of the host-signed token, and the course roles they carry.
import type { z } from '@hono/zod-openapi';
import type { Course } from '../schemas.ts';

export type CourseMembership = z.infer<typeof Course>;
export type Role = CourseMembership['role'];

/** The caller, as the host platform vouched for them. */
export interface User {
  id: string;
  name: string | null;
  courses: CourseMembership[];
}

/** The caller's membership of a course in a role, if the token grants it. */
export function membership(user: User, courseId: string, role?: Role): CourseMembership | undefined {
  return user.courses.find((course) => course.id === courseId && (role === undefined || course.role === role));
}
