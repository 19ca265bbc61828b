// Course policy (SPEC §9): the environment gives the defaults, a course's educators change them, and each
// rule takes effect on listing, requesting and cancelling in that course alone.
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { at, DEFAULT_POLICY, setup, student, type TestApi, users } from './helpers.ts';
import { streamOf } from './sse.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const policyPath = '/api/courses/c-101/policy';
const setPolicy = (change: object) => api.put(policyPath, users.educator, change);

describe('GET and PUT /api/courses/:courseId/policy', () => {
  it('shows every member the defaults until an educator sets some, and who did', async () => {
    const initial = await api.get(policyPath, users.student);
    expect(initial.body).toEqual({ courseId: 'c-101', ...DEFAULT_POLICY, updatedAt: null, updatedBy: null });
    const changed = await setPolicy({ cancelNoticeMinutes: 120, maxUpcomingPerStudent: 2 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      cancelNoticeMinutes: 120,
      maxUpcomingPerStudent: 2,
      minNoticeMinutes: 0,
      updatedBy: 'ed-1',
    });
    expect(changed.body.updatedAt).toBe(at(0));
    const reset = await setPolicy({ cancelNoticeMinutes: null });
    expect(reset.body).toMatchObject({ cancelNoticeMinutes: 0, maxUpcomingPerStudent: 2 });
    expect((await api.get(policyPath, users.otherStudent)).body).toEqual(reset.body);
  });

  it('is set by the course’s educators only, within each field’s range', async () => {
    expect((await api.put(policyPath, users.student, { maxDaysAhead: 7 })).body.code).toBe('forbidden');
    expect((await api.get(policyPath, users.stranger)).status).toBe(403);
    for (const [field, value] of [
      ['minNoticeMinutes', -1],
      ['maxDaysAhead', 0],
      ['maxDaysAhead', 367],
      ['cancelNoticeMinutes', 43_201],
      ['maxPendingPerStudent', 0],
      ['maxUpcomingPerStudent', 101],
      ['maxDaysAhead', 1.5],
      ['attendanceGoal', 0],
      ['attendanceGoal', 101],
      ['attendanceGoal', 2.5],
      ['attendanceGoal', '3'],
    ] as const) {
      const res = await setPolicy({ [field]: value });
      expect(res.status, `${field} ${value}`).toBe(400);
      expect(res.body.errors[0].path).toBe(field);
    }
    expect((await setPolicy({ color: 'blue' })).status).toBe(400);
  });

  it('keeps an attendance goal of 1 to 100, 1 until an educator sets it, and null puts it back', async () => {
    expect((await api.get(policyPath, users.student)).body.attendanceGoal).toBe(1);
    for (const goal of [1, 100, 12]) {
      const res = await setPolicy({ attendanceGoal: goal });
      expect(res.status).toBe(200);
      expect(res.body.attendanceGoal).toBe(goal);
    }
    expect((await api.get(policyPath, users.student)).body).toMatchObject({ attendanceGoal: 12, maxDaysAhead: 366 });
    expect((await setPolicy({ attendanceGoal: null })).body.attendanceGoal).toBe(1);
    expect((await api.put(policyPath, users.student, { attendanceGoal: 5 })).body.code).toBe('forbidden');
  });
});

describe('the rules in effect', () => {
  it('keeps slots outside the booking window from the listing and from requests', async () => {
    await setPolicy({ minNoticeMinutes: 180, maxDaysAhead: 2 });
    const [soon, fine, far] = [await api.slot(1), await api.slot(24), await api.slot(72)];
    const listed = (await api.get('/api/availability/course/c-101', users.student)).body.items.map(
      (slot: { id: string }) => slot.id,
    );
    expect(listed).toEqual([fine.id]);
    for (const slot of [soon, far]) {
      const res = await api.post('/api/session/request', users.student, { slotId: slot.id });
      expect(res.body.code).toBe('slot_unavailable');
    }
    expect((await api.post('/api/session/request', users.student, { slotId: fine.id })).status).toBe(201);
  });

  it('limits pending requests, then upcoming sessions, per student, in this order', async () => {
    await setPolicy({ maxPendingPerStudent: 2, maxUpcomingPerStudent: 3 });
    const slots = [];
    for (let n = 0; n < 5; n++) slots.push(await api.slot(24 + 2 * n));
    await api.approve((await api.request(slots[0].id)).id);
    await api.request(slots[1].id);
    await api.request(slots[2].id);
    const pending = await api.post('/api/session/request', users.student, { slotId: slots[3].id });
    expect(pending.body.code).toBe('pending_limit');
    await api.put(
      `/api/session/reject/${(await api.get('/api/session/my-requests?status=pending', users.student)).body.items[0].id}`,
      users.educator,
      { reason: 'Full' },
    );
    await api.approve((await api.get('/api/session/my-requests?status=pending', users.student)).body.items[0].id);
    await api.request(slots[3].id);
    const upcoming = await api.post('/api/session/request', users.student, { slotId: slots[4].id });
    expect(upcoming.status).toBe(409);
    expect(upcoming.body.code).toBe('upcoming_limit');
    expect((await api.post('/api/session/request', student(1), { slotId: slots[4].id })).status).toBe(201);
  });

  it("applies the course's cancellation notice to its students, in results, lists and live events", async () => {
    await setPolicy({ cancelNoticeMinutes: 240 });
    const request = await api.request((await api.slot(3)).id);
    const stream = await streamOf(api, users.student);
    const session = await api.approve(request.id);
    const heard = JSON.parse((await stream.next((event) => event.event === 'request.approved')).data ?? '');
    expect(heard.actions).toEqual(['calendar']);
    stream.close();
    const mine = (await api.get('/api/session/my-requests', users.student)).body.items[0];
    expect(mine.actions).toEqual(['calendar']);
    const refused = await api.put(`/api/session/cancel/${session.id}`, users.student, {});
    expect(refused.body.code).toBe('too_late_to_cancel');
    await setPolicy({ cancelNoticeMinutes: null });
    expect((await api.put(`/api/session/cancel/${session.id}`, users.student, {})).status).toBe(200);
  });
});

describe('defaults from the environment', () => {
  it('reads them, and refuses to start with one outside its range, in one line', () => {
    const config = loadConfig({
      BOOKING_MIN_NOTICE_MINUTES: '30',
      MAX_DAYS_AHEAD: '90',
      MAX_UPCOMING_PER_COURSE: '4',
      CANCEL_MIN_NOTICE_MINUTES: '60',
    });
    expect(config.policy).toEqual({
      minNoticeMinutes: 30,
      maxDaysAhead: 90,
      cancelNoticeMinutes: 60,
      maxPendingPerStudent: 5,
      maxUpcomingPerStudent: 4,
      attendanceGoal: 1,
    });
    for (const env of [{ MAX_DAYS_AHEAD: '0' }, { MAX_PENDING_PER_COURSE: '101' }, { CANCEL_MIN_NOTICE_MINUTES: '-5' }]) {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${Object.keys(env)[0]}: `));
    }
  });
});
