// The waitlist (SPEC §14): a student waits for a time to open inside their window; entries, their rules and
// their end. What the waiting students hear when a time opens is in waitlist-openings.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { waitlistEntries } from '../src/db/schema.ts';
import { claimWaitlistEmail, removeEndedEntries } from '../src/domain/waitlist/entries.ts';
import { at, NOW, setup, type TestApi, type TestUser, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const path = (courseId = 'c-101') => `/api/courses/${courseId}/waitlist`;
const join = (user: TestUser | string, body?: unknown, courseId?: string) => api.post(path(courseId), user, body);

describe('POST /api/courses/:courseId/waitlist', () => {
  it("waits over the course's whole booking window by default, and answers 201", async () => {
    const res = await join(users.student);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ courseId: 'c-101', from: NOW.toISOString(), to: at(366 * 24), createdAt: NOW.toISOString() });
  });

  it("takes the course policy's notice and reach as the default window", async () => {
    await api.put('/api/courses/c-101/policy', users.educator, { minNoticeMinutes: 90, maxDaysAhead: 14 });
    expect((await join(users.student, {})).body).toMatchObject({ from: at(1.5), to: at(14 * 24) });
    expect((await join(users.student, { from: at(48) })).body).toMatchObject({ from: at(48), to: at(14 * 24) });
    expect((await join(users.student, { to: at(72) })).body).toMatchObject({ from: at(1.5), to: at(72) });
  });

  it('replaces the window when posted again (200), keeping when the wait began', async () => {
    expect((await join(users.student, { from: at(24), to: at(48) })).status).toBe(201);
    api.setNow(at(1));
    const again = await join(users.student, { from: at(30), to: at(50) });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ courseId: 'c-101', from: at(30), to: at(50), createdAt: NOW.toISOString() });
    expect((await api.get(path(), users.student)).body).toEqual(again.body);
  });

  it('normalises times with an offset to UTC', async () => {
    const res = await join(users.student, { from: '2026-12-02T10:00:00+01:00', to: '2026-12-03T10:00:00.000+01:00' });
    expect(res.body).toMatchObject({ from: '2026-12-02T09:00:00.000Z', to: '2026-12-03T09:00:00.000Z' });
  });

  it.each([
    ['a time without an offset', { from: '2026-12-02T10:00:00' }, 'from'],
    ['not a time', { to: 'tomorrow' }, 'to'],
    ['from after to', { from: at(48), to: at(24) }, 'to'],
    ['from equal to to', { from: at(48), to: at(48) }, 'to'],
    ['a window that has ended', { from: at(-48), to: at(-1) }, 'to'],
    ['a window reaching past 366 days', { to: at(367 * 24) }, 'to'],
    ['a window starting after the booking window ends', { from: at(367 * 24) }, 'from'],
    ['an unknown field', { from: at(1), until: at(2) }, 'until'],
  ])('refuses %s with 400 naming the field', async (_, body, field) => {
    const res = await join(users.student, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it('refuses the window ending before the default start with 400 on to', async () => {
    await api.put('/api/courses/c-101/policy', users.educator, { minNoticeMinutes: 600 });
    const res = await join(users.student, { to: at(2) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'to', message: 'Must be after from' }]);
  });

  it('accepts a missing body, an empty one, and malformed JSON as 400', async () => {
    expect((await api.call('POST', path(), users.student)).status).toBe(201);
    expect((await api.call('POST', path(), users.student, '', { 'Content-Type': 'application/json' })).status).toBe(200);
    expect((await api.call('POST', path(), users.student, '{"from":', { 'Content-Type': 'application/json' })).status).toBe(400);
  });

  it('starts afresh (201) once the window of an earlier entry has ended', async () => {
    await join(users.student, { from: at(1), to: at(5) });
    api.setNow(at(6));
    const res = await join(users.student, { to: at(30) });
    expect(res.status).toBe(201);
    expect(res.body.createdAt).toBe(at(6));
  });
});

describe('who may wait', () => {
  const notStudents: [string, TestUser][] = [
    ['an educator of the course', users.educator],
    ['a student of another course', users.stranger],
  ];

  it.each(notStudents)('not %s: 403 on every method', async (_, user) => {
    expect((await join(user, {})).status).toBe(403);
    expect((await api.get(path(), user)).status).toBe(403);
    expect((await api.del(path(), user)).status).toBe(403);
    expect(await api.db.select().from(waitlistEntries)).toEqual([]);
  });

  it('checks the token, then the body, then the role', async () => {
    expect((await join('not-a-token', {})).status).toBe(401);
    expect((await api.post(path(), undefined, {})).status).toBe(401);
    expect((await join(users.stranger, { from: 'soon' })).status).toBe(400);
    expect((await join(users.stranger, { from: at(1) })).status).toBe(403);
  });

  it('keeps entries per course and per student', async () => {
    const both: TestUser = {
      sub: 'st-5',
      courses: [
        { id: 'c-101', role: 'student' },
        { id: 'c-200', role: 'student' },
      ],
    };
    await join(both, { to: at(24) });
    await join(both, { to: at(48) }, 'c-200');
    await join(users.student, { to: at(72) });
    expect((await api.get(path(), both)).body.to).toBe(at(24));
    expect((await api.get(path('c-200'), both)).body.to).toBe(at(48));
    expect((await api.get(path(), users.student)).body.to).toBe(at(72));
  });
});

describe('GET and DELETE', () => {
  it('read the entry, 404 when not waiting, and leave (204, also when not waiting)', async () => {
    expect((await api.get(path(), users.student)).status).toBe(404);
    const joined = await join(users.student, { to: at(24) });
    expect((await api.get(path(), users.student)).body).toEqual(joined.body);
    expect((await api.del(path(), users.student)).status).toBe(204);
    expect((await api.get(path(), users.student)).status).toBe(404);
    expect((await api.del(path(), users.student)).status).toBe(204);
  });

  it('answer 404 once the window has ended', async () => {
    await join(users.student, { to: at(24) });
    api.setNow(at(24));
    expect((await api.get(path(), users.student)).status).toBe(404);
  });
});

describe('the end of an entry', () => {
  it('comes when the student requests a session in the course', async () => {
    const slot = await api.slot(24);
    await join(users.student, {});
    await join(users.otherStudent, {});
    await api.request(slot.id);
    expect((await api.get(path(), users.student)).status).toBe(404);
    expect((await api.get(path(), users.otherStudent)).status).toBe(200);
  });

  it('comes with an instant booking and with a move, but not with a refused request', async () => {
    const instant = await api.post('/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(24),
      endsAt: at(25),
      instant: true,
      meetingLink: 'https://meet.example.com/now',
    });
    await join(users.student, {});
    const booked = await api.request(instant.body.id);
    expect(booked.status).toBe('approved');
    expect((await api.get(path(), users.student)).status).toBe(404);

    await join(users.student, {});
    const other = await api.slot(48);
    expect((await api.post(`/api/session/reschedule/${booked.id}`, users.student, { slotId: other.id })).status).toBe(201);
    expect((await api.get(path(), users.student)).status).toBe(404);

    await join(users.student, {});
    expect((await api.post('/api/session/request', users.student, { slotId: instant.body.id })).status).toBe(409);
    expect((await api.get(path(), users.student)).status).toBe(200);
  });

  it('comes for every ended window with the sweep, a batch at a time', async () => {
    const ended = Array.from({ length: 1203 }, (_, n) => ({
      courseId: 'c-101',
      studentId: `st-x${n}`,
      windowFrom: at(0),
      windowTo: at(1 + (n % 3)),
      createdAt: at(0),
      updatedAt: at(0),
    }));
    for (let n = 0; n < ended.length; n += 300) await api.db.insert(waitlistEntries).values(ended.slice(n, n + 300));
    await join(users.student, { to: at(10) });
    expect(await removeEndedEntries(api.db, new Date(at(2)))).toBe(802);
    expect(await removeEndedEntries(api.db, new Date(at(3)))).toBe(401);
    expect((await api.db.select().from(waitlistEntries)).map((entry) => entry.studentId)).toEqual(['st-1']);
  });
});

describe('the hourly email allowance', () => {
  it('lets one email through per student and course an hour, while they wait', async () => {
    await join(users.student, { to: at(5 * 24) });
    const claim = (hours: number, studentId = 'st-1', courseId = 'c-101') =>
      claimWaitlistEmail(api.db, courseId, studentId, new Date(at(hours)));
    expect(await claim(0)).toBe(true);
    expect(await claim(0.5)).toBe(false);
    expect(await claim(0.99)).toBe(false);
    expect(await claim(1)).toBe(true);
    expect(await claim(1.5)).toBe(false);
    expect(await claim(3, 'st-2')).toBe(false);
    expect(await claim(3, 'st-1', 'c-200')).toBe(false);
    expect((await api.db.select().from(waitlistEntries))[0].emailedAt).toBe(at(1));
    expect(await claim(5 * 24 + 2)).toBe(false);
  });

  it('is claimed by one process when several ask at once', async () => {
    await join(users.student, {});
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimWaitlistEmail(api.db, 'c-101', 'st-1', NOW)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});

describe('entries in several courses', () => {
  it('end only in the course where the student requested a session', async () => {
    const both: TestUser = {
      sub: 'st-5',
      courses: [
        { id: 'c-101', role: 'student' },
        { id: 'c-200', role: 'student' },
      ],
    };
    const slot = await api.slot(24, 1, { sub: 'ed-7', courses: [{ id: 'c-200', role: 'educator' }] }, 'c-200');
    await join(both, {});
    await join(both, {}, 'c-200');
    await api.request(slot.id, both);
    expect((await api.get(path('c-200'), both)).status).toBe(404);
    expect((await api.get(path(), both)).status).toBe(200);
  });
});
