// Moving a session (SPEC §10): a pending request moves at once; an approved session stays approved until
// the educator decides on the move; to an instant slot it happens at once; and what may not be moved.
import { beforeEach, describe, expect, it } from 'vitest';
import { at, DEFAULT_POLICY, setup, type TestApi, type TestUser, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const move = (requestId: string, slotId: string, who: TestUser = users.student) =>
  api.post(`/api/session/reschedule/${requestId}`, who, { slotId, message: 'Thursday suits me better' });
const mine = async (id: string) =>
  (await api.get('/api/session/my-requests?limit=200', users.student)).body.items.find((r: { id: string }) => r.id === id);
const openSlotIds = async () =>
  (await api.get('/api/availability/course/c-101', users.otherStudent)).body.items.map((s: { id: string }) => s.id);

describe('POST /api/session/reschedule/:requestId', () => {
  it('moves a pending request at once: the original is cancelled as moved, the new one pending', async () => {
    const [from, to] = [await api.slot(24), await api.slot(48)];
    const original = await api.request(from.id);
    const res = await move(original.id, to.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slotId: to.id,
      status: 'pending',
      replaces: original.id,
      replacedBy: null,
      message: 'Thursday suits me better',
    });
    expect(await mine(original.id)).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'student',
      cancellationReason: 'Moved to another time.',
      replacedBy: res.body.id,
    });
  });

  it('keeps an approved session, its slot booked, until the educator approves the move; then swaps them in one step', async () => {
    const [from, to] = [await api.slot(24), await api.slot(48)];
    const session = await api.approve((await api.request(from.id)).id);
    expect((await mine(session.id)).actions).toEqual(['cancel', 'reschedule', 'calendar']);
    const moved = await move(session.id, to.id);
    expect(moved.body).toMatchObject({ status: 'pending', replaces: session.id });
    // While the move waits, the session can be cancelled but not moved again.
    expect(await mine(session.id)).toMatchObject({ status: 'approved', replacedBy: null, actions: ['cancel', 'calendar'] });
    expect(await mine(session.id)).not.toHaveProperty('movePending');
    expect(await openSlotIds()).not.toContain(from.id);
    const approved = await api.approve(moved.body.id);
    expect(approved).toMatchObject({ status: 'approved', replaces: session.id });
    expect(await mine(session.id)).toMatchObject({ status: 'cancelled', cancelledBy: 'student', replacedBy: moved.body.id });
    expect(await openSlotIds()).toContain(from.id);
    expect(await openSlotIds()).not.toContain(to.id);
  });

  it('leaves the approved session exactly as it was when the educator rejects the move', async () => {
    const [from, to] = [await api.slot(24), await api.slot(48)];
    const session = await api.approve((await api.request(from.id)).id);
    const before = await mine(session.id);
    const moved = await move(session.id, to.id);
    await api.put(`/api/session/reject/${moved.body.id}`, users.educator, { reason: 'That day is full' });
    expect(await mine(session.id)).toEqual(before);
  });

  it('to an instant slot, moves an approved session at once and opens its old slot', async () => {
    const from = await api.slot(24);
    const instant = await api.post('/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(48),
      endsAt: at(49),
      instant: true,
      meetingLink: 'https://meet.example.com/now',
    });
    const session = await api.approve((await api.request(from.id)).id);
    const moved = await move(session.id, instant.body.id);
    expect(moved.body).toMatchObject({ status: 'approved', meetingLink: 'https://meet.example.com/now', replaces: session.id });
    expect(await mine(session.id)).toMatchObject({ status: 'cancelled', replacedBy: moved.body.id });
    expect(await openSlotIds()).toContain(from.id);
  });

  it('refuses what may not be moved, in the contract’s terms', async () => {
    const [a, b, c] = [await api.slot(24), await api.slot(48), await api.slot(72, 1, users.educator, 'c-101')];
    const other = await api.slot(30, 1, { sub: 'ed-9', courses: [{ id: 'c-999', role: 'educator' }] }, 'c-999');
    const session = await api.approve((await api.request(a.id)).id);
    expect((await move(session.id, other.id)).body.code).toBe('slot_unavailable');
    expect((await move(session.id, session.slotId)).body.code).toBe('duplicate_request');
    await move(session.id, b.id);
    expect((await move(session.id, c.id)).body.code).toBe('duplicate_request');
    expect((await move(session.id, c.id, users.educator)).status).toBe(404);
    expect((await move(session.id, c.id, users.otherStudent)).status).toBe(404);
    const rejected = await api.request(c.id, users.otherStudent);
    await api.put(`/api/session/reject/${rejected.id}`, users.educator, { reason: 'No' });
    expect((await move(rejected.id, b.id, users.otherStudent)).body.code).toBe('invalid_state');
  });

  it('refuses to move again a request that was moved already: its state, not its successor, decides', async () => {
    const [a, b, c] = [await api.slot(24), await api.slot(48), await api.slot(72)];
    const original = await api.request(a.id);
    expect((await move(original.id, b.id)).status).toBe(201);
    const again = await move(original.id, c.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_state');
  });

  it("applies the course's cancellation notice to an approved session", async () => {
    const noticed = await setup({ config: { policy: { ...DEFAULT_POLICY, cancelNoticeMinutes: 180 } } });
    const session = await noticed.approve((await noticed.request((await noticed.slot(2)).id)).id);
    const later = await noticed.slot(48);
    const res = await noticed.post(`/api/session/reschedule/${session.id}`, users.student, { slotId: later.id });
    expect(res.body.code).toBe('too_late_to_cancel');
  });
});
