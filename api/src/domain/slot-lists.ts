// Reading slots: an educator's own, and a course's open ones for its students. Each list reads one index range
// in start order, at most a page and its boundary.
import type { CourseSlot, Slot } from '@one-on-one/contract/resources';
import { and, asc, eq, gt, gte, isNull, lt, lte, not, type Placeholder, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { slots as s } from '../db/schema.ts';
import { addMs, DAY_MS, MINUTE_MS } from './clock.ts';
import { DomainError } from './errors.ts';
import { membership, type User } from './identity.ts';
import { MAX_SLOT_MS } from './limits.ts';
import { after, type Page, type PageQuery, pageOf } from './pages.ts';
import { type PolicyRules, policyOf } from './policy.ts';
import { selectCourseSlots, selectSlots, slotIsBooked, type TimeWindow } from './views.ts';

/** A bound of a window: a value, or the placeholder of a prepared statement that takes it at each run. */
type Bound = string | Placeholder;

/** Later than any stored time, for a window without an end. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/**
 * Live slots overlapping [from, to) and, after a cursor, past it: one index range in start order. `fromLow`
 * is `from` less the longest slot, so the range holds only slots that may still overlap.
 */
const slotWindow = (from: Bound, fromLow: Bound, to: Bound, cursor?: { key: Bound; id: Bound }) =>
  and(isNull(s.deletedAt), gt(s.endsAt, from), gt(s.startsAt, fromLow), lt(s.startsAt, to), after(cursor, s.startsAt, s.id));

/** The caller's own live slots overlapping the window (from defaults to now), by start. */
export async function listEducatorSlots(
  db: Database,
  user: User,
  query: TimeWindow & PageQuery & { courseId?: string },
  now: Date,
): Promise<Page<Slot>> {
  const from = query.from ?? now.toISOString();
  const rows = await selectSlots(db, now.toISOString())
    .where(
      and(
        eq(s.educatorId, user.id),
        query.courseId ? eq(s.courseId, query.courseId) : undefined,
        slotWindow(from, addMs(from, -MAX_SLOT_MS), query.to ?? END_OF_TIME, query.cursor),
      ),
    )
    .orderBy(asc(s.startsAt), asc(s.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (slot) => slot.startsAt);
}

/**
 * The course listing as prepared statements, built once per database and bound at each request: one for a
 * first page, one after a cursor. They differ so that the planner starts the index range where the page
 * does (the start of the window, or the cursor) rather than at the course's first slot ever.
 */
function prepareCourseListing(db: Database, afterCursor: boolean) {
  const p = sql.placeholder;
  return selectCourseSlots(db, p('now'), p('userId'))
    .where(
      and(
        eq(s.courseId, p('courseId')),
        gte(s.startsAt, p('earliest')),
        lte(s.startsAt, p('latest')),
        slotWindow(p('from'), p('fromLow'), p('to'), afterCursor ? { key: p('afterKey'), id: p('afterId') } : undefined),
        not(slotIsBooked),
      ),
    )
    .orderBy(asc(s.startsAt), asc(s.id))
    .limit(p('limit'))
    .prepare();
}

const courseListings = new WeakMap<Database, Record<'first' | 'next', ReturnType<typeof prepareCourseListing>>>();

/** Open slots of a course that can still be requested, for any member of the course. */
export async function listCourseSlots(
  db: Database,
  user: User,
  courseId: string,
  query: TimeWindow & PageQuery,
  now: Date,
  defaults: PolicyRules,
): Promise<Page<CourseSlot>> {
  if (!membership(user, courseId)) throw new DomainError('forbidden', 'You are not a member of this course.');
  const at = now.toISOString();
  const policy = await policyOf(db, courseId, defaults);
  const from = query.from && query.from > at ? query.from : at;
  let listings = courseListings.get(db);
  if (!listings) {
    listings = { first: prepareCourseListing(db, false), next: prepareCourseListing(db, true) };
    courseListings.set(db, listings);
  }
  const rows = await listings[query.cursor ? 'next' : 'first'].all({
    now: at,
    userId: user.id,
    courseId,
    earliest: addMs(at, Math.max(1, policy.minNoticeMinutes * MINUTE_MS)),
    latest: addMs(at, policy.maxDaysAhead * DAY_MS),
    from,
    fromLow: addMs(from, -MAX_SLOT_MS),
    to: query.to ?? END_OF_TIME,
    afterKey: query.cursor?.key ?? '',
    afterId: query.cursor?.id ?? '',
    limit: query.limit + 1,
  });
  return pageOf(rows, query.limit, (slot) => slot.startsAt);
}
