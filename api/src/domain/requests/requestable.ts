// Whether a student may request a slot, and the batch that makes the request: the checks in the contract's
// order (duplicate, unavailable, pending limit, upcoming limit), each also a SQL guard of the insert.
import { and, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Statement } from '../../db/client.ts';
import { sessionRequests as r, slots as s } from '../../db/schema.ts';
import { insertWhere } from '../../db/statements.ts';
import { addMs, DAY_MS, MINUTE_MS } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { recordRequestEvents, recordSlotEvent, requestClaimed } from '../events.ts';
import type { PolicyRules } from '../policy.ts';
import { awaitingDecision } from '../states.ts';
import { slotIsBooked } from '../views.ts';
import { stopWaitingOnRequest } from '../waitlist/entries.ts';
import type { RequestContext } from './core.ts';

type SlotRow = typeof s.$inferSelect;

/** A value in a guard: given, a placeholder bound at each run, or SQL read as the statement runs. */
type Operand = string | number | SQLWrapper;

/**
 * What a request is judged by under a course's policy: the earliest and latest start it may have, and the most pending
 * and upcoming requests a student may hold. Values from a policy as read (`boundsOf`), or SQL reading it.
 */
export interface Bounds {
  earliest: Operand;
  latest: Operand;
  maxPending: Operand;
  maxUpcoming: Operand;
}

/** The bounds of `policy` at `now`. */
const boundsOf = (now: string, policy: PolicyRules): Bounds => ({
  earliest: addMs(now, policy.minNoticeMinutes * MINUTE_MS),
  latest: addMs(now, policy.maxDaysAhead * DAY_MS),
  maxPending: policy.maxPendingPerStudent,
  maxUpcoming: policy.maxUpcomingPerStudent ?? Number.MAX_SAFE_INTEGER,
});

/**
 * The slot can be requested by `studentId` at `now` within `bounds`: live, not their own, not booked, inside the
 * course's booking window, and its times still those read, when it was read.
 */
export const slotRequestable = (slot: { id: Operand; read?: SlotRow }, studentId: Operand, now: Operand, bounds: Bounds) =>
  sql`EXISTS (SELECT 1 FROM ${s} WHERE ${s.id} = ${slot.id} AND ${s.deletedAt} IS NULL AND ${s.educatorId} <> ${studentId}
    ${slot.read ? sql`AND ${s.startsAt} = ${slot.read.startsAt} AND ${s.endsAt} = ${slot.read.endsAt}` : sql``}
    AND ${s.startsAt} > ${now} AND ${s.startsAt} >= ${bounds.earliest}
    AND ${s.startsAt} <= ${bounds.latest}
    AND NOT ${slotIsBooked})`;

/**
 * The student's requests in the course that count against a limit: pending, or also approved, not yet
 * started; `except` (a request being moved) does not count, as the move replaces it.
 */
const heldInCourse = (
  studentId: Operand,
  courseId: Operand,
  now: Operand,
  statuses: ('pending' | 'approved')[],
  except: Operand = '',
) =>
  sql`(SELECT count(*) FROM ${r} WHERE ${r.studentId} = ${studentId} AND ${r.courseId} = ${courseId}
    AND ${inArray(r.status, statuses)} AND ${r.startsAt} > ${now} AND ${r.id} <> ${except})`;

/** The student stays under the course's limits once this request is added. */
export const underLimits = (studentId: Operand, courseId: Operand, now: Operand, bounds: Bounds, except: Operand = '') =>
  sql`${heldInCourse(studentId, courseId, now, ['pending'], except)} < ${bounds.maxPending}
    AND ${heldInCourse(studentId, courseId, now, ['pending', 'approved'], except)} < ${bounds.maxUpcoming}`;

const activeRequestOf = (studentId: string, slotId: string, now: string) =>
  sql`EXISTS (SELECT 1 FROM ${r} WHERE ${r.slotId} = ${slotId} AND ${r.studentId} = ${studentId}
    AND (${awaitingDecision(now)} OR (${r.status} = 'approved' AND ${r.endsAt} > ${now})))`;

/** Throws the first rule a new request would break, in the contract's order; `except` is a request it replaces. */
export async function checkRequestable({ db, user, at }: RequestContext, slot: SlotRow, policy: PolicyRules, except = '') {
  const row = await db.get<{ duplicate: number; requestable: number; pending: number; upcoming: number }>(
    sql`SELECT ${activeRequestOf(user.id, slot.id, at)} AS duplicate, ${slotRequestable({ id: slot.id, read: slot }, user.id, at, boundsOf(at, policy))} AS requestable,
      ${heldInCourse(user.id, slot.courseId, at, ['pending'], except)} AS pending,
      ${heldInCourse(user.id, slot.courseId, at, ['pending', 'approved'], except)} AS upcoming`,
  );
  if (row?.duplicate) throw new DomainError('duplicate_request', 'You have already requested this time slot.');
  if (!row?.requestable) throw new DomainError('slot_unavailable', 'This time slot is no longer available.');
  if (Number(row.pending) >= policy.maxPendingPerStudent) {
    throw new DomainError('pending_limit', `You already have ${policy.maxPendingPerStudent} pending requests in this course.`);
  }
  if (policy.maxUpcomingPerStudent !== null && Number(row.upcoming) >= policy.maxUpcomingPerStudent) {
    throw new DomainError(
      'upcoming_limit',
      `You already have ${policy.maxUpcomingPerStudent} upcoming sessions and requests in this course.`,
    );
  }
}

/** What a new request of the caller on `slot` is made from. `replaces` is the request a move replaces. */
export interface NewRequest {
  id: string;
  slot: SlotRow;
  courseTitle?: string | null;
  message?: string | null;
  policy: PolicyRules;
  replaces?: string;
  /** A condition the new request also needs, such as the moved original still being as read. */
  alsoRequires?: SQL;
}

/**
 * The batch that makes a request on `slot` if the rules still allow it when it runs, with its event; an
 * instant slot is booked by it in the same step, with the slot's link.
 */
export function makeRequest({ db, user, at }: RequestContext, made: NewRequest): Statement[] {
  const { id, slot, policy } = made;
  const request = {
    id,
    slotId: slot.id,
    courseId: slot.courseId,
    courseTitle: slot.courseTitle ?? made.courseTitle ?? null,
    educatorId: slot.educatorId,
    educatorName: slot.educatorName,
    studentId: user.id,
    studentName: user.name,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    message: made.message ?? null,
    ...(slot.instant
      ? { status: 'approved' as const, meetingLink: slot.meetingLink, decidedAt: at }
      : { status: 'pending' as const }),
    replaces: made.replaces ?? null,
    createdAt: at,
    updatedAt: at,
    op: id,
  };
  const bounds = boundsOf(at, policy);
  const allowed = sql`${slotRequestable({ id: slot.id, read: slot }, user.id, at, bounds)} AND ${underLimits(user.id, slot.courseId, at, bounds, made.replaces)}`;
  return [
    insertWhere(r, request, made.alsoRequires ? sql`${allowed} AND ${made.alsoRequires}` : allowed),
    recordRequestEvents('request.created', id, at, eq(r.id, id)),
    // A student who asks for a time in the course no longer waits in it.
    stopWaitingOnRequest(db, slot.courseId, user.id, requestClaimed(id, id)),
    ...(slot.instant
      ? [
          db
            .update(s)
            .set({ updatedAt: at, op: id })
            .where(and(eq(s.id, slot.id), requestClaimed(id, id))),
          recordSlotEvent('slot.updated', id, at, slot.id),
        ]
      : []),
  ];
}
