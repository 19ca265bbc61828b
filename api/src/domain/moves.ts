// Moving a session to another time of the same course. A pending request moves at once; an approved
// session stays approved, its slot booked, until the educator approves the move, which then cancels it in
// the same atomic step (approveRequest calls `takeEffect`); a rejected move leaves it exactly as it was.

import type { RescheduleInput } from '@one-on-one/contract/inputs';
import type { RequestView, SessionRequest } from '@one-on-one/contract/resources';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../db/client.ts';
import { sessionRequests as r, slots as s } from '../db/schema.ts';
import { applyChange, newId } from './atomic.ts';
import { DomainError, notFound } from './errors.ts';
import { recordRequestEvents, recordSlotEvent, requestClaimed } from './events.ts';
import type { User } from './identity.ts';
import { type Policy, type PolicyRules, policyOf } from './policy.ts';
import { checkRequestable, findOwnRequest, makeRequest, requireAllowed, withActions } from './requests.ts';
import { stillAllowed } from './rule-guards.ts';
import { findRequestView, type RequestFacts } from './views.ts';

/** The reason recorded on a request or session that was moved to another time. */
export const MOVED_REASON = 'Moved to another time.';

/**
 * The statements that make a move take effect once `moveId` is claimed by `op`: the original, if it is
 * still what the student held, is cancelled as moved, and an approved original's slot opens again.
 */
export function takeEffect(
  original: Pick<RequestView, 'id' | 'slotId' | 'status'>,
  moveId: string,
  op: string,
  at: string,
): Statement[] {
  const cancelled = and(eq(r.id, original.id), eq(r.op, op));
  return [
    sql`UPDATE ${r} SET status = 'cancelled', cancelled_by = 'student', cancellation_reason = ${MOVED_REASON},
      replaced_by = ${moveId}, updated_at = ${at}, op = ${op}
      WHERE ${r.id} = ${original.id} AND ${r.status} = ${original.status} AND ${r.startsAt} > ${at} AND ${requestClaimed(moveId, op)}`,
    recordRequestEvents('request.cancelled', op, at, eq(r.id, original.id)),
    // An approved original held its slot: it opens again (a pending one held nothing).
    ...(original.status === 'approved'
      ? [
          sql`UPDATE ${s} SET updated_at = ${at}, op = ${op} WHERE ${s.id} = ${original.slotId}
            AND EXISTS (SELECT 1 FROM session_requests WHERE ${cancelled})`,
          recordSlotEvent('slot.updated', op, at, original.slotId),
        ]
      : []),
  ];
}

/** A student moves their pending request, or approved session not yet started, to another slot of the course. */
export async function rescheduleRequest(
  db: Database,
  user: User,
  requestId: string,
  input: RescheduleInput,
  now: Date,
  defaults: PolicyRules,
): Promise<SessionRequest> {
  const at = now.toISOString();
  const id = newId();
  let policy: Policy | undefined;
  await applyChange(db, async () => {
    const original = await findOwnRequest(db, user, requestId, at);
    if (original.studentId !== user.id) throw notFound('request');
    policy = await policyOf(db, original.courseId, defaults);
    // Its state first: a request moved already is cancelled (invalid_state), though its successor waits. The rules
    // also refuse a session whose move waits; that is told apart as a duplicate, once the state allows a move.
    const { movePending, ...state } = original;
    requireAllowed('reschedule', state, user, at, policy);
    if (movePending) throw new DomainError('duplicate_request', 'This session already has a move waiting for the educator.');
    const slot = await db.select().from(s).where(eq(s.id, input.slotId)).get();
    if (!slot) throw notFound('slot');
    if (slot.courseId !== original.courseId) throw new DomainError('slot_unavailable', 'Move to a time of the same course.');
    await checkRequestable(db, user, slot, at, policy, original.id);
    const atOnce = original.status === 'pending' || slot.instant;
    const originalUnchanged = sql`EXISTS (SELECT 1 FROM session_requests WHERE session_requests.id = ${original.id}
      AND ${stillAllowed('reschedule', 'student', original.status, at, policy) as SQL})`;
    return [
      ...makeRequest(db, {
        id,
        slot,
        user,
        courseTitle: original.courseTitle,
        message: input.message,
        at,
        policy,
        replaces: original.id,
        alsoRequires: originalUnchanged,
      }),
      ...(atOnce ? takeEffect(original, id, id, at) : []),
    ];
  });
  return withActions((await findRequestView(db, id, at)) as RequestFacts, user, at, policy as Policy);
}
