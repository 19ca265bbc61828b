// The availability rules of SPEC §6: creating, listing, moving and deleting slots.
import { beforeEach, describe, expect, it } from 'vitest';
import { at, DEFAULT_POLICY, HOUR, MINUTE, NOW, setup, type TestApi, type TestUser, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const create = (body: Record<string, unknown>, who: TestUser = users.educator) => api.post('/api/availability/create', who, body);

describe('POST /api/availability/create', () => {
  it('publishes a slot with the names and title copied from the token', async () => {
    const res = await create({ courseId: 'c-101', startsAt: at(24), endsAt: at(25), note: 'Bring your questions' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      courseId: 'c-101',
      courseTitle: 'Intro to Algorithms',
      educatorId: 'ed-1',
      educatorName: 'Grace Hopper',
      startsAt: at(24),
      endsAt: at(25),
      note: 'Bring your questions',
      status: 'open',
      pendingCount: 0,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    expect(typeof res.body.id).toBe('string');
  });

  it('normalises times given with an offset to UTC with milliseconds', async () => {
    const res = await create({ courseId: 'c-101', startsAt: '2026-12-02T11:00:00+02:00', endsAt: '2026-12-02T11:30:00Z' });
    expect(res.status).toBe(201);
    expect(res.body.startsAt).toBe('2026-12-02T09:00:00.000Z');
    expect(res.body.endsAt).toBe('2026-12-02T11:30:00.000Z');
  });

  it('refuses a time without Z or an offset', async () => {
    const res = await create({ courseId: 'c-101', startsAt: '2026-12-02T09:00:00', endsAt: at(26) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'startsAt' })]);
  });

  it.each([
    ['starts in the past', at(-1), at(0.5), 'startsAt'],
    ['starts exactly now', at(0), at(1), 'startsAt'],
    ['is shorter than 10 minutes', at(24), new Date(NOW.getTime() + 24 * HOUR + 9 * MINUTE).toISOString(), 'endsAt'],
    ['is longer than 8 hours', at(24), at(32.01), 'endsAt'],
    ['ends before it starts', at(25), at(24), 'endsAt'],
    ['starts more than 366 days ahead', at(366 * 24 + 1), at(366 * 24 + 2), 'startsAt'],
  ])('refuses a slot that %s, naming the field', async (_, startsAt, endsAt, field) => {
    const res = await create({ courseId: 'c-101', startsAt, endsAt });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors[0].path).toBe(field);
  });

  it('accepts the limits themselves: 10 minutes, 8 hours, 366 days ahead', async () => {
    expect(
      (await create({ courseId: 'c-101', startsAt: at(24), endsAt: new Date(Date.parse(at(24)) + 10 * MINUTE).toISOString() }))
        .status,
    ).toBe(201);
    expect((await create({ courseId: 'c-101', startsAt: at(48), endsAt: at(56) })).status).toBe(201);
    expect((await create({ courseId: 'c-101', startsAt: at(366 * 24), endsAt: at(366 * 24 + 1) })).status).toBe(201);
  });

  it('refuses a note over 1000 characters', async () => {
    const res = await create({ courseId: 'c-101', startsAt: at(24), endsAt: at(25), note: 'x'.repeat(1001) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('note');
  });

  it('is forbidden in a course where the caller is not an educator', async () => {
    expect((await create({ courseId: 'c-101', startsAt: at(24), endsAt: at(25) }, users.student)).status).toBe(403);
    expect((await create({ courseId: 'c-555', startsAt: at(24), endsAt: at(25) })).status).toBe(403);
  });

  it("refuses a slot that overlaps another of the educator's live slots, in any course", async () => {
    const teachesTwo = { ...users.educator, courses: [...users.educator.courses, { id: 'c-200', role: 'educator' as const }] };
    await api.slot(24, 2, teachesTwo);
    const res = await create({ courseId: 'c-200', startsAt: at(25), endsAt: at(26) }, teachesTwo);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('slot_overlap');
  });

  it('accepts touching slots, and overlapping slots of different educators', async () => {
    await api.slot(24, 1);
    expect((await create({ courseId: 'c-101', startsAt: at(25), endsAt: at(26) })).status).toBe(201);
    expect((await create({ courseId: 'c-101', startsAt: at(23), endsAt: at(24) })).status).toBe(201);
    expect((await create({ courseId: 'c-101', startsAt: at(24), endsAt: at(25) }, users.otherEducator)).status).toBe(201);
  });

  it('frees the time of a deleted slot', async () => {
    const slot = await api.slot(24, 1);
    await api.del(`/api/availability/delete/${slot.id}`, users.educator);
    expect((await create({ courseId: 'c-101', startsAt: at(24), endsAt: at(25) })).status).toBe(201);
  });
});

describe('GET /api/availability/educator/slots', () => {
  it('lists only the caller’s own slots, by start time, with their pending counts', async () => {
    const later = await api.slot(48);
    const sooner = await api.slot(24);
    await api.slot(30, 1, users.otherEducator);
    await api.request(sooner.id);
    const res = await api.get('/api/availability/educator/slots', users.educator);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([sooner.id, later.id]);
    expect(res.body.items[0].pendingCount).toBe(1);
  });

  it('shows a slot in progress by default and hides ended ones', async () => {
    const slot = await api.slot(1, 2);
    const ended = await api.slot(5, 1);
    api.setNow(at(6.5));
    const res = await api.get('/api/availability/educator/slots', users.educator);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([]);
    api.setNow(at(2));
    const during = await api.get('/api/availability/educator/slots', users.educator);
    expect(during.body.items.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [slot.id, 'past'],
      [ended.id, 'open'],
    ]);
  });

  it('filters by course and window', async () => {
    await api.slot(24);
    const inWindow = await api.slot(48);
    const res = await api.get(`/api/availability/educator/slots?courseId=c-101&from=${at(40)}&to=${at(50)}`, users.educator);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([inWindow.id]);
    const none = await api.get('/api/availability/educator/slots?courseId=c-200', users.educator);
    expect(none.body.items).toEqual([]);
  });

  it('refuses a window whose end is before its start, and unknown parameters', async () => {
    expect((await api.get(`/api/availability/educator/slots?from=${at(50)}&to=${at(40)}`, users.educator)).status).toBe(400);
    const res = await api.get('/api/availability/educator/slots?sort=desc', users.educator);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'sort', message: 'Unknown field' }]);
  });
});

describe('GET /api/availability/course/:courseId', () => {
  it('lists open, requestable slots without pending counts, marking the ones the caller requested', async () => {
    const first = await api.slot(24);
    const second = await api.slot(48);
    await api.request(first.id);
    const res = await api.get('/api/availability/course/c-101', users.student);
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string; requestedByMe: boolean }) => [s.id, s.requestedByMe])).toEqual([
      [first.id, true],
      [second.id, false],
    ]);
    expect(res.body.items[0]).not.toHaveProperty('pendingCount');
    const other = await api.get('/api/availability/course/c-101', users.otherStudent);
    expect(other.body.items[0].requestedByMe).toBe(false);
  });

  it('leaves out booked, deleted and started slots', async () => {
    const booked = await api.slot(24);
    const deleted = await api.slot(30);
    const started = await api.slot(1);
    const open = await api.slot(48);
    await api.approve((await api.request(booked.id)).id);
    await api.del(`/api/availability/delete/${deleted.id}`, users.educator);
    api.setNow(at(1.5));
    const res = await api.get('/api/availability/course/c-101', users.student);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([open.id]);
    expect(started.id).toBeTruthy();
  });

  it('leaves out slots inside the minimum notice', async () => {
    const noticed = await setup({
      config: { policy: { ...DEFAULT_POLICY, minNoticeMinutes: 120, maxPendingPerStudent: 5, cancelNoticeMinutes: 0 } },
    });
    await noticed.slot(1);
    const ok = await noticed.slot(2);
    const res = await noticed.get('/api/availability/course/c-101', users.student);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([ok.id]);
  });

  it('is open to any role in the course and forbidden to others', async () => {
    expect((await api.get('/api/availability/course/c-101', users.otherEducator)).status).toBe(200);
    const res = await api.get('/api/availability/course/c-101', users.stranger);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });
});

describe('PUT /api/availability/update/:slotId', () => {
  it('moves a slot and keeps the fields not given', async () => {
    const slot = await api.slot(24);
    await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'Room 4' });
    api.setNow(at(1));
    const res = await api.put(`/api/availability/update/${slot.id}`, users.educator, { startsAt: at(23.5) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ startsAt: at(23.5), endsAt: at(25), note: 'Room 4', updatedAt: at(1) });
  });

  it('clears the note with null', async () => {
    const slot = await api.slot(24);
    await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'Room 4' });
    const res = await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: null });
    expect(res.body.note).toBeNull();
  });

  it('needs at least one field', async () => {
    const slot = await api.slot(24);
    const res = await api.put(`/api/availability/update/${slot.id}`, users.educator, {});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('applies the time rules to the moved slot', async () => {
    const slot = await api.slot(24);
    const res = await api.put(`/api/availability/update/${slot.id}`, users.educator, { endsAt: at(33) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('endsAt');
  });

  it('refuses a move onto another slot of the educator', async () => {
    const slot = await api.slot(24);
    await api.slot(26);
    const res = await api.put(`/api/availability/update/${slot.id}`, users.educator, { startsAt: at(25.5), endsAt: at(26.5) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('slot_overlap');
  });

  it('keeps the times of a slot with pending or approved requests, but lets the note change', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const moved = await api.put(`/api/availability/update/${slot.id}`, users.educator, { startsAt: at(30), endsAt: at(31) });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('slot_has_requests');
    await api.approve(request.id);
    expect((await api.put(`/api/availability/update/${slot.id}`, users.educator, { endsAt: at(25.5) })).body.code).toBe(
      'slot_has_requests',
    );
    expect((await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'Bring a laptop' })).status).toBe(200);
  });

  it("answers 404 for another educator's slot and for a deleted one", async () => {
    const slot = await api.slot(24);
    expect((await api.put(`/api/availability/update/${slot.id}`, users.otherEducator, { note: 'x' })).status).toBe(404);
    await api.del(`/api/availability/delete/${slot.id}`, users.educator);
    expect((await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'x' })).status).toBe(404);
  });
});

describe('DELETE /api/availability/delete/:slotId', () => {
  it('deletes a slot and rejects its pending requests with the reason', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const res = await api.del(`/api/availability/delete/${slot.id}`, users.educator);
    expect(res.status).toBe(204);
    const mine = await api.get('/api/session/my-requests', users.student);
    expect(mine.body.items[0]).toMatchObject({
      id: request.id,
      status: 'rejected',
      rejectionReason: 'The educator removed this time slot.',
      decidedAt: NOW.toISOString(),
    });
  });

  it('refuses while an approved session has not ended, and allows it after', async () => {
    const slot = await api.slot(24);
    await api.approve((await api.request(slot.id)).id);
    const refused = await api.del(`/api/availability/delete/${slot.id}`, users.educator);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('slot_has_booking');
    api.setNow(at(25));
    expect((await api.del(`/api/availability/delete/${slot.id}`, users.educator)).status).toBe(204);
    const mine = await api.get('/api/session/my-requests', users.student);
    expect(mine.body.items[0].status).toBe('completed');
  });

  it("answers 404 for another educator's slot, and for a slot already deleted", async () => {
    const slot = await api.slot(24);
    expect((await api.del(`/api/availability/delete/${slot.id}`, users.otherEducator)).status).toBe(404);
    expect((await api.del(`/api/availability/delete/${slot.id}`, users.educator)).status).toBe(204);
    expect((await api.del(`/api/availability/delete/${slot.id}`, users.educator)).status).toBe(404);
  });
});
