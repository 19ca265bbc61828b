// The session rules of SPEC §5–6: requesting, deciding, cancelling, derived states and calendars.
import { beforeEach, describe, expect, it } from 'vitest';
import { at, DEFAULT_POLICY, NOW, setup, student, type TestApi, type TestUser, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const requestSlot = (slotId: string, who: TestUser = users.student, extra: Record<string, unknown> = {}) =>
  api.post('/api/session/request', who, { slotId, ...extra });
const approve = (id: string, meetingLink = 'https://meet.example.com/abc', who: TestUser = users.educator) =>
  api.put(`/api/session/approve/${id}`, who, { meetingLink });
const reject = (id: string, reason: unknown = 'Not this week', who: TestUser = users.educator) =>
  api.put(`/api/session/reject/${id}`, who, { reason });
const cancel = (id: string, who: TestUser = users.student, body: Record<string, unknown> = {}) =>
  api.put(`/api/session/cancel/${id}`, who, body);

describe('POST /api/session/request', () => {
  it('creates a pending request carrying the slot, names and message', async () => {
    const slot = await api.slot(24);
    const res = await requestSlot(slot.id, users.student, { message: 'I am stuck on heaps' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slotId: slot.id,
      courseId: 'c-101',
      courseTitle: 'Intro to Algorithms',
      educatorId: 'ed-1',
      educatorName: 'Grace Hopper',
      studentId: 'st-1',
      studentName: 'Ada Lovelace',
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      message: 'I am stuck on heaps',
      status: 'pending',
      meetingLink: null,
      rejectionReason: null,
      cancellationReason: null,
      cancelledBy: null,
      decidedAt: null,
      createdAt: NOW.toISOString(),
    });
  });

  it('lets several students request the same open slot', async () => {
    const slot = await api.slot(24);
    expect((await requestSlot(slot.id, users.student)).status).toBe(201);
    expect((await requestSlot(slot.id, users.otherStudent)).status).toBe(201);
    const slots = await api.get('/api/availability/educator/slots', users.educator);
    expect(slots.body.items[0].pendingCount).toBe(2);
  });

  it('refuses a message over 1000 characters', async () => {
    const slot = await api.slot(24);
    const res = await requestSlot(slot.id, users.student, { message: 'x'.repeat(1001) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('message');
  });

  it('answers 404 for an unknown slot and 403 outside the course or as its educator', async () => {
    const slot = await api.slot(24);
    expect((await requestSlot('no-such-slot')).status).toBe(404);
    expect((await requestSlot(slot.id, users.stranger)).status).toBe(403);
    expect((await requestSlot(slot.id, users.otherEducator)).body.code).toBe('forbidden');
  });

  it('refuses a second active request for the same slot', async () => {
    const slot = await api.slot(24);
    await requestSlot(slot.id);
    const res = await requestSlot(slot.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('duplicate_request');
  });

  it('allows asking again after withdrawing', async () => {
    const slot = await api.slot(24);
    const first = await requestSlot(slot.id);
    await cancel(first.body.id);
    expect((await requestSlot(slot.id)).status).toBe(201);
  });

  it.each([
    ['booked', async (api: TestApi, id: string) => api.approve((await api.request(id, users.otherStudent)).id)],
    ['deleted', async (api: TestApi, id: string) => api.del(`/api/availability/delete/${id}`, users.educator)],
    ['already started', async (api: TestApi) => api.setNow(at(24.1))],
  ])('refuses a slot that is %s', async (_, makeUnavailable) => {
    const slot = await api.slot(24);
    await makeUnavailable(api, slot.id);
    const res = await requestSlot(slot.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('slot_unavailable');
  });

  it("refuses a slot to its own educator, even with a token that also lists the course as a student's", async () => {
    const both: TestUser = {
      sub: users.educator.sub,
      name: users.educator.name,
      courses: [...users.educator.courses, { id: 'c-101', role: 'student' }],
    };
    const slot = await api.slot(24, 1, both);
    const res = await api.post('/api/session/request', both, { slotId: slot.id });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('slot_unavailable');
    expect((await api.get('/api/session/educator/requests', both)).body.items).toEqual([]);
  });

  it('refuses a slot inside the minimum notice', async () => {
    const noticed = await setup({
      config: { policy: { ...DEFAULT_POLICY, minNoticeMinutes: 60, maxPendingPerStudent: 5, cancelNoticeMinutes: 0 } },
    });
    const soon = await noticed.slot(0.5);
    const res = await noticed.post('/api/session/request', users.student, { slotId: soon.id });
    expect(res.body.code).toBe('slot_unavailable');
    const later = await noticed.slot(2);
    expect((await noticed.post('/api/session/request', users.student, { slotId: later.id })).status).toBe(201);
  });

  it('limits the pending requests one student holds in one course, counting only upcoming ones', async () => {
    const limited = await setup({
      config: { policy: { ...DEFAULT_POLICY, minNoticeMinutes: 0, maxPendingPerStudent: 2, cancelNoticeMinutes: 0 } },
    });
    const [a, b, c] = [await limited.slot(1), await limited.slot(24), await limited.slot(48)];
    await limited.request(a.id);
    await limited.request(b.id);
    const refused = await limited.post('/api/session/request', users.student, { slotId: c.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('pending_limit');
    limited.setNow(at(1.5));
    expect((await limited.post('/api/session/request', users.student, { slotId: c.id })).status).toBe(201);
  });

  it('reports duplicate before unavailable, and unavailable before the pending limit', async () => {
    const limited = await setup({
      config: { policy: { ...DEFAULT_POLICY, minNoticeMinutes: 0, maxPendingPerStudent: 1, cancelNoticeMinutes: 0 } },
    });
    const slot = await limited.slot(24);
    await limited.request(slot.id);
    await limited.approve((await limited.request(slot.id, users.otherStudent)).id);
    const again = await limited.post('/api/session/request', users.otherStudent, { slotId: slot.id });
    expect(again.body.code).toBe('duplicate_request');
    const other = await limited.slot(30);
    await limited.request(other.id, student(1));
    const booked = await limited.post('/api/session/request', student(1), { slotId: slot.id });
    expect(booked.body.code).toBe('slot_unavailable');
  });
});

describe('PUT /api/session/approve/:requestId', () => {
  it('approves with the link, books the slot and rejects the other pending requests', async () => {
    const slot = await api.slot(24);
    const mine = await api.request(slot.id);
    const theirs = await api.request(slot.id, users.otherStudent);
    const res = await approve(mine.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      meetingLink: 'https://meet.example.com/abc',
      decidedAt: NOW.toISOString(),
    });
    const other = await api.get('/api/session/my-requests', users.otherStudent);
    expect(other.body.items[0]).toMatchObject({
      id: theirs.id,
      status: 'rejected',
      rejectionReason: 'Another student was booked for this time.',
      meetingLink: null,
    });
    const slots = await api.get('/api/availability/educator/slots', users.educator);
    expect(slots.body.items[0]).toMatchObject({ status: 'booked', pendingCount: 0 });
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['http:', 'http://meet.example.com/abc'],
    ['host-less', 'https://'],
    ['relative', 'meet.example.com/abc'],
    ['with spaces', 'https://meet.example.com/a b'],
    ['over 2048 characters', `https://meet.example.com/${'a'.repeat(2030)}`],
  ])('refuses a %s meeting link', async (_, link) => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const res = await approve(request.id, link);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('meetingLink');
  });

  it('needs a pending request whose slot has not started', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await approve(request.id);
    expect((await approve(request.id)).body.code).toBe('invalid_state');
    const later = await api.slot(48);
    const expired = await api.request(later.id);
    api.setNow(at(48));
    const res = await approve(expired.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('invalid_state');
  });

  it("answers 404 to the request's student and to other educators", async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    expect((await approve(request.id, undefined, users.student)).status).toBe(404);
    expect((await approve(request.id, undefined, users.otherEducator)).status).toBe(404);
    expect((await approve('nope')).status).toBe(404);
  });
});

describe('PUT /api/session/reject/:requestId', () => {
  it('rejects with a trimmed reason', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const res = await reject(request.id, '  Please pick a later week  ');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Please pick a later week',
      decidedAt: NOW.toISOString(),
    });
  });

  it.each([
    ['empty', { reason: '' }],
    ['blank', { reason: '   ' }],
    ['missing', {}],
    ['over 1000 characters', { reason: 'x'.repeat(1001) }],
    ['not a string', { reason: 42 }],
  ])('refuses a reason that is %s', async (_, body) => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const res = await api.put(`/api/session/reject/${request.id}`, users.educator, body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('reason');
  });

  it('needs a pending request', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await reject(request.id);
    expect((await reject(request.id)).body.code).toBe('invalid_state');
  });
});

describe('PUT /api/session/cancel/:requestId', () => {
  it('lets the student withdraw a pending request, with or without a reason', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    const res = await cancel(request.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'student', cancellationReason: null });
  });

  it('reopens the slot when the student cancels an approved session', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    const res = await cancel(request.id, users.student, { reason: 'I found the answer' });
    expect(res.body).toMatchObject({ status: 'cancelled', cancellationReason: 'I found the answer', cancelledBy: 'student' });
    const open = await api.get('/api/availability/course/c-101', users.otherStudent);
    expect(open.body.items.map((s: { id: string }) => s.id)).toEqual([slot.id]);
    expect((await api.post('/api/session/request', users.otherStudent, { slotId: slot.id })).status).toBe(201);
  });

  it('lets the educator call off an approved session with a reason, and only with one', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    const blank = await cancel(request.id, users.educator, { reason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0].path).toBe('reason');
    const res = await cancel(request.id, users.educator, { reason: 'I am ill' });
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'educator', cancellationReason: 'I am ill' });
    const slots = await api.get('/api/availability/educator/slots', users.educator);
    expect(slots.body.items[0].status).toBe('open');
  });

  it('does not let the educator cancel a pending request (that is a rejection)', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    expect((await cancel(request.id, users.educator, { reason: 'No' })).body.code).toBe('invalid_state');
  });

  it('refuses once the session has started, and for decided requests', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    api.setNow(at(24.5));
    expect((await cancel(request.id)).body.code).toBe('invalid_state');
    expect((await cancel(request.id, users.educator, { reason: 'Late' })).body.code).toBe('invalid_state');
    api.setNow(NOW);
    const other = await api.slot(48);
    const rejected = await api.request(other.id);
    await reject(rejected.id);
    expect((await cancel(rejected.id)).body.code).toBe('invalid_state');
  });

  it('answers 404 to anyone but its student and educator', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    expect((await cancel(request.id, users.otherStudent)).status).toBe(404);
    expect((await cancel(request.id, users.otherEducator, { reason: 'x' })).status).toBe(404);
  });
});

describe('lists and derived states', () => {
  it('lists my requests newest first, filtered by status', async () => {
    const a = await api.request((await api.slot(24)).id);
    api.setNow(at(1));
    const b = await api.request((await api.slot(48)).id);
    await api.approve(b.id);
    const all = await api.get('/api/session/my-requests', users.student);
    expect(all.body.items.map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);
    const approved = await api.get('/api/session/my-requests?status=approved', users.student);
    expect(approved.body.items.map((r: { id: string }) => r.id)).toEqual([b.id]);
    expect((await api.get('/api/session/my-requests?status=maybe', users.student)).status).toBe(400);
  });

  it("lists the educator's requests by start time, filtered by status and course", async () => {
    const later = await api.request((await api.slot(48)).id);
    const sooner = await api.request((await api.slot(24)).id, users.otherStudent);
    await api.request((await api.slot(30, 1, users.otherEducator)).id);
    const res = await api.get('/api/session/educator/requests', users.educator);
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([sooner.id, later.id]);
    expect((await api.get('/api/session/educator/requests?courseId=c-200', users.educator)).body.items).toEqual([]);
    expect(
      (await api.get('/api/session/educator/requests?status=pending&courseId=c-101', users.educator)).body.items,
    ).toHaveLength(2);
  });

  it('reports an approved session as completed once it has ended, in lists and filters', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    api.setNow(at(24.5));
    expect((await api.get('/api/session/my-requests', users.student)).body.items[0].status).toBe('approved');
    api.setNow(at(25));
    expect((await api.get('/api/session/my-requests', users.student)).body.items[0].status).toBe('completed');
    expect((await api.get('/api/session/my-requests?status=completed', users.student)).body.items).toHaveLength(1);
    expect((await api.get('/api/session/educator/requests?status=approved', users.educator)).body.items).toHaveLength(0);
    const slots = await api.get(`/api/availability/educator/slots?from=${at(0)}`, users.educator);
    expect(slots.body.items[0].status).toBe('booked');
  });

  it('reports a pending request whose start passed as rejected, with the reason', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    api.setNow(at(24));
    const res = await api.get('/api/session/educator/requests?status=rejected', users.educator);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: request.id,
        status: 'rejected',
        rejectionReason: 'Not approved before the session started.',
        decidedAt: slot.startsAt,
      }),
    ]);
    expect((await api.get('/api/session/my-requests?status=pending', users.student)).body.items).toEqual([]);
    const slots = await api.get(`/api/availability/educator/slots?from=${at(0)}`, users.educator);
    expect(slots.body.items[0]).toMatchObject({ status: 'past', pendingCount: 0 });
  });
});

describe('GET /api/session/calendar/:requestId', () => {
  it('gives the approved session as iCalendar with a stable UID and the link as location and URL', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    const res = await api.get(`/api/session/calendar/${request.id}`, users.student);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/calendar/);
    expect(res.body).toContain(`UID:${request.id}@one-on-one`);
    expect(res.body).toContain('STATUS:CONFIRMED');
    expect(res.body).toContain('SEQUENCE:0');
    expect(res.body).toContain('DTSTART:20261202T090000Z');
    expect(res.body).toContain('LOCATION:https://meet.example.com/abc');
    expect(res.body).toContain('SUMMARY:One-on-one: Intro to Algorithms with Grace Hopper');
    const educators = await api.get(`/api/session/calendar/${request.id}`, users.educator);
    expect(educators.body).toContain('with Ada Lovelace');
  });

  it('marks a session cancelled after approval as CANCELLED with a higher SEQUENCE', async () => {
    const slot = await api.slot(24);
    const request = await api.request(slot.id);
    await api.approve(request.id);
    await cancel(request.id, users.educator, { reason: 'I am ill' });
    const res = await api.get(`/api/session/calendar/${request.id}`, users.student);
    expect(res.body).toContain(`UID:${request.id}@one-on-one`);
    expect(res.body).toContain('STATUS:CANCELLED');
    expect(res.body).toContain('SEQUENCE:1');
  });

  it('still gives a completed session', async () => {
    const request = await api.request((await api.slot(24)).id);
    await api.approve(request.id);
    api.setNow(at(26));
    expect((await api.get(`/api/session/calendar/${request.id}`, users.student)).status).toBe(200);
  });

  it('refuses pending, rejected and withdrawn-while-pending requests, and hides others’ sessions', async () => {
    const request = await api.request((await api.slot(24)).id);
    const pending = await api.get(`/api/session/calendar/${request.id}`, users.student);
    expect(pending.status).toBe(409);
    expect(pending.body.code).toBe('invalid_state');
    await cancel(request.id);
    expect((await api.get(`/api/session/calendar/${request.id}`, users.student)).status).toBe(409);
    expect((await api.get(`/api/session/calendar/${request.id}`, users.otherStudent)).status).toBe(404);
  });
});

describe('GET /api/me', () => {
  it('returns the caller from the token', async () => {
    const res = await api.get('/api/me', users.student);
    expect(res.body).toEqual({ id: 'st-1', name: 'Ada Lovelace', courses: users.student.courses });
  });
});

describe('PUT /api/session/attendance/:requestId', () => {
  it("records whether the student came, once the approved session has started, for its student's eyes too", async () => {
    const slot = await api.slot(1);
    const session = await api.approve((await api.request(slot.id)).id);
    expect(session.attended).toBeNull();
    const early = await api.put(`/api/session/attendance/${session.id}`, users.educator, { attended: true });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('invalid_state');
    api.setNow(at(1.25));
    const recorded = await api.put(`/api/session/attendance/${session.id}`, users.educator, { attended: false });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ attended: false, status: 'approved', actions: ['attendance', 'calendar'] });
    api.setNow(at(3));
    const corrected = await api.put(`/api/session/attendance/${session.id}`, users.educator, { attended: true });
    expect(corrected.body).toMatchObject({ attended: true, status: 'completed' });
    const seen = (await api.get('/api/session/my-requests', users.student)).body.items[0];
    expect(seen).toMatchObject({ attended: true, actions: ['calendar'] });
  });

  it('is the educator’s alone, needs a boolean, and has nothing to record for a request that was never approved', async () => {
    const slot = await api.slot(1);
    const session = await api.approve((await api.request(slot.id)).id);
    const pending = await api.request((await api.slot(2)).id);
    api.setNow(at(2.5));
    expect((await api.put(`/api/session/attendance/${session.id}`, users.student, { attended: true })).status).toBe(404);
    expect((await api.put(`/api/session/attendance/${session.id}`, users.otherEducator, { attended: true })).status).toBe(404);
    expect((await api.put(`/api/session/attendance/${session.id}`, users.educator, { attended: 'yes' })).status).toBe(400);
    const expired = await api.put(`/api/session/attendance/${pending.id}`, users.educator, { attended: true });
    expect(expired.body.code).toBe('invalid_state');
  });
});
