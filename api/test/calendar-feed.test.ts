// The calendar feed (SPEC §14): a secret URL made once and kept until revoked, subscribable without a header,
// listing the owner's sessions in both roles with the UIDs of the single calendar file, with ETag and 304.
import ICAL from 'ical.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { calendarFeeds } from '../src/db/schema.ts';
import { FEED_MAX_SESSIONS } from '../src/domain/calendar-feed.ts';
import { at, HOUR, NOW, type Reply, setup, type TestApi, type TestUser, tokenFor, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

/** Teaches Discrete Mathematics, and takes Intro to Algorithms. */
const assistant: TestUser = {
  sub: 'ta-1',
  name: 'Barbara Liskov',
  courses: [
    { id: 'c-101', role: 'student', title: 'Intro to Algorithms' },
    { id: 'c-200', role: 'educator', title: 'Discrete Mathematics' },
  ],
};
const discreteStudent: TestUser = { sub: 'st-200', name: 'Emmy Noether', courses: [{ id: 'c-200', role: 'student' }] };

const DAY = 24 * HOUR;

/** The feed's URL for `user`, as a path the in-process app answers. */
async function feedPathOf(user: TestUser): Promise<string> {
  const res = await api.get('/api/calendar/feed', user);
  expect(res.status).toBe(200);
  return new URL(res.body.url).pathname;
}

/** Reads a feed with no header at all, as a calendar app does. */
async function readFeed(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return api.call('GET', path, undefined, undefined, headers);
}

interface FeedEvent {
  uid: string;
  status: string;
  sequence: number;
  summary: string;
  start: string;
}

function eventsOf(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      status: String(vevent.getFirstPropertyValue('status')),
      sequence: Number(vevent.getFirstPropertyValue('sequence') ?? 0),
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
    };
  });
}

/** The UID the single calendar file of `requestId` gives its `user`. */
async function singleUid(requestId: string, user: TestUser): Promise<string> {
  const res = await api.get(`/api/session/calendar/${requestId}`, user);
  expect(res.status).toBe(200);
  return eventsOf(res.body)[0].uid;
}

/** A session of `student` with `educator` in `courseId`, approved. */
async function approvedSession(startHours: number, student: TestUser, educator: TestUser, courseId: string) {
  const slot = await api.slot(startHours, 1, educator, courseId);
  return api.approve((await api.request(slot.id, student)).id, educator);
}

describe('GET /api/calendar/feed', () => {
  it('makes a secret URL on first use and gives the same one after, storing only its hash', async () => {
    const first = await api.get('/api/calendar/feed', users.student);
    const again = await api.get('/api/calendar/feed', users.student);
    expect(first.body.url).toMatch(/^http:\/\/localhost\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(again.body.url).toBe(first.body.url);
    const other = await api.get('/api/calendar/feed', users.otherStudent);
    expect(other.body.url).not.toBe(first.body.url);

    const secret = /([^/]+)\.ics$/.exec(first.body.url)?.[1] as string;
    const stored = await api.db.select().from(calendarFeeds);
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('needs a token', async () => {
    expect((await api.get('/api/calendar/feed')).status).toBe(401);
    expect((await api.del('/api/calendar/feed')).status).toBe(401);
  });

  it('gives PUBLIC_URL as the origin when it is set', async () => {
    api = await setup({ config: { lti: { publicUrl: 'https://sessions.example.edu' } } });
    const res = await api.get('/api/calendar/feed', users.student);
    expect(res.body.url).toMatch(/^https:\/\/sessions\.example\.edu\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  });
});

describe('/calendar/<secret>.ics', () => {
  it('lists the sessions of both roles, without any header, with the UIDs of the single calendar file', async () => {
    const asStudent = await approvedSession(24, assistant, users.educator, 'c-101');
    const asEducator = await approvedSession(48, discreteStudent, assistant, 'c-200');
    const someoneElses = await approvedSession(72, users.student, users.educator, 'c-101');

    const res = await readFeed(await feedPathOf(assistant));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    const events = eventsOf(res.body);
    expect(events.map((event) => event.uid)).toEqual([
      await singleUid(asStudent.id, assistant),
      await singleUid(asEducator.id, assistant),
    ]);
    expect(events.map((event) => event.status)).toEqual(['CONFIRMED', 'CONFIRMED']);
    expect(events.map((event) => event.summary)).toEqual([
      'One-on-one: Intro to Algorithms with Grace Hopper',
      'One-on-one: Discrete Mathematics with Emmy Noether',
    ]);
    expect(res.body).not.toContain(someoneElses.id);
    expect(res.body).not.toMatch(/^METHOD:/m);
  });

  it('shows a session cancelled after approval as STATUS:CANCELLED, and leaves out pending, rejected and withdrawn ones', async () => {
    const cancelled = await approvedSession(24, users.student, users.educator, 'c-101');
    await api.put(`/api/session/cancel/${cancelled.id}`, users.educator, { reason: 'Ill' });
    const pending = await api.request((await api.slot(30)).id);
    const rejected = await api.request((await api.slot(36)).id);
    await api.put(`/api/session/reject/${rejected.id}`, users.educator, { reason: 'Away' });
    const withdrawn = await api.request((await api.slot(42)).id);
    await api.put(`/api/session/cancel/${withdrawn.id}`, users.student, {});

    const events = eventsOf((await readFeed(await feedPathOf(users.student))).body);
    expect(events).toEqual([expect.objectContaining({ uid: await singleUid(cancelled.id, users.student), status: 'CANCELLED' })]);
    expect(events[0].sequence).toBeGreaterThan(0);
    const educatorFeed = (await readFeed(await feedPathOf(users.educator))).body;
    for (const request of [pending, rejected, withdrawn]) expect(educatorFeed).not.toContain(request.id);
  });

  it('lists nothing that started more than 30 days ago, and keeps completed sessions until then', async () => {
    const early = await approvedSession(24, users.student, users.educator, 'c-101');
    const late = await approvedSession(24 * 10, users.student, users.educator, 'c-101');
    const path = await feedPathOf(users.student);

    api.setNow(new Date(Date.parse(early.startsAt) + 29 * DAY));
    expect(eventsOf((await readFeed(path)).body).map((event) => event.start)).toEqual([early.startsAt, late.startsAt]);
    expect(eventsOf((await readFeed(path)).body).map((event) => event.status)).toEqual(['CONFIRMED', 'CONFIRMED']);

    api.setNow(new Date(Date.parse(early.startsAt) + 30 * DAY + 1));
    expect(eventsOf((await readFeed(path)).body).map((event) => event.start)).toEqual([late.startsAt]);
  });

  it('answers an ETag, 304 while nothing changed, and a new ETag once something did', async () => {
    const session = await approvedSession(24, users.student, users.educator, 'c-101');
    const path = await feedPathOf(users.student);
    const first = await readFeed(path);
    const etag = first.headers.get('ETag') as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('Cache-Control')).toBe('private, no-cache');

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const unchanged = await readFeed(path, { 'If-None-Match': ifNoneMatch });
      expect(unchanged.status).toBe(304);
      expect(unchanged.body).toBe('');
      expect(unchanged.headers.get('ETag')).toBe(etag);
      expect(unchanged.headers.get('Cache-Control')).toBe('private, no-cache');
    }
    expect((await readFeed(path, { 'If-None-Match': '"other"' })).status).toBe(200);

    await api.put(`/api/session/cancel/${session.id}`, users.student, {});
    const changed = await readFeed(path, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(etag);
  });

  it('stops answering once revoked, and the next GET makes a new URL', async () => {
    await approvedSession(24, users.student, users.educator, 'c-101');
    const old = await feedPathOf(users.student);
    expect((await readFeed(old)).status).toBe(200);
    expect((await api.del('/api/calendar/feed', users.student)).status).toBe(204);
    expect((await readFeed(old)).status).toBe(404);
    expect((await api.del('/api/calendar/feed', users.student)).status).toBe(204);

    const renewed = await feedPathOf(users.student);
    expect(renewed).not.toBe(old);
    expect((await readFeed(renewed)).status).toBe(200);
    expect((await readFeed(old)).status).toBe(404);
    expect(await feedPathOf(users.student)).toBe(renewed);
  });

  it('answers 404 to guessed, altered and malformed secrets', async () => {
    const real = await feedPathOf(users.student);
    const secret = /([^/]+)\.ics$/.exec(real)?.[1] as string;
    const altered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const guesses = [
      altered,
      'A'.repeat(43),
      ...Array.from({ length: 20 }, () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')),
    ];
    for (const guess of guesses) expect((await readFeed(`/calendar/${guess}.ics`)).status).toBe(404);
    for (const malformed of [`${secret}.txt`, secret, `${secret}x.ics`, '.ics', `${'x'.repeat(5000)}.ics`, '%00.ics']) {
      expect((await readFeed(`/calendar/${malformed}`)).status).toBe(404);
    }
  });

  it('turns AUTH_SECRET into new URLs: the old ones stop answering', async () => {
    const old = await feedPathOf(users.student);
    const rotated = 'another-secret-that-is-long-enough-987654321';
    api = await setup({ db: api.db, config: { authSecret: rotated } });
    expect((await readFeed(old)).status).toBe(404);
    const res = await api.get('/api/calendar/feed', await tokenFor(users.student, NOW, {}, rotated));
    const renewed = new URL(res.body.url).pathname;
    expect(renewed).not.toBe(old);
    expect((await readFeed(renewed)).status).toBe(200);
  });

  it('is what a webcal: subscription fetches: the same URL with its scheme changed', async () => {
    await approvedSession(24, users.student, users.educator, 'c-101');
    const { url } = (await api.get('/api/calendar/feed', users.student)).body;
    const subscription = url.replace(/^https?:/, 'webcal:');
    // Calendar apps fetch a webcal: URL over HTTP(S), with nothing but the URL.
    const fetched = new URL(subscription.replace(/^webcal:/, 'http:'));
    const res = await api.app.request(fetched.href);
    expect(res.status).toBe(200);
    expect(eventsOf(await res.text())).toHaveLength(1);
    expect((await api.app.request(fetched.href, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('what a feed reads', () => {
  it(`lists at most ${FEED_MAX_SESSIONS} sessions, the first from 30 days ago on by start`, async () => {
    const count = FEED_MAX_SESSIONS + 5;
    const rows = Array.from({ length: count }, (_, n) => ({ n, startsAt: at(24 + n), endsAt: at(24 + n + 0.5) }));
    const values = (make: (row: (typeof rows)[number]) => string) => rows.map(make).join(', ');
    await api.db.$client.executeMultiple(`
      INSERT INTO slots (id, course_id, educator_id, starts_at, ends_at, created_at, updated_at, op)
        VALUES ${values((row) => `('s${row.n}', 'c-101', 'ed-1', '${row.startsAt}', '${row.endsAt}', '${at(0)}', '${at(0)}', 'x')`)};
      INSERT INTO session_requests (id, slot_id, course_id, educator_id, student_id, starts_at, ends_at, status,
        meeting_link, created_at, updated_at, op)
        VALUES ${values(
          (row) =>
            `('r${String(row.n).padStart(4, '0')}', 's${row.n}', 'c-101', 'ed-1', 'st-1', '${row.startsAt}', '${row.endsAt}',
            'approved', 'https://meet.example.com/x', '${at(0)}', '${at(0)}', 'x')`,
        )};`);
    const events = eventsOf((await readFeed(await feedPathOf(users.student))).body);
    expect(events).toHaveLength(FEED_MAX_SESSIONS);
    expect(events[0].start).toBe(rows[0].startsAt);
    expect(events.at(-1)?.start).toBe(rows[FEED_MAX_SESSIONS - 1].startsAt);
  });

  it('reads each role from its calendar index, and nothing at all for a malformed secret', async () => {
    await approvedSession(24, users.student, users.educator, 'c-101');
    const path = await feedPathOf(users.student);
    const execute = vi.spyOn(api.db.$client, 'execute');
    await readFeed(path);
    const statements = execute.mock.calls.map(([statement]) => statement as unknown as { sql: string; args: unknown[] });
    execute.mockClear();
    await readFeed('/calendar/not-a-secret.ics');
    expect(execute).not.toHaveBeenCalled();
    execute.mockRestore();

    const plans = [];
    for (const { sql, args } of statements) {
      const rows = await api.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never });
      plans.push(rows.rows.map((row) => String(row.detail)).join(' | '));
    }
    expect(plans).toContainEqual(expect.stringMatching(/^SEARCH calendar_feeds USING INDEX calendar_feeds_secret_hash/));
    for (const index of ['requests_student_calendar', 'requests_educator_calendar']) {
      const plan = plans.find((candidate) => candidate.includes(index));
      expect(plan).toMatch(new RegExp(`^SEARCH session_requests USING INDEX ${index} \\(`));
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });
});
