// An educator decides a pending request: approving books the slot, rejects the slot's other pending requests
// and, for a move, cancels the session it replaces, all in one step; rejecting states a reason.
import type { RequestView, SessionRequest } from '@one-on-one/contract/resources';
import type { Party } from '@one-on-one/contract/vocabulary';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { sessionRequests as r, slots as s } from '../../db/schema.ts';
import { newId } from '../atomic.ts';
import { notFound } from '../errors.ts';
import { recordRequestEvents, recordSlotEvent, requestClaimed } from '../events.ts';
import type { Policy } from '../policy.ts';
import { stillAllowed } from '../rule-guards.ts';
import { findRequestView } from '../views.ts';
import { rejectOthersOfSlot } from './another-booked.ts';
import { changeRequest, type RequestContext, requireAllowed } from './core.ts';
import { approveDirectly } from './direct-approve.ts';
import { takeEffect } from './take-effect.ts';

/** The write mark of a decision and the claim its first statement makes, once the rules allow it. */
function decision(action: 'approve' | 'reject', ctx: RequestContext, request: RequestView, party: Party, policy: Policy) {
  if (party !== 'educator') throw notFound('request');
  requireAllowed(action, request, ctx, policy);
  const claim: SQL = sql`${eq(r.id, request.id)} AND ${stillAllowed(action, 'educator', request.status, ctx.at, policy)}`;
  return { op: newId(), claim };
}

/** `PUT /api/session/approve/:requestId`: books the slot with the meeting link, atomically. */
export async function approveRequest(ctx: RequestContext, requestId: string, meetingLink: string): Promise<SessionRequest> {
  // Most approvals are allowed: one batch that reads nothing first makes them. A refused one (a move among them) is
  // planned from a read, which finds the rule it breaks or applies it.
  const approved = await approveDirectly(ctx, requestId, meetingLink);
  if (approved) return approved;
  const { db, at } = ctx;
  return changeRequest(ctx, requestId, async ({ request, party }, policy) => {
    const { op, claim } = decision('approve', ctx, request, party, policy);
    const { reject, recordRejected } = rejectOthersOfSlot(db, request.slotId, requestId, op, at);
    // Approving a move cancels the session it replaces, in this same step.
    const original = request.replaces ? await findRequestView(db, request.replaces, at) : undefined;
    return [
      db
        .update(r)
        .set({ status: 'approved', meetingLink, decidedAt: at, updatedAt: at, op })
        .where(
          and(
            claim,
            sql`NOT EXISTS (SELECT 1 FROM ${r} AS booked WHERE booked.slot_id = ${request.slotId} AND booked.status = 'approved')`,
          ),
        ),
      reject,
      db
        .update(s)
        .set({ updatedAt: at, op })
        .where(and(eq(s.id, request.slotId), requestClaimed(requestId, op))),
      recordRequestEvents('request.approved', op, at, eq(r.id, requestId)),
      recordRejected,
      recordSlotEvent('slot.updated', op, at, request.slotId),
      ...(original?.status === 'approved' ? takeEffect(original, requestId, op, at) : []),
    ];
  });
}

/** `PUT /api/session/reject/:requestId`: rejects a pending request with the educator's reason. */
export function rejectRequest(ctx: RequestContext, requestId: string, reason: string): Promise<SessionRequest> {
  const { db, at } = ctx;
  return changeRequest(ctx, requestId, ({ request, party }, policy) => {
    const { op, claim } = decision('reject', ctx, request, party, policy);
    return [
      db.update(r).set({ status: 'rejected', rejectionReason: reason, decidedAt: at, updatedAt: at, op }).where(claim),
      recordRequestEvents('request.rejected', op, at, eq(r.id, requestId)),
    ];
  });
}
