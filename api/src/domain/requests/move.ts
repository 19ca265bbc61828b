// Moving a session to another time of the same course. A pending request moves at once; an approved
// session stays approved, its slot booked, until the educator approves the move, which then cancels it in
// the same atomic step (decide.ts); a rejected move leaves it exactly as it was.
import type { RescheduleInput } from '@one-on-one/contract/inputs';
import type { SessionRequest } from '@one-on-one/contract/resources';
import { eq, sql } from 'drizzle-orm';
import { slots as s } from '../../db/schema.ts';
import { applyChange, newId } from '../atomic.ts';
import { DomainError, notFound } from '../errors.ts';
import { policyOf } from '../policy.ts';
import { stillAllowed } from '../rule-guards.ts';
import { findOwnRequest, type RequestContext, readFromBatch, requestInBatch, requireAllowed } from './core.ts';
import { checkRequestable, makeRequest } from './requestable.ts';
import { takeEffect } from './take-effect.ts';

/** `POST /api/session/reschedule/:requestId`: the student's pending request, or approved session not yet started. */
export async function rescheduleRequest(ctx: RequestContext, requestId: string, input: RescheduleInput): Promise<SessionRequest> {
  const { db, at } = ctx;
  const id = newId();
  const read = requestInBatch(ctx, id);
  const { policy, results } = await applyChange(db, async () => {
    const { request: original, party } = await findOwnRequest(ctx, requestId);
    if (party !== 'student') throw notFound('request');
    const policy = await policyOf(db, original.courseId, ctx.defaults);
    // A session whose move already waits for the educator is refused as a duplicate; anything that cannot
    // move at all (cancelled, decided, started) as being in the wrong state, whatever moves it once had.
    const waitsForMove = original.movePending && original.status === 'approved' && original.startsAt > at;
    if (waitsForMove) throw new DomainError('duplicate_request', 'This session already has a move waiting for the educator.');
    requireAllowed('reschedule', original, ctx, policy);
    const slot = await db.select().from(s).where(eq(s.id, input.slotId)).get();
    if (!slot) throw notFound('slot');
    if (slot.courseId !== original.courseId) throw new DomainError('slot_unavailable', 'Move to a time of the same course.');
    await checkRequestable(ctx, slot, policy, original.id);
    const atOnce = original.status === 'pending' || slot.instant;
    const originalUnchanged = sql`EXISTS (SELECT 1 FROM session_requests WHERE session_requests.id = ${original.id}
      AND ${stillAllowed('reschedule', 'student', original.status, at, policy)})`;
    const made = { id, slot, courseTitle: original.courseTitle, message: input.message, policy, replaces: original.id };
    return {
      batch: [
        ...makeRequest(ctx, { ...made, alsoRequires: originalUnchanged }),
        ...(atOnce ? takeEffect(original, id, id, at) : []),
        read.statement,
      ],
      policy,
    };
  });
  return readFromBatch(ctx, read, results, policy);
}
