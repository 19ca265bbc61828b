// `GET /api/courses/:courseId/stats`: a course's requests over a window, counted by the database from the one index
// that holds every column the counts read, so that a call reads ranges of it and never the table.
import type { CourseStats } from '@one-on-one/contract/resources';
import { and, asc, gte, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
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
  // A decision's delay in whole milliseconds.
  const delay = sql<number>`round((julianday(${r.decidedAt}) - julianday(${r.createdAt})) * 86400000)`.mapWith(Number);
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
        fastest: sql<number | null>`min(${delay})`,
      })
      .from(r)
      .where(chunk(from, through))
      .groupBy(r.educatorId);
  /** How many of a chunk's decided requests have a delay in each `width` ms from `lo` (within `span` ms of it, if given). */
  const delayCounts = (from: Cursor | undefined, through: Cursor | undefined, lo: number, width: number, span?: number) => {
    const bucket = sql<number>`cast((${delay} - ${lo}) / ${width} as integer)`.mapWith(Number);
    return db
      .select({ bucket, decided: sql<number>`count(*)`.mapWith(Number) })
      .from(r)
      .where(
        and(chunk(from, through), isNotNull(r.decidedAt), gte(delay, lo), span === undefined ? undefined : lt(delay, lo + span)),
      )
      .groupBy(bucket);
  };
  return { chunkEnd, counts, delayCounts };
}

type Queries = ReturnType<typeof statsQueries>;
type Chunk = [from: Cursor | undefined, through: Cursor | undefined];

/**
 * The `rank`-th shortest delay (from 0) of the window's decided requests, without sorting the window: the delays are
 * counted a chunk at a time by hour, then by second inside the hour that holds it, then by millisecond inside that
 * second, which is the delay. Counts already made are reused (`counted`), so the two middle delays share their passes.
 */
async function delayAt(
  queries: Queries,
  chunks: Chunk[],
  fastest: number,
  rank: number,
  counted: Map<string, Map<number, number>>,
): Promise<number> {
  let lo = fastest;
  let span: number | undefined;
  let left = rank;
  for (const width of [HOUR_MS, 1000, 1]) {
    const key = `${lo}:${width}`;
    let counts = counted.get(key);
    if (!counts) {
      counts = new Map();
      for (const [from, through] of chunks)
        for (const { bucket, decided } of await queries.delayCounts(from, through, lo, width, span))
          counts.set(bucket, (counts.get(bucket) ?? 0) + decided);
      counted.set(key, counts);
    }
    for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
      const decided = counts.get(bucket) as number;
      if (left < decided) {
        lo += bucket * width;
        break;
      }
      left -= decided;
    }
    span = width;
  }
  return lo;
}

type Counts = Omit<
  Awaited<ReturnType<ReturnType<typeof statsQueries>['counts']>>[number],
  'educatorId' | 'educatorName' | 'fastest'
>;

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
  const chunks: Chunk[] = [];
  /** The shortest delay to a decision in the window. */
  let fastest = Number.POSITIVE_INFINITY;
  let from: Cursor | undefined;
  for (;;) {
    const [through] = await queries.chunkEnd(from);
    chunks.push([from, through]);
    for (const { educatorId, educatorName, fastest: shortest, ...counts } of await queries.counts(from, through)) {
      if (shortest !== null) fastest = Math.min(fastest, Number(shortest));
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
  // The median: the middle delay, or the mean of the middle two.
  const counted = new Map<string, Map<number, number>>();
  const delays: number[] = [];
  if (decided > 0)
    for (const rank of new Set([Math.floor((decided - 1) / 2), Math.floor(decided / 2)]))
      delays.push(await delayAt(queries, chunks, fastest, rank, counted));
  const recorded = totals.attended + totals.missed;
  return {
    ...totals,
    attendanceRate: recorded > 0 ? totals.attended / recorded : null,
    medianHoursToDecision: delays.length > 0 ? delays.reduce((a, b) => a + b) / delays.length / HOUR_MS : null,
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
