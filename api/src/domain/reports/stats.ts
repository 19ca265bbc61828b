// `GET /api/courses/:courseId/stats`: a course's requests over a window, counted by the database from the one index
// that holds every column the counts read, so that a call reads a range of it and never the table.
import type { CourseStats } from '@one-on-one/contract/resources';
import { and, asc, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { sessionRequests as r } from '../../db/schema.ts';
import { MINUTE_MS } from '../clock.ts';
import type { User } from '../identity.ts';
import { expiredUndecided } from '../states.ts';
import { requestColumns, type TimeWindow } from '../views.ts';
import { assertCourseEducator, courseWindow, type ReportWindow, reportWindow } from './window.ts';

const HOUR_MS = 60 * MINUTE_MS;

const count = (condition: SQL) => sql<number>`coalesce(sum(${condition}), 0)`.mapWith(Number);

/**
 * The queries a report runs, for `EXPLAIN` as much as for the report. `approved` counts the sessions that were
 * approved and stand, completed or not; `rejected` the requests that read rejected, expired ones included.
 */
export function statsQueries(db: Database, courseId: string, window: ReportWindow, now: string) {
  const shown = requestColumns(now).status;
  const inWindow = courseWindow(courseId, window);
  const approved = count(sql`${shown} IN ('approved', 'completed')`);
  const attended = count(sql`${r.attended} = 1`);
  const totals = db
    .select({
      requested: sql<number>`count(*)`.mapWith(Number),
      approved,
      rejected: count(sql`${shown} = 'rejected'`),
      expired: count(expiredUndecided(now)),
      cancelled: count(sql`${shown} = 'cancelled'`),
      completed: count(sql`${shown} = 'completed'`),
      attended,
      missed: count(sql`${r.attended} = 0`),
      decided: sql<number>`count(${r.decidedAt})`.mapWith(Number),
    })
    .from(r)
    .where(inWindow);
  // The name an educator had in their latest session of the course; correlated, so the outer table is named.
  const educatorName = sql<string | null>`(SELECT named.educator_name FROM session_requests AS named
    WHERE named.educator_id = session_requests.educator_id AND named.course_id = ${courseId}
    ORDER BY named.starts_at DESC LIMIT 1)`;
  const byEducator = db
    .select({ educatorId: r.educatorId, educatorName, approved, attended })
    .from(r)
    .where(inWindow)
    .groupBy(r.educatorId);
  // A decision's delay in whole milliseconds; the median is read from the sorted delays by offset.
  const delay = sql<number>`round((julianday(${r.decidedAt}) - julianday(${r.createdAt})) * 86400000)`.mapWith(Number);
  const middleDelays = (decided: number) =>
    db
      .select({ delay })
      .from(r)
      .where(and(inWindow, isNotNull(r.decidedAt)))
      .orderBy(asc(delay))
      .limit(2 - (decided % 2))
      .offset(Math.floor((decided - 1) / 2));
  return { totals, byEducator, middleDelays };
}

/** A course's statistics over a window (by default a year back to a year ahead), for one of its educators. */
export async function courseStats(
  db: Database,
  user: User,
  courseId: string,
  query: TimeWindow,
  now: Date,
): Promise<CourseStats> {
  const window = reportWindow(query, now);
  assertCourseEducator(user, courseId);
  const queries = statsQueries(db, courseId, window, now.toISOString());
  // An aggregate without GROUP BY always gives one row, zeros for none.
  const [[{ decided, ...counts }], educators] = await Promise.all([queries.totals, queries.byEducator]);
  const middle = decided > 0 ? await queries.middleDelays(decided) : [];
  const recorded = counts.attended + counts.missed;
  return {
    ...counts,
    attendanceRate: recorded > 0 ? counts.attended / recorded : null,
    medianHoursToDecision: middle.length > 0 ? middle.reduce((sum, row) => sum + row.delay, 0) / middle.length / HOUR_MS : null,
    byEducator: educators.sort(byName),
  };
}

/** Educators by name (those without one last), then by id. */
function byName(a: CourseStats['byEducator'][number], b: CourseStats['byEducator'][number]): number {
  if (a.educatorName === b.educatorName) return a.educatorId < b.educatorId ? -1 : 1;
  if (a.educatorName === null || b.educatorName === null) return a.educatorName === null ? 1 : -1;
  return a.educatorName.localeCompare(b.educatorName);
}
