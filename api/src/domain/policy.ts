// A course's booking policy: what its educators set, over the deployment's defaults from the environment.
import type { Policy } from '@one-on-one/contract/resources';
import { eq, inArray, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { type Database, writeAtomically } from '../db/client.ts';
import { coursePolicies, outbox } from '../db/schema.ts';
import { DomainError } from './errors.ts';
import { markCourseGrades } from './grades.ts';
import { membership, type User } from './identity.ts';

export type { Policy } from '@one-on-one/contract/resources';

/** The rules a course books by (the Policy resource without whose and when). `maxUpcomingPerStudent` null: no limit. */
export type PolicyRules = Omit<Policy, 'courseId' | 'updatedAt' | 'updatedBy'>;

/** A change: any subset of the fields; null puts a field back to the deployment's default. */
export type PolicyChange = { [K in keyof PolicyRules]?: number | null };

type Row = typeof coursePolicies.$inferSelect;

/** The policy in effect for a course: its row (if any) over the deployment's defaults. */
export function resolvePolicy(courseId: string, row: Row | undefined, defaults: PolicyRules): Policy {
  return {
    courseId,
    minNoticeMinutes: row?.minNoticeMinutes ?? defaults.minNoticeMinutes,
    maxDaysAhead: row?.maxDaysAhead ?? defaults.maxDaysAhead,
    cancelNoticeMinutes: row?.cancelNoticeMinutes ?? defaults.cancelNoticeMinutes,
    maxPendingPerStudent: row?.maxPendingPerStudent ?? defaults.maxPendingPerStudent,
    maxUpcomingPerStudent: row?.maxUpcomingPerStudent ?? defaults.maxUpcomingPerStudent,
    attendanceGoal: row?.attendanceGoal ?? defaults.attendanceGoal,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/** The policies of `courseIds`, read in one query: a lookup that gives each course's policy. */
export async function policiesOf(
  db: Database,
  courseIds: string[],
  defaults: PolicyRules,
): Promise<(courseId: string) => Policy> {
  const unique = [...new Set(courseIds)];
  const rows = unique.length ? await db.select().from(coursePolicies).where(inArray(coursePolicies.courseId, unique)) : [];
  const byCourse = new Map(rows.map((row) => [row.courseId, row]));
  return (courseId) => resolvePolicy(courseId, byCourse.get(courseId), defaults);
}

export async function policyOf(db: Database, courseId: string, defaults: PolicyRules): Promise<Policy> {
  return resolvePolicy(
    courseId,
    await db.select().from(coursePolicies).where(eq(coursePolicies.courseId, courseId)).get(),
    defaults,
  );
}

/** `GET /api/courses/:courseId/policy`: any member of the course. */
export function readPolicy(db: Database, user: User, courseId: string, defaults: PolicyRules): Promise<Policy> {
  if (!membership(user, courseId)) throw new DomainError('forbidden', 'You are not a member of this course.');
  return policyOf(db, courseId, defaults);
}

/**
 * `PUT /api/courses/:courseId/policy`: an educator of the course changes some fields, as one upsert; a new attendance
 * goal puts the course's scores back in the gradebook outbox in the same batch.
 */
export async function changePolicy(
  db: Database,
  user: User,
  courseId: string,
  change: PolicyChange,
  now: Date,
  defaults: PolicyRules,
): Promise<Policy> {
  if (!membership(user, courseId, 'educator'))
    throw new DomainError('forbidden', 'Only an educator of this course can set its policy.');
  const set = { ...change, updatedAt: now.toISOString(), updatedBy: user.id };
  await writeAtomically(db, [
    db
      .insert(coursePolicies)
      .values({ courseId, ...set })
      .onConflictDoUpdate({ target: coursePolicies.courseId, set }),
    ...(change.attendanceGoal !== undefined ? [markCourseGrades(db, courseId, defaults.attendanceGoal, set.updatedAt)] : []),
    recordPolicyUpdated(courseId, defaults, set.updatedAt),
  ]);
  return policyOf(db, courseId, defaults);
}

/**
 * `policy.updated` (SPEC §7) for the course's members, with the policy in effect as the row now reads over the
 * defaults: written in the change's batch, after its upsert, so the event and the change cannot disagree.
 */
function recordPolicyUpdated(courseId: string, defaults: PolicyRules, now: string) {
  const p = coursePolicies;
  const field = (column: AnySQLiteColumn, fallback: number | null) => sql`coalesce(${column}, ${fallback})`;
  return sql`INSERT INTO ${outbox} (type, slot_id, request_id, course_id, educator_id, student_id, created_at, payload)
    SELECT 'policy.updated', '', NULL, ${p.courseId}, ${p.updatedBy}, NULL, ${now}, json_object(
      'courseId', ${p.courseId},
      'minNoticeMinutes', ${field(p.minNoticeMinutes, defaults.minNoticeMinutes)},
      'maxDaysAhead', ${field(p.maxDaysAhead, defaults.maxDaysAhead)},
      'cancelNoticeMinutes', ${field(p.cancelNoticeMinutes, defaults.cancelNoticeMinutes)},
      'maxPendingPerStudent', ${field(p.maxPendingPerStudent, defaults.maxPendingPerStudent)},
      'maxUpcomingPerStudent', ${field(p.maxUpcomingPerStudent, defaults.maxUpcomingPerStudent)},
      'attendanceGoal', ${field(p.attendanceGoal, defaults.attendanceGoal)},
      'updatedAt', ${p.updatedAt},
      'updatedBy', ${p.updatedBy})
    FROM ${p} WHERE ${p.courseId} = ${courseId}`;
}
