// The rules as one table (SPEC §10 `actions`): what each party may do with a request, in each state, before
// and after it starts, and inside the cancellation notice; the API refuses exactly what `actions` leaves out.

import { actionsFor } from '@one-on-one/contract/rules';
import { describe, expect, it } from 'vitest';
import type { RequestView } from '../src/schemas.ts';
import { at, DEFAULT_POLICY, NOW, setup, users } from './helpers.ts';

const request = (overrides: Partial<RequestView>): RequestView => ({
  id: 'r-1',
  slotId: 's-1',
  courseId: 'c-101',
  courseTitle: null,
  educatorId: 'ed-1',
  educatorName: null,
  studentId: 'st-1',
  studentName: null,
  startsAt: at(2),
  endsAt: at(3),
  message: null,
  status: 'pending',
  meetingLink: null,
  rejectionReason: null,
  cancellationReason: null,
  cancelledBy: null,
  createdAt: at(-1),
  updatedAt: at(-1),
  decidedAt: null,
  attended: null,
  replaces: null,
  replacedBy: null,
  reasonCode: null,
  gradeSync: null,
  ...overrides,
});

const approved = { status: 'approved' as const, meetingLink: 'https://meet.example.com/a' };

describe('actions', () => {
  const cases: [string, Partial<RequestView>, number, string[], string[]][] = [
    ['pending, before it starts', {}, 0, ['cancel', 'reschedule'], ['approve', 'reject']],
    ['approved, before it starts', approved, 0, ['cancel', 'reschedule', 'calendar'], ['cancel', 'calendar']],
    ['approved, inside a 3-hour cancellation notice', approved, 180, ['calendar'], ['cancel', 'calendar']],
    ['approved, in progress', { ...approved, startsAt: at(-0.5) }, 0, ['calendar'], ['attendance', 'calendar']],
    [
      'completed',
      { ...approved, status: 'completed', startsAt: at(-2), endsAt: at(-1) },
      0,
      ['calendar'],
      ['attendance', 'calendar'],
    ],
    ['rejected', { status: 'rejected' }, 0, [], []],
    ['withdrawn while pending', { status: 'cancelled', cancelledBy: 'student' }, 0, [], []],
    ['called off after approval', { ...approved, status: 'cancelled', cancelledBy: 'educator' }, 0, ['calendar'], ['calendar']],
  ];

  it.each(cases)('%s: the student and the educator may do what the rules say', (_, overrides, notice, student, educator) => {
    const now = NOW.toISOString();
    expect(actionsFor(request(overrides), 'st-1', now, { cancelNoticeMinutes: notice })).toEqual(student);
    expect(actionsFor(request(overrides), 'ed-1', now, { cancelNoticeMinutes: notice })).toEqual(educator);
    expect(actionsFor(request(overrides), 'someone-else', now, { cancelNoticeMinutes: notice })).toEqual([]);
  });
});

describe('the cancellation notice (CANCEL_MIN_NOTICE_MINUTES)', () => {
  it('stops a student cancelling an approved session that starts sooner, and says so; not a pending one, not the educator', async () => {
    const api = await setup({
      config: { policy: { ...DEFAULT_POLICY, minNoticeMinutes: 0, maxPendingPerStudent: 5, cancelNoticeMinutes: 180 } },
    });
    const soon = await api.slot(2);
    const session = await api.approve((await api.request(soon.id)).id);
    expect(session.actions).toEqual(['cancel', 'calendar']);
    const mine = (await api.get('/api/session/my-requests', users.student)).body.items[0];
    expect(mine.actions).toEqual(['calendar']);
    const late = await api.put(`/api/session/cancel/${session.id}`, users.student, {});
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('too_late_to_cancel');

    const pending = await api.request((await api.slot(4)).id);
    expect((await api.put(`/api/session/cancel/${pending.id}`, users.student, {})).status).toBe(200);
    const calledOff = await api.put(`/api/session/cancel/${session.id}`, users.educator, { reason: 'Ill today' });
    expect(calledOff.status).toBe(200);
    expect(calledOff.body.actions).toEqual(['calendar']);
  });

  it('lets the student cancel an approved session that starts later than the notice', async () => {
    const api = await setup({
      config: { policy: { ...DEFAULT_POLICY, minNoticeMinutes: 0, maxPendingPerStudent: 5, cancelNoticeMinutes: 180 } },
    });
    const session = await api.approve((await api.request((await api.slot(24)).id)).id);
    const cancelled = await api.put(`/api/session/cancel/${session.id}`, users.student, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'student', actions: ['calendar'] });
  });
});
