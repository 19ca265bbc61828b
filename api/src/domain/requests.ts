// The session request rules: students request slots; educators approve, reject or cancel.

import type { RequestSlotInput } from '@one-on-one/contract/inputs';
import type { RequestStatus, RequestView, SessionRequest } from '@one-on-one/contract/resources';
import { actionsFor, type Party, partyOf, type RequestAction, type RuleSettings, verdict } from '@one-on-one/contract/rules';
import { and, asc, desc, eq, gt, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../db/client.ts';
import { sessionRequests as r, slots as s } from '../db/schema.ts';
import { insertWhere } from '../db/statements.ts';
import { applyChange, newId } from './atomic.ts';
import { addMs, DAY_MS, MINUTE_MS } from './clock.ts';
import { DomainError, invalidField, notFound } from './errors.ts';
import { recordRequestEvents, recordSlotEvent, requestClaimed } from './events.ts';
import { membership, type User } from './identity.ts';
import { MAX_SLOT_MS } from './limits.ts';
import { takeEffect } from './moves.ts';
import { after, type Page, type PageQuery, pageOf } from './pages.ts';
import { type Policy, type PolicyRules, policiesOf, policyOf } from './policy.ts';
import { stillAllowed } from './rule-guards.ts';
import { findRequestView, type RequestFacts, selectRequests, slotIsBooked, type TimeWindow } from './views.ts';

export const ANOTHER_BOOKED_REASON = 'Another student was booked for this time.';

const invalidState = (detail: string) => new DomainError('invalid_state', detail);

/**
 * The slot can be requested by `studentId` at `now` under `policy`: live, not their own, not booked, inside
 * the course's booking window, times as read.
 */
export const slotRequestable = (slot: typeof s.$inferSelect, studentId: string, now: string, policy: PolicyRules) =>
  sql`EXISTS (SELECT 1 FROM ${s} WHERE ${s.id} = ${slot.id} AND ${s.deletedAt} IS NULL AND ${s.educatorId} <> ${studentId}
    AND ${s.startsAt} = ${slot.startsAt} AND ${s.endsAt} = ${slot.endsAt}
    AND ${s.startsAt} > ${now} AND ${s.startsAt} >= ${addMs(now, policy.minNoticeMinutes * MINUTE_MS)}
    AND ${s.startsAt} <= ${addMs(now, policy.maxDaysAhead * DAY_MS)}
    AND NOT ${slotIsBooked})`;

/**
 * The student's requests in the course that count against a limit: pending, or also approved, not yet
 * started; `except` (a request being moved) does not count, as the move replaces it.
 */
const heldInCourse = (studentId: string, courseId: string, now: string, statuses: ('pending' | 'approved')[], except = '') =>
  sql`(SELECT count(*) FROM ${r} WHERE ${r.studentId} = ${studentId} AND ${r.courseId} = ${courseId}
    AND ${inArray(r.status, statuses)} AND ${r.startsAt} > ${now} AND ${r.id} <> ${except})`;

/** The student stays under the course's limits once this request is added. */
export const underLimits = (studentId: string, courseId: string, now: string, policy: PolicyRules, except = '') =>
  sql`${heldInCourse(studentId, courseId, now, ['pending'], except)} < ${policy.maxPendingPerStudent}
    AND ${heldInCourse(studentId, courseId, now, ['pending', 'approved'], except)} < ${policy.maxUpcomingPerStudent ?? Number.MAX_SAFE_INTEGER}`;

const activeRequestOf = (studentId: string, slotId: string, now: string) =>
  sql`EXISTS (SELECT 1 FROM ${r} WHERE ${r.slotId} = ${slotId} AND ${r.studentId} = ${studentId}
    AND ((${r.status} = 'pending' AND ${r.startsAt} > ${now}) OR (${r.status} = 'approved' AND ${r.endsAt} > ${now})))`;

/** Throws the first rule a new request would break, in the contract's order; `except` is a request it replaces. */
export async function checkRequestable(
  db: Database,
  user: User,
  slot: typeof s.$inferSelect,
  now: string,
  policy: PolicyRules,
  except = '',
) {
  const row = await db.get<{ duplicate: number; requestable: number; pending: number; upcoming: number }>(
    sql`SELECT ${activeRequestOf(user.id, slot.id, now)} AS duplicate, ${slotRequestable(slot, user.id, now, policy)} AS requestable,
      ${heldInCourse(user.id, slot.courseId, now, ['pending'], except)} AS pending,
      ${heldInCourse(user.id, slot.courseId, now, ['pending', 'approved'], except)} AS upcoming`,
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

/** What a new request on `slot` is made from. `replaces` and `except` are the request a move replaces. */
interface NewRequest {
  id: string;
  slot: typeof s.$inferSelect;
  user: User;
  courseTitle?: string | null;
  message?: string | null;
  at: string;
  policy: PolicyRules;
  replaces?: string;
  /** A condition the new request also needs, such as the moved original still being as read. */
  alsoRequires?: SQL;
}

/**
 * The batch that makes a request on `slot` if the rules still allow it when it runs, with its event; an
 * instant slot is booked by it in the same step, with the slot's link.
 */
export function makeRequest(db: Database, made: NewRequest): Statement[] {
  const { id, slot, user, at, policy } = made;
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
  const allowed = sql`${slotRequestable(slot, user.id, at, policy)} AND ${underLimits(user.id, slot.courseId, at, policy, made.replaces)}`;
  return [
    insertWhere(r, request, made.alsoRequires ? sql`${allowed} AND ${made.alsoRequires}` : allowed),
    recordRequestEvents('request.created', id, at, eq(r.id, id)),
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

/** A student asks for a slot of a course they are enrolled in; an instant slot is booked at once. */
export async function requestSlot(
  db: Database,
  user: User,
  input: RequestSlotInput,
  now: Date,
  defaults: PolicyRules,
): Promise<SessionRequest> {
  const at = now.toISOString();
  let id = '';
  let policy = defaults;
  await applyChange(db, async () => {
    const slot = await db.select().from(s).where(eq(s.id, input.slotId)).get();
    if (!slot) throw notFound('slot');
    const course = membership(user, slot.courseId, 'student');
    if (!course) throw new DomainError('forbidden', 'Only students of this course can request its slots.');
    policy = await policyOf(db, slot.courseId, defaults);
    await checkRequestable(db, user, slot, at, policy);
    id = newId();
    return makeRequest(db, { id, slot, user, courseTitle: course.title, message: input.message, at, policy });
  });
  return withActions((await findRequestView(db, id, at)) as RequestFacts, user, at, policy);
}

/** The request as it reads at `at`, if the caller is its student or its slot's educator; else 404. */
export async function findOwnRequest(db: Database, user: User, requestId: string, at: string): Promise<RequestFacts> {
  const request = await findRequestView(db, requestId, at);
  if (!request || !partyOf(request, user.id)) throw notFound('request');
  return request;
}

const refusals: Record<RequestAction, string> = {
  approve: 'Only a pending request for a session that has not started can be approved.',
  reject: 'Only a pending request for a session that has not started can be rejected.',
  cancel:
    'This request cannot be cancelled now: a student withdraws a pending or approved request, an educator calls off an approved session, before it starts.',
  reschedule: 'Only a pending request, or an approved session that has not started, can be moved.',
  attendance: 'Attendance is recorded for an approved session once it has started.',
  calendar: 'Only an approved session, or one cancelled after approval, has a calendar entry.',
};

/** Throws unless the rules let the caller take `action` on `request` now. */
export function requireAllowed(action: RequestAction, request: RequestView, user: User, at: string, rules: RuleSettings): void {
  const found = verdict(action, request, user.id, at, rules);
  if (found === 'too_late') {
    throw new DomainError(
      'too_late_to_cancel',
      `This session starts within ${rules.cancelNoticeMinutes} minutes: it can no longer be changed.`,
    );
  }
  if (found === 'not_allowed') throw invalidState(refusals[action]);
}

/** The request as `user` gets it from the API at `at`: with what they may do with it. */
export function withActions(request: RequestFacts, user: User, at: string, rules: RuleSettings): SessionRequest {
  const { movePending: _, ...view } = request;
  return { ...view, actions: actionsFor(request, user.id, at, rules) };
}

/**
 * Applies a planned change to one request and returns it as the caller now reads it. `plan` gets the
 * request as read and its course's policy, and gives the batch.
 */
async function changeRequest(
  db: Database,
  user: User,
  requestId: string,
  at: string,
  defaults: PolicyRules,
  plan: (request: RequestView, policy: Policy) => Statement[] | Promise<Statement[]>,
): Promise<SessionRequest> {
  let policy: Policy | undefined;
  await applyChange(db, async () => {
    const request = await findOwnRequest(db, user, requestId, at);
    policy = await policyOf(db, request.courseId, defaults);
    return plan(request, policy);
  });
  return withActions((await findRequestView(db, requestId, at)) as RequestFacts, user, at, policy as Policy);
}

/** A decision by the request's educator on a pending request: `plan` gives the batch for it. */
function decide(
  db: Database,
  user: User,
  requestId: string,
  action: 'approve' | 'reject',
  now: Date,
  defaults: PolicyRules,
  plan: (request: RequestView, op: string, at: string, allowed: SQL) => Statement[] | Promise<Statement[]>,
): Promise<SessionRequest> {
  const at = now.toISOString();
  return changeRequest(db, user, requestId, at, defaults, (request, policy) => {
    if (request.educatorId !== user.id) throw notFound('request');
    requireAllowed(action, request, user, at, policy);
    return plan(
      request,
      newId(),
      at,
      and(eq(r.id, requestId), stillAllowed(action, 'educator', request.status, at, policy)) as SQL,
    );
  });
}

/** Approves a request: books the slot and rejects the other pending requests for it, atomically. */
export function approveRequest(
  db: Database,
  user: User,
  requestId: string,
  meetingLink: string,
  now: Date,
  defaults: PolicyRules,
): Promise<SessionRequest> {
  return decide(db, user, requestId, 'approve', now, defaults, async (request, op, at, allowed) => {
    const othersOfSlot = sql`${r.slotId} = ${request.slotId} AND ${r.id} <> ${requestId}`;
    // Approving a move cancels the session it replaces, in this same step.
    const original = request.replaces ? await findRequestView(db, request.replaces, at) : undefined;
    return [
      db
        .update(r)
        .set({ status: 'approved', meetingLink, decidedAt: at, updatedAt: at, op })
        .where(
          and(
            allowed,
            sql`NOT EXISTS (SELECT 1 FROM ${r} AS booked WHERE booked.slot_id = ${request.slotId} AND booked.status = 'approved')`,
          ),
        ),
      db
        .update(r)
        .set({ status: 'rejected', rejectionReason: ANOTHER_BOOKED_REASON, decidedAt: at, updatedAt: at, op })
        .where(and(othersOfSlot, eq(r.status, 'pending'), requestClaimed(requestId, op))),
      db
        .update(s)
        .set({ updatedAt: at, op })
        .where(and(eq(s.id, request.slotId), requestClaimed(requestId, op))),
      recordRequestEvents('request.approved', op, at, eq(r.id, requestId)),
      recordRequestEvents('request.rejected', op, at, othersOfSlot),
      recordSlotEvent('slot.updated', op, at, request.slotId),
      ...(original?.status === 'approved' ? takeEffect(original, requestId, op, at) : []),
    ];
  });
}

/** Rejects a pending request with a reason. */
export function rejectRequest(
  db: Database,
  user: User,
  requestId: string,
  reason: string,
  now: Date,
  defaults: PolicyRules,
): Promise<SessionRequest> {
  return decide(db, user, requestId, 'reject', now, defaults, (_request, op, at, allowed) => [
    db.update(r).set({ status: 'rejected', rejectionReason: reason, decidedAt: at, updatedAt: at, op }).where(allowed),
    recordRequestEvents('request.rejected', op, at, eq(r.id, requestId)),
  ]);
}

/**
 * A student withdraws their pending or approved request, or an educator calls off an approved
 * session (with a reason), before it starts. Cancelling an approved session reopens the slot.
 */
export async function cancelRequest(
  db: Database,
  user: User,
  requestId: string,
  reason: string | undefined,
  now: Date,
  defaults: PolicyRules,
): Promise<SessionRequest> {
  const at = now.toISOString();
  return changeRequest(db, user, requestId, at, defaults, (request, policy) => {
    const cancelledBy = partyOf(request, user.id) as Party;
    if (cancelledBy === 'educator' && !reason) throw invalidField('reason', 'Required when an educator cancels a session');
    requireAllowed('cancel', request, user, at, policy);
    const op = newId();
    const reopensSlot = request.status === 'approved';
    return [
      db
        .update(r)
        .set({ status: 'cancelled', cancellationReason: reason ?? null, cancelledBy, updatedAt: at, op })
        .where(and(eq(r.id, requestId), stillAllowed('cancel', cancelledBy, request.status, at, policy))),
      recordRequestEvents('request.cancelled', op, at, eq(r.id, requestId)),
      ...(reopensSlot
        ? [
            db
              .update(s)
              .set({ updatedAt: at, op })
              .where(and(eq(s.id, request.slotId), requestClaimed(requestId, op))),
            recordSlotEvent('slot.updated', op, at, request.slotId),
          ]
        : []),
    ];
  });
}

/**
 * The stored conditions that make up a status at `now`, each one range of an index: a list reads one
 * query per condition (more than one only for `rejected`, which includes the expired pending ones) and
 * merges them, so it never reads more rows than a page and its boundary.
 */
function statusConditions(status: RequestStatus | undefined, at: string): (SQL | undefined)[] {
  const endedBy = and(lte(r.startsAt, at), lte(r.endsAt, at));
  switch (status) {
    case undefined:
      return [undefined];
    case 'pending':
      return [and(eq(r.status, 'pending'), gt(r.startsAt, at))];
    case 'approved':
      // Bounded below by the longest slot, so the index range holds only sessions that may not have ended.
      return [and(eq(r.status, 'approved'), gt(r.startsAt, addMs(at, -MAX_SLOT_MS)), gt(r.endsAt, at))];
    case 'completed':
      return [and(eq(r.status, 'approved'), endedBy)];
    case 'rejected':
      return [eq(r.status, 'rejected'), and(eq(r.status, 'pending'), lte(r.startsAt, at))];
    case 'cancelled':
      return [eq(r.status, 'cancelled')];
  }
}

/** Reads a page of the caller's requests in `scope`, one query per status condition, merged in the list's order. */
async function requestPage(
  db: Database,
  user: User,
  defaults: PolicyRules,
  at: string,
  scope: SQL | undefined,
  status: RequestStatus | undefined,
  order: { key: 'startsAt' | 'createdAt'; descending: boolean },
  page: PageQuery,
): Promise<Page<SessionRequest>> {
  const key = r[order.key];
  const direction = order.descending ? desc : asc;
  const where = and(scope, after(page.cursor, key, r.id, order.descending));
  const parts = await Promise.all(
    statusConditions(status, at).map((condition) =>
      selectRequests(db, at)
        .where(and(where, condition))
        .orderBy(direction(key), direction(r.id))
        .limit(page.limit + 1),
    ),
  );
  const sign = order.descending ? -1 : 1;
  const rows =
    parts.length === 1 ? parts[0] : parts.flat().sort((a, b) => sign * compareKeys(a[order.key], a.id, b[order.key], b.id));
  const { items, nextCursor } = pageOf(rows, page.limit, (item) => item[order.key]);
  const policies = await policiesOf(
    db,
    items.map((item) => item.courseId),
    defaults,
  );
  return { items: items.map((item) => withActions(item, user, at, policies.get(item.courseId) as Policy)), nextCursor };
}

const compareKeys = (keyA: string, idA: string, keyB: string, idB: string) =>
  keyA < keyB ? -1 : keyA > keyB ? 1 : idA < idB ? -1 : idA > idB ? 1 : 0;

/** The slot's educator records whether the student came, once an approved session has started. */
export function recordAttendance(
  db: Database,
  user: User,
  requestId: string,
  attended: boolean,
  now: Date,
  defaults: PolicyRules,
): Promise<SessionRequest> {
  const at = now.toISOString();
  return changeRequest(db, user, requestId, at, defaults, (request, policy) => {
    if (request.educatorId !== user.id) throw notFound('request');
    requireAllowed('attendance', request, user, at, policy);
    return [
      db
        .update(r)
        .set({ attended, updatedAt: at, op: newId() })
        .where(and(eq(r.id, requestId), stillAllowed('attendance', 'educator', request.status, at, policy))),
    ];
  });
}

/** The caller's requests as a student, newest first. */
export function listMyRequests(
  db: Database,
  user: User,
  query: PageQuery & { status?: RequestStatus },
  now: Date,
  defaults: PolicyRules,
): Promise<Page<SessionRequest>> {
  return requestPage(
    db,
    user,
    defaults,
    now.toISOString(),
    eq(r.studentId, user.id),
    query.status,
    { key: 'createdAt', descending: true },
    query,
  );
}

/** Requests on the caller's slots, by session start; `from`/`to` keep the sessions overlapping that window. */
export function listEducatorRequests(
  db: Database,
  user: User,
  query: PageQuery & TimeWindow & { status?: RequestStatus; courseId?: string },
  now: Date,
  defaults: PolicyRules,
): Promise<Page<SessionRequest>> {
  const scope = and(
    eq(r.educatorId, user.id),
    query.courseId ? eq(r.courseId, query.courseId) : undefined,
    query.from ? and(gt(r.endsAt, query.from), gt(r.startsAt, addMs(query.from, -MAX_SLOT_MS))) : undefined,
    query.to ? lt(r.startsAt, query.to) : undefined,
  );
  return requestPage(db, user, defaults, now.toISOString(), scope, query.status, { key: 'startsAt', descending: false }, query);
}

/** A request as its student or educator sees it; 404 for anyone else. */
export async function getOwnRequest(
  db: Database,
  user: User,
  requestId: string,
  now: Date,
  defaults: PolicyRules,
): Promise<SessionRequest> {
  const at = now.toISOString();
  const request = await findOwnRequest(db, user, requestId, at);
  return withActions(request, user, at, await policyOf(db, request.courseId, defaults));
}
