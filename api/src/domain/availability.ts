// The availability rules: educators create, move, annotate and delete their slots.

import type { CreateSlotInput, UpdateSlotInput } from '@one-on-one/contract/inputs';
import type { CourseSlot, Slot } from '@one-on-one/contract/resources';
import { and, asc, eq, gt, gte, isNull, lt, lte, not, type Placeholder, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { sessionRequests as r, slots as s } from '../db/schema.ts';
import { insertWhere } from '../db/statements.ts';
import { applyChange, newId, written } from './atomic.ts';
import { addMs, DAY_MS, MINUTE_MS } from './clock.ts';
import { DomainError, invalidField, notFound } from './errors.ts';
import { recordRequestEvents, recordSlotEvent, slotClaimed } from './events.ts';
import { membership, type User } from './identity.ts';
import { MAX_LEAD_DAYS, MAX_LEAD_MS, MAX_SLOT_MS, MIN_SLOT_MS } from './limits.ts';
import { after, type Page, type PageQuery, pageOf } from './pages.ts';
import { type PolicyRules, policyOf } from './policy.ts';
import { awaitingDecision, SYSTEM_REASONS } from './states.ts';
import { findSlotView, selectCourseSlots, selectSlots, slotIsBooked, type TimeWindow } from './views.ts';
import { recordOpenings } from './waitlist/openings.ts';

/** The time rules every created or moved slot meets. */
function checkSlotTimes(startsAt: string, endsAt: string, now: string): void {
  if (startsAt <= now) throw invalidField('startsAt', 'Must be in the future');
  if (Date.parse(startsAt) - Date.parse(now) > MAX_LEAD_MS)
    throw invalidField('startsAt', `Must be at most ${MAX_LEAD_DAYS} days ahead`);
  const duration = Date.parse(endsAt) - Date.parse(startsAt);
  if (duration < MIN_SLOT_MS || duration > MAX_SLOT_MS) {
    throw invalidField('endsAt', 'A slot lasts from 10 minutes to 8 hours');
  }
}

/** Another live slot of the educator, in any course, shares time with [startsAt, endsAt). */
const overlapsAnotherSlot = (educatorId: string, startsAt: string, endsAt: string, exceptId = '') =>
  sql`EXISTS (SELECT 1 FROM ${s} WHERE ${s.educatorId} = ${educatorId} AND ${s.deletedAt} IS NULL
    AND ${s.startsAt} < ${endsAt} AND ${s.endsAt} > ${startsAt} AND ${s.id} <> ${exceptId})`;

const hasActiveRequests = (slotId: string) =>
  sql`EXISTS (SELECT 1 FROM ${r} WHERE ${r.slotId} = ${slotId} AND ${r.status} IN ('pending', 'approved'))`;

const hasUpcomingBooking = (slotId: string, now: string) =>
  sql`EXISTS (SELECT 1 FROM ${r} WHERE ${r.slotId} = ${slotId} AND ${r.status} = 'approved' AND ${r.endsAt} > ${now})`;

const overlapError = () => new DomainError('slot_overlap', 'This time overlaps another of your slots.');

async function exists(db: Database, condition: ReturnType<typeof sql>): Promise<boolean> {
  const row = await db.get<{ found: number }>(sql`SELECT ${condition} AS found`);
  return Boolean(row?.found);
}

/** Creates a slot in a course the caller teaches. */
export async function createSlot(db: Database, user: User, input: CreateSlotInput, now: Date): Promise<Slot> {
  const at = now.toISOString();
  checkSlotTimes(input.startsAt, input.endsAt, at);
  const course = membership(user, input.courseId, 'educator');
  if (!course) throw new DomainError('forbidden', 'Only an educator of this course can publish slots in it.');
  const id = newId();
  const slot = {
    id,
    courseId: course.id,
    courseTitle: course.title ?? null,
    educatorId: user.id,
    educatorName: user.name,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    note: input.note ?? null,
    meetingLink: input.meetingLink ?? null,
    instant: input.instant ?? false,
    createdAt: at,
    updatedAt: at,
    op: id,
  };
  const overlaps = overlapsAnotherSlot(user.id, input.startsAt, input.endsAt);
  await applyChange(db, async () => {
    if (await exists(db, overlaps)) throw overlapError();
    return {
      batch: [
        insertWhere(s, slot, sql`NOT ${overlaps}`),
        recordSlotEvent('slot.created', id, at, id),
        recordOpenings(id, at, eq(s.id, id)),
      ],
    };
  });
  return written(findSlotView(db, id, at));
}

/** The caller's own live slot, or 404: another educator's slot does not exist for them. */
async function findOwnSlot(db: Database, user: User, slotId: string) {
  const slot = await db
    .select()
    .from(s)
    .where(and(eq(s.id, slotId), isNull(s.deletedAt)))
    .get();
  if (!slot || slot.educatorId !== user.id) throw notFound('slot');
  return slot;
}

/** Moves a slot or changes its note; times are fixed while requests are pending or approved. */
export async function updateSlot(db: Database, user: User, slotId: string, input: UpdateSlotInput, now: Date): Promise<Slot> {
  const at = now.toISOString();
  if (input.startsAt && input.endsAt) checkSlotTimes(input.startsAt, input.endsAt, at);
  await applyChange(db, async () => {
    const slot = await findOwnSlot(db, user, slotId);
    const startsAt = input.startsAt ?? slot.startsAt;
    const endsAt = input.endsAt ?? slot.endsAt;
    const moves = startsAt !== slot.startsAt || endsAt !== slot.endsAt;
    if (moves) {
      checkSlotTimes(startsAt, endsAt, at);
      if (await exists(db, hasActiveRequests(slotId))) {
        throw new DomainError('slot_has_requests', 'The time of a slot with pending or approved requests cannot change.');
      }
      if (await exists(db, overlapsAnotherSlot(user.id, startsAt, endsAt, slotId))) throw overlapError();
    }
    const op = newId();
    const unchangedSinceRead = and(
      eq(s.id, slotId),
      isNull(s.deletedAt),
      eq(s.startsAt, slot.startsAt),
      eq(s.endsAt, slot.endsAt),
    );
    const guard = moves
      ? and(unchangedSinceRead, not(hasActiveRequests(slotId)), not(overlapsAnotherSlot(user.id, startsAt, endsAt, slotId)))
      : unchangedSinceRead;
    const note = input.note === undefined ? slot.note : input.note;
    return {
      batch: [
        db.update(s).set({ startsAt, endsAt, note, updatedAt: at, op }).where(guard),
        recordSlotEvent('slot.updated', op, at, slotId),
        // A slot whose time changes may now fall inside someone's window.
        ...(moves ? [recordOpenings(op, at, eq(s.id, slotId), slot.startsAt)] : []),
      ],
    };
  });
  return written(findSlotView(db, slotId, at));
}

/** How a deleted slot's waiting requests are rejected, by the write `op` at `at`. */
export const slotRemoved = (at: string, op: string) =>
  ({
    status: 'rejected',
    rejectionReason: SYSTEM_REASONS.slot_removed,
    reasonCode: 'slot_removed',
    decidedAt: at,
    updatedAt: at,
    op,
  }) as const;

/** Deletes a slot unless it has an upcoming session; its pending requests are rejected. */
export async function deleteSlot(db: Database, user: User, slotId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await applyChange(db, async () => {
    await findOwnSlot(db, user, slotId);
    if (await exists(db, hasUpcomingBooking(slotId, at))) {
      throw new DomainError('slot_has_booking', 'Cancel the approved session before deleting its slot.');
    }
    const op = newId();
    return {
      batch: [
        db
          .update(s)
          .set({ deletedAt: at, updatedAt: at, op })
          .where(and(eq(s.id, slotId), isNull(s.deletedAt), not(hasUpcomingBooking(slotId, at)))),
        db
          .update(r)
          .set(slotRemoved(at, op))
          .where(and(eq(r.slotId, slotId), awaitingDecision(at), slotClaimed(slotId, op))),
        recordRequestEvents('request.rejected', op, at, eq(r.slotId, slotId)),
        recordSlotEvent('slot.deleted', op, at, slotId),
      ],
    };
  });
}

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
