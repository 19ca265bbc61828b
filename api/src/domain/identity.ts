// Who is calling: the claims of the host-signed token, and the course roles they carry.
export type Role = 'student' | 'educator';

/** A course the token says the caller belongs to, in a role. */
export interface CourseMembership {
  id: string;
  role: Role;
  title?: string;
}

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
