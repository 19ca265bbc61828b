// A course's roster as its educators read it (SPEC §15): the stored members a page at a time by name, each with their
// upcoming, attended and missed sessions in the course.
import type { Roster, RosterMember } from '@one-on-one/contract/resources';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { courseRosterMembers as m, sessionRequests as r } from '../db/schema.ts';
import type { RosterKeeper } from '../lti/roster-store.ts';
import { DomainError } from './errors.ts';
import { membership, type User } from './identity.ts';
import { after, type PageQuery, pageOf } from './pages.ts';

/** Each user's sessions in the course, as a student, counted in one grouped query over the course's index. */
export async function sessionCounts(db: Database, courseId: string, userIds: string[], now: Date) {
  if (userIds.length === 0) return new Map<string, { upcoming: number; attended: number; missed: number }>();
  const rows = await db
    .select({
      userId: r.studentId,
      upcoming: sql<number>`sum(${r.status} = 'approved' AND ${r.startsAt} > ${now.toISOString()})`,
      attended: sql<number>`sum(${r.attended} IS 1)`,
      missed: sql<number>`sum(${r.attended} IS 0)`,
    })
    .from(r)
    .where(and(eq(r.courseId, courseId), inArray(r.studentId, userIds)))
    .groupBy(r.studentId);
  return new Map(rows.map(({ userId, ...counts }) => [userId, counts]));
}

/** A page of the course's stored roster, by name then user id. */
export async function rosterPage(db: Database, courseId: string, query: PageQuery, now: Date) {
  const rows = await db
    .select()
    .from(m)
    .where(and(eq(m.courseId, courseId), after(query.cursor, m.sortKey, m.userId)))
    .orderBy(m.sortKey, m.userId)
    .limit(query.limit + 1);
  const page = pageOf(
    rows.map((row) => ({ ...row, id: row.userId })),
    query.limit,
    (row) => row.sortKey,
  );
  const counts = await sessionCounts(
    db,
    courseId,
    page.items.map((row) => row.userId),
    now,
  );
  const items = page.items.map(
    (row): RosterMember => ({
      userId: row.userId,
      name: row.name,
      ...(row.email ? { email: row.email } : {}),
      role: row.role,
      ...(counts.get(row.userId) ?? { upcoming: 0, attended: 0, missed: 0 }),
    }),
  );
  return { items, nextCursor: page.nextCursor };
}

/**
 * `GET /api/courses/:courseId/roster`: an educator of the course reads a page of its roster, read again from the LMS
 * first when it is due (`refresh`: sooner).
 */
export async function readRoster(
  db: Database,
  keep: RosterKeeper,
  user: User,
  courseId: string,
  query: PageQuery & { refresh: boolean },
  now: Date,
): Promise<Roster> {
  if (!membership(user, courseId, 'educator')) {
    throw new DomainError('forbidden', 'Only an educator of this course can see its roster.');
  }
  const { source, readAt } = await keep(courseId, query.refresh, now);
  return { ...(await rosterPage(db, courseId, query, now)), source, readAt };
}
