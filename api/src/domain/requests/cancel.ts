// Calling a request off before it starts: its student withdraws it, or the educator cancels an approved
// session with a reason; cancelling an approved session opens its slot again.
import type { SessionRequest } from '@one-on-one/contract/resources';
import { and, eq } from 'drizzle-orm';
import { sessionRequests as r, slots as s } from '../../db/schema.ts';
import { newId } from '../atomic.ts';
import { invalidField } from '../errors.ts';
import { recordRequestEvents, recordSlotEvent, requestClaimed } from '../events.ts';
import { stillAllowed } from '../rule-guards.ts';
import { recordOpenings } from '../waitlist/openings.ts';
import { changeRequest, type RequestContext, requireAllowed } from './core.ts';

/** `PUT /api/session/cancel/:requestId`: an educator must give a reason; a student may. */
export function cancelRequest(ctx: RequestContext, requestId: string, reason: string | undefined): Promise<SessionRequest> {
  const { db, at } = ctx;
  return changeRequest(ctx, requestId, ({ request, party }, policy) => {
    if (party === 'educator' && !reason) throw invalidField('reason', 'Required when an educator cancels a session');
    requireAllowed('cancel', request, ctx, policy);
    const op = newId();
    const reopensSlot = request.status === 'approved';
    return [
      db
        .update(r)
        .set({ status: 'cancelled', cancellationReason: reason ?? null, cancelledBy: party, updatedAt: at, op })
        .where(and(eq(r.id, requestId), stillAllowed('cancel', party, request.status, at, policy))),
      recordRequestEvents('request.cancelled', op, at, eq(r.id, requestId)),
      ...(reopensSlot
        ? [
            db
              .update(s)
              .set({ updatedAt: at, op })
              .where(and(eq(s.id, request.slotId), requestClaimed(requestId, op))),
            recordSlotEvent('slot.updated', op, at, request.slotId),
            recordOpenings(op, at, eq(s.id, request.slotId)),
          ]
        : []),
    ];
  });
}
