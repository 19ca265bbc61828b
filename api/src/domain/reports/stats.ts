// `GET /api/courses/:courseId/stats`: a course's requests over a window, counted by the database from the one index
// that holds every column the counts read, so that a call reads ranges of it and never the table.
import type { CourseStats } from '@one-on-one/contract/resources';
import { and, asc, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { sessionRequests as r } from '../../db/schema.ts';
import { MINUTE_MS } from '../clock.ts';
import type { User } from '../identity.ts';
import type { Cursor } from '../pages.ts';
import { expiredUndecided } from '../states.ts';
import { requestColumns, type TimeWindow } from '../views.ts';
import { assertCourseEducator, courseWindow, type ReportWindow, reportWindow } from './window.ts';

const HOUR_MS = 60 * MINUTE_MS;

/** Index entries one counting statement reads at most: between two, other requests get their turn. */
export const STATS_CHUNK_ROWS = 10_000;

const count = (condition: SQL) => sql<number>`coalesce(sum(${condition}), 0)`.mapWith(Number);

/**
 * The queries a report runs, for `EXPLAIN` as much as for the report. The window is counted a chunk at a time: the
 * rows after `from` (a key of the index's order, or the window's start) up to and including `through`.
 */
export function statsQueries(db: Database, courseId: string, window: ReportWindow, now: string) {
  const shown = requestColumns(now).status;
  const chunk = (after?: Cursor, through?: Cursor) => courseWindow(courseId, window, { after, through });
  /** The last row of the chunk that starts after `from`; none when fewer rows are left. */
  const chunkEnd = (from?: Cursor) =>
    db
      .select({ key: r.startsAt, id: r.id })
      .from(r)
      .where(chunk(from))
      .orderBy(asc(r.startsAt), asc(r.id))
      .limit(1)
      .offset(STATS_CHUNK_ROWS - 1);
  // The name an educator had in their latest session of the course; correlated, so the outer table is named.
  const educatorName = sql<string | null>`(SELECT named.educator_name FROM session_requests AS named
    WHERE named.educator_id = session_requests.educator_id AND named.course_id = ${courseId}
    ORDER BY named.starts_at DESC LIMIT 1)`;
  /** A chunk's counts per educator. `approved` counts the approvals that stand, completed ones included. */
  const counts = (from?: Cursor, through?: Cursor) =>
    db
      .select({
        educatorId: r.educatorId,
        educatorName,
        requested: sql<number>`count(*)`.mapWith(Number),
        approved: count(sql`${shown} IN ('approved', 'completed')`),
        rejected: count(sql`${shown} = 'rejected'`),
        expired: count(expiredUndecided(now)),
        cancelled: count(sql`${shown} = 'cancelled'`),
        completed: count(sql`${shown} = 'completed'`),
        attended: count(sql`${r.attended} = 1`),
        missed: count(sql`${r.attended} = 0`),
        decided: sql<number>`count(${r.decidedAt})`.mapWith(Number),
      })
      .from(r)
      .where(chunk(from, through))
      .groupBy(r.educatorId);
  // A decision's delay in whole milliseconds; the median is read from the sorted delays by offset, in one statement.
  const delay = sql<number>`round((julianday(${r.decidedAt}) - julianday(${r.createdAt})) * 86400000)`.mapWith(Number);
  const middleDelays = (decided: number) =>
    db
      .select({ delay })
      .from(r)
      .where(and(chunk(), isNotNull(r.decidedAt)))
      .orderBy(asc(delay))
      .limit(2 - (decided % 2))
      .offset(Math.floor((decided - 1) / 2));
  return { chunkEnd, counts, middleDelays };
}

type Counts = Omit<Awaited<ReturnType<ReturnType<typeof statsQueries>['counts']>>[number], 'educatorId' | 'educatorName'>;

const sum = (rows: Counts[]): Counts => {
  const total = {
    requested: 0,
    approved: 0,
    rejected: 0,
    expired: 0,
    cancelled: 0,
    completed: 0,
    attended: 0,
    missed: 0,
    decided: 0,
  };
  for (const row of rows) for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += row[key];
  return total;
};

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
  const educators = new Map<string, { educatorName: string | null; counts: Counts[] }>();
  let from: Cursor | undefined;
  for (;;) {
    const [through] = await queries.chunkEnd(from);
    for (const { educatorId, educatorName, ...counts } of await queries.counts(from, through)) {
      const educator = educators.get(educatorId) ?? { educatorName, counts: [] };
      educator.counts.push(counts);
      educators.set(educatorId, educator);
    }
    if (!through) break;
    from = through;
  }
  const byEducator = [...educators].map(([educatorId, { educatorName, counts }]) => ({
    educatorId,
    educatorName,
    ...sum(counts),
  }));
  const { decided, ...totals } = sum(byEducator);
  const middle = decided > 0 ? await queries.middleDelays(decided) : [];
  const recorded = totals.attended + totals.missed;
  return {
    ...totals,
    attendanceRate: recorded > 0 ? totals.attended / recorded : null,
    medianHoursToDecision:
      middle.length > 0 ? middle.reduce((total, row) => total + row.delay, 0) / middle.length / HOUR_MS : null,
    byEducator: byEducator
      .sort(byName)
      .map(({ educatorId, educatorName, approved, attended }) => ({ educatorId, educatorName, approved, attended })),
  };
}

/** Educators by name (those without one last), then by id. */
function byName(a: CourseStats['byEducator'][number], b: CourseStats['byEducator'][number]): number {
  if (a.educatorName === b.educatorName) return a.educatorId < b.educatorId ? -1 : 1;
  if (a.educatorName === null || b.educatorName === null) return a.educatorName === null ? 1 : -1;
  return a.educatorName.localeCompare(b.educatorName);
}
