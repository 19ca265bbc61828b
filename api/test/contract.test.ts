// The contract package is the one definition of what the API serves: the stored columns and the
// resource agree field for field, and real responses parse with the contract's schemas, no field more.
import { CourseSlot, Policy, SessionRequest, Slot } from '@one-on-one/contract/resources';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { sessionRequests, slots } from '../src/db/schema.ts';
import type { requestColumns } from '../src/domain/views.ts';
import { setup, users } from './helpers.ts';

/** Columns that only the storage has: the write marker, the soft delete, the expiry sweep's mark, the grade mark. */
type Bookkeeping = 'op' | 'deletedAt' | 'expiryRecordedAt' | 'gradeMark';

describe('the contract', () => {
  it('names every stored request column in the resource, and the views read every resource field', () => {
    // `gradeSync` is derived from the gradebook outbox and the grade mark.
    expectTypeOf<keyof Omit<typeof sessionRequests.$inferSelect, Bookkeeping>>().toEqualTypeOf<
      Exclude<keyof SessionRequest, 'actions' | 'gradeSync'>
    >();
    expectTypeOf<keyof ReturnType<typeof requestColumns>>().toEqualTypeOf<Exclude<keyof SessionRequest, 'actions'>>();
    expectTypeOf<keyof Omit<typeof slots.$inferSelect, Bookkeeping>>().toEqualTypeOf<
      Exclude<keyof Slot, 'status' | 'pendingCount'>
    >();
  });

  it('serves slots, course slots, requests and policies exactly as the contract defines them', async () => {
    const api = await setup();
    const slot = await api.slot(24);
    const request = await api.request(slot.id, users.student, 'Chapter 3, please');
    const approved = await api.approve(request.id);

    expect(Slot.strict().safeParse(slot).error).toBeUndefined();
    expect(SessionRequest.strict().safeParse(request).error).toBeUndefined();
    expect(SessionRequest.strict().safeParse(approved).error).toBeUndefined();
    await api.slot(48);
    const courseSlots = await api.get('/api/availability/course/c-101', users.student);
    expect(courseSlots.body.items).toHaveLength(1);
    expect(CourseSlot.strict().safeParse(courseSlots.body.items[0]).error).toBeUndefined();
    const policy = await api.get('/api/courses/c-101/policy', users.educator);
    expect(Policy.strict().safeParse(policy.body).error).toBeUndefined();
  });
});
