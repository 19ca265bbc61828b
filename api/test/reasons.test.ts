// Reasons the system writes carry a code readers translate (SPEC §17 `reasonCode`); a person's reason has none.
import { beforeEach, describe, expect, it } from 'vitest';
import { at, setup, type TestApi, type TestUser, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const mine = async (id: string, who: TestUser = users.student) =>
  (await api.get('/api/session/my-requests?limit=200', who)).body.items.find((r: { id: string }) => r.id === id);

describe('reasonCode', () => {
  it('is another_booked for the requests rejected when another student is approved', async () => {
    const slot = await api.slot(24);
    const winner = await api.request(slot.id, users.student);
    const loser = await api.request(slot.id, users.otherStudent);
    expect(loser.reasonCode).toBeNull();
    await api.approve(winner.id);
    expect(await mine(loser.id, users.otherStudent)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Another student was booked for this time.',
      reasonCode: 'another_booked',
    });
    expect(await mine(winner.id)).toMatchObject({ status: 'approved', reasonCode: null });
  });

  it('is slot_removed when the educator deletes the slot of a pending request', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    expect((await api.del(`/api/availability/delete/${slot.id}`, users.educator)).status).toBe(204);
    expect(await mine(request.id)).toMatchObject({ status: 'rejected', reasonCode: 'slot_removed' });
  });

  it('is moved on the request a move replaced', async () => {
    const [from, to] = [await api.slot(24), await api.slot(48)];
    const original = await api.request(from.id);
    const moved = await api.post(`/api/session/reschedule/${original.id}`, users.student, { slotId: to.id });
    expect(moved.body.reasonCode).toBeNull();
    expect(await mine(original.id)).toMatchObject({ status: 'cancelled', reasonCode: 'moved' });
  });

  it('is expired for a pending request whose session started undecided, in lists and events alike', async () => {
    const request = await api.request((await api.slot(2)).id);
    api.setNow(at(3));
    expect(await mine(request.id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Not approved before the session started.',
      reasonCode: 'expired',
    });
  });

  it('is null for a reason a person wrote', async () => {
    const rejected = await api.request((await api.slot(24)).id);
    await api.put(`/api/session/reject/${rejected.id}`, users.educator, { reason: 'Moved to another time.' });
    const cancelled = await api.approve((await api.request((await api.slot(48)).id)).id);
    await api.put(`/api/session/cancel/${cancelled.id}`, users.educator, { reason: 'I am ill.' });
    expect(await mine(rejected.id)).toMatchObject({ rejectionReason: 'Moved to another time.', reasonCode: null });
    expect(await mine(cancelled.id)).toMatchObject({ status: 'cancelled', reasonCode: null });
  });
});
