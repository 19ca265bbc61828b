// A student requests a slot of a course they study in; an instant slot is booked at once.
import type { RequestSlotInput } from '@one-on-one/contract/inputs';
import type { SessionRequest } from '@one-on-one/contract/resources';
import { eq } from 'drizzle-orm';
import { slots as s } from '../../db/schema.ts';
import { applyChange, newId } from '../atomic.ts';
import { DomainError, notFound } from '../errors.ts';
import { membership } from '../identity.ts';
import { policyOf } from '../policy.ts';
import { type RequestContext, readFromBatch, requestInBatch } from './core.ts';
import { requestDirectly } from './direct-create.ts';
import { checkRequestable, makeRequest } from './requestable.ts';

/** `POST /api/session/request`: a pending request, or an approved one for an instant slot. */
export async function requestSlot(ctx: RequestContext, input: RequestSlotInput): Promise<SessionRequest> {
  // Most requests are allowed: one batch that reads nothing first makes them. A refused one is planned from a read,
  // which finds the rule it breaks (or makes it, if the state changed in between).
  const made = await requestDirectly(ctx, newId(), input.slotId, input.message);
  if (made) return made;
  const { read, results, policy } = await applyChange(ctx.db, async () => {
    const slot = await ctx.db.select().from(s).where(eq(s.id, input.slotId)).get();
    if (!slot) throw notFound('slot');
    const course = membership(ctx.user, slot.courseId, 'student');
    if (!course) throw new DomainError('forbidden', 'Only students of this course can request its slots.');
    const policy = await policyOf(ctx.db, slot.courseId, ctx.defaults);
    await checkRequestable(ctx, slot, policy);
    const id = newId();
    const read = requestInBatch(ctx, id);
    const batch = makeRequest(ctx, { id, slot, courseTitle: course.title, message: input.message, policy });
    return { batch: [...batch, read.statement], read, policy };
  });
  return readFromBatch(ctx, read, results, policy);
}
