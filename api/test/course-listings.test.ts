// The course listing served from memory: as fresh as the database for this process's changes, within the bound for
// another process's, right as time passes, bounded, answering 304, and never showing one student another's requests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { listCourseSlots } from '../src/domain/slot-lists.ts';
import { at, DEFAULT_POLICY, SECRET, setup, type TestApi, type TestUser, tokenFor, users } from './helpers.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';

const listing = '/api/availability/course/c-101';
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((slot) => slot.id);

/** A tick the test steps: the cache reads the outbox again only once `syncMs` has passed on it. */
let tick = 0;
const SYNC_MS = 500;
const listings = { tick: () => tick, syncMs: SYNC_MS };

let api: TestApi;
beforeEach(async () => {
  tick = 0;
  api = await setup({ listings });
});

/** The listing as the database alone reads it, for `user`. */
const fromDatabase = (user: TestUser, limit = 50) =>
  listCourseSlots(api.db, { id: user.sub, name: null, courses: user.courses }, 'c-101', { limit }, api.now(), DEFAULT_POLICY);

describe('a change made through this process', () => {
  it('shows at once: a new slot, a request, a booking, a move and a deletion', async () => {
    const first = await api.slot(24);
    expect(ids(await api.get(listing, users.student))).toEqual([first.id]);
    const second = await api.slot(30);
    expect(ids(await api.get(listing, users.student))).toEqual([first.id, second.id]);
    const request = await api.request(first.id);
    expect((await api.get(listing, users.student)).body.items[0].requestedByMe).toBe(true);
    await api.approve(request.id);
    expect(ids(await api.get(listing, users.otherStudent))).toEqual([second.id]);
    await api.put(`/api/availability/update/${second.id}`, users.educator, { startsAt: at(40), endsAt: at(41) });
    expect((await api.get(listing, users.student)).body.items[0].startsAt).toBe(at(40));
    await api.del(`/api/availability/delete/${second.id}`, users.educator);
    expect(ids(await api.get(listing, users.student))).toEqual([]);
  });

  it('shows a policy change at once', async () => {
    const soon = await api.slot(2);
    const later = await api.slot(30);
    expect(ids(await api.get(listing, users.student))).toEqual([soon.id, later.id]);
    await api.put('/api/courses/c-101/policy', users.educator, { minNoticeMinutes: 180, maxDaysAhead: 1 });
    expect(ids(await api.get(listing, users.student))).toEqual([]);
    await api.put('/api/courses/c-101/policy', users.educator, { minNoticeMinutes: null, maxDaysAhead: null });
    expect(ids(await api.get(listing, users.student))).toEqual([soon.id, later.id]);
  });

  it('reads the same as the database, page by page', async () => {
    for (let k = 0; k < 7; k++) await api.slot(10 + k * 2);
    await api.request((await api.get(listing, users.student)).body.items[3].id);
    const pages: string[] = [];
    let cursor = '';
    do {
      const res = await api.get(`${listing}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, users.student);
      pages.push(...res.body.items.map((slot: object) => JSON.stringify(slot)));
      cursor = res.body.nextCursor ?? '';
    } while (cursor);
    expect(pages).toEqual((await fromDatabase(users.student)).items.map((slot) => JSON.stringify(slot)));
  });
});

describe('as time passes, with no change', () => {
  it('drops a slot once it is inside the notice, and shows one once it is inside the days ahead', async () => {
    await api.put('/api/courses/c-101/policy', users.educator, { minNoticeMinutes: 60, maxDaysAhead: 2 });
    const soon = await api.slot(3);
    const far = await api.slot(24 * 2 + 5);
    expect(ids(await api.get(listing, users.student))).toEqual([soon.id]);
    api.setNow(at(2.5));
    expect(ids(await api.get(listing, users.student))).toEqual([]);
    api.setNow(at(6));
    expect(ids(await api.get(listing, users.student))).toEqual([far.id]);
    expect(ids(await api.get(listing, users.student))).toEqual((await fromDatabase(users.student)).items.map((s) => s.id));
  });
});

describe('requestedByMe', () => {
  it("is each student's own: one student's request never shows in another's listing, nor moves their ETag", async () => {
    const slot = await api.slot(24);
    const before = await api.get(listing, users.otherStudent);
    await api.request(slot.id, users.student);
    const mine = await api.get(listing, users.student);
    const theirs = await api.get(listing, users.otherStudent);
    expect(mine.body.items[0].requestedByMe).toBe(true);
    expect(theirs.body.items[0].requestedByMe).toBe(false);
    expect(mine.headers.get('ETag')).not.toBe(theirs.headers.get('ETag'));
    expect(theirs.headers.get('ETag')).toBe(before.headers.get('ETag'));
    const asOther = await api.call('GET', listing, users.otherStudent, undefined, {
      'If-None-Match': mine.headers.get('ETag') ?? '',
    });
    expect(asOther.status).toBe(200);
    expect(asOther.body.items[0].requestedByMe).toBe(false);
  });
});

describe('ETag and 304', () => {
  it.each([
    [listing, users.student],
    [`${listing}?to=${encodeURIComponent(at(100))}`, users.student],
    ['/api/availability/educator/slots', users.educator],
    ['/api/session/my-requests', users.student],
    ['/api/session/educator/requests', users.educator],
  ] as [string, TestUser][])('%s answers 304 while unchanged, then 200 with a new ETag', async (path, user) => {
    const slot = await api.slot(24);
    await api.request(slot.id);
    const first = await api.get(path, user);
    const tag = first.headers.get('ETag') ?? '';
    expect(tag).toMatch(/^W\/".+"$/);
    const again = await api.call('GET', path, user, undefined, { 'If-None-Match': tag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.get('ETag')).toBe(tag);
    for (const res of [first, again]) expect(res.headers.get('Cache-Control')).toBe('private, no-cache');
    await api.post('/api/availability/create', users.educator, { courseId: 'c-101', startsAt: at(50), endsAt: at(51) });
    await api.request((await api.get(listing, users.student)).body.items[1].id);
    const changed = await api.call('GET', path, user, undefined, { 'If-None-Match': tag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(tag);
  });
});

describe('gzip', () => {
  it('answers the same listing gzipped to a client that accepts it, with its own ETag and 304', async () => {
    for (let k = 0; k < 5; k++) await api.slot(10 + k);
    const get = async (headers: Record<string, string>) =>
      api.app.request(listing, { headers: { Authorization: `Bearer ${await tokenFor(users.student)}`, ...headers } });
    const plain = await get({});
    const zipped = await get({ 'Accept-Encoding': 'gzip, deflate, br' });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toBe('Accept-Encoding');
    expect(JSON.parse(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString())).toEqual(await plain.json());
    const tag = zipped.headers.get('ETag') ?? '';
    expect(tag).not.toBe(plain.headers.get('ETag'));
    const again = await get({ 'Accept-Encoding': 'gzip', 'If-None-Match': tag });
    expect(again.status).toBe(304);
    expect((await get({ 'Accept-Encoding': 'gzip;q=0' })).headers.get('Content-Encoding')).toBeNull();
  });
});

describe('bounds', () => {
  it('keeps a fixed number of courses, the least recently read going first', async () => {
    const bounded = await setup({ listings: { ...listings, maxCourses: 2 } });
    const teacher: TestUser = { sub: 'ed-x', courses: ['a', 'b', 'c'].map((id) => ({ id, role: 'educator' as const })) };
    const learner: TestUser = { sub: 'st-x', courses: ['a', 'b', 'c'].map((id) => ({ id, role: 'student' as const })) };
    for (const [k, course] of ['a', 'b', 'c'].entries()) await bounded.slot(24 + k * 2, 1, teacher, course);
    const execute = vi.spyOn(bounded.db.$client, 'execute');
    const reads = async (course: string) => {
      execute.mockClear();
      expect((await bounded.get(`/api/availability/course/${course}`, learner)).body.items).toHaveLength(1);
      return execute.mock.calls.length;
    };
    for (const course of ['a', 'b', 'a', 'c']) await reads(course);
    expect(await reads('a')).toBe(0);
    expect(await reads('c')).toBe(0);
    expect(await reads('b')).toBeGreaterThan(0);
    execute.mockRestore();
  });

  it('reads a page past the rows it keeps from the database', async () => {
    const bounded = await setup({ listings: { ...listings, rowsPerCourse: 3 } });
    const made = [];
    for (let k = 0; k < 6; k++) made.push((await bounded.slot(10 + k * 2)).id);
    const first = await bounded.get(`${listing}?limit=2`, users.student);
    const rest = await bounded.get(`${listing}?limit=4&cursor=${first.body.nextCursor}`, users.student);
    expect([...ids(first), ...ids(rest)]).toEqual(made);
  });
});

describe('a change made through another process on the same database', () => {
  const now = new Date();
  let server: ServerProcess;
  let local: TestApi;
  beforeAll(async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'listings-')), 'sessions.db')}`;
    const db = await openDatabase(url);
    await migrateDatabase(db);
    local = await setup({ db, now, listings });
    server = await startServerProcess({ DATABASE_URL: url, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => server.stop());

  const remote = async (method: string, path: string, user: TestUser, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await tokenFor(user, now)}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as any };
  };

  it(`shows within ${SYNC_MS} ms: a slot, its deletion and a policy change`, async () => {
    tick = 0;
    expect(ids(await local.get(listing, users.student))).toEqual([]);
    const made = await remote('POST', '/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(24, now),
      endsAt: at(25, now),
    });
    expect(made.status).toBe(201);
    tick += SYNC_MS - 1;
    expect(ids(await local.get(listing, users.student))).toEqual([]);
    tick += 1;
    expect(ids(await local.get(listing, users.student))).toEqual([made.body.id]);

    await remote('PUT', '/api/courses/c-101/policy', users.educator, { maxDaysAhead: 1, minNoticeMinutes: 0 });
    tick += SYNC_MS;
    expect(ids(await local.get(listing, users.student))).toEqual([made.body.id]);
    await remote('PUT', '/api/courses/c-101/policy', users.educator, { minNoticeMinutes: 25 * 60 });
    tick += SYNC_MS;
    expect(ids(await local.get(listing, users.student))).toEqual([]);
    await remote('PUT', '/api/courses/c-101/policy', users.educator, { minNoticeMinutes: null, maxDaysAhead: null });
    tick += SYNC_MS;
    expect(ids(await local.get(listing, users.student))).toEqual([made.body.id]);

    expect((await remote('POST', '/api/session/request', users.student, { slotId: made.body.id })).status).toBe(201);
    tick += SYNC_MS;
    expect((await local.get(listing, users.student)).body.items[0].requestedByMe).toBe(true);

    expect((await remote('DELETE', `/api/availability/delete/${made.body.id}`, users.educator)).status).toBe(204);
    tick += SYNC_MS;
    expect(ids(await local.get(listing, users.student))).toEqual([]);
  });
});

describe('another window', () => {
  it('is read from the database, one index range in start order', async () => {
    const slot = await api.slot(24);
    const execute = vi.spyOn(api.db.$client, 'execute');
    const res = await api.get(`${listing}?to=${encodeURIComponent(at(48))}`, users.student);
    const statements = execute.mock.calls.map(([statement]) => statement as unknown as { sql: string; args: never });
    execute.mockRestore();
    expect(ids(res)).toEqual([slot.id]);
    const plans = [];
    for (const { sql, args } of statements.filter(({ sql }) => /from "slots"/i.test(sql))) {
      const rows = await api.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args });
      plans.push(String(rows.rows[0].detail));
    }
    expect(plans).toEqual([expect.stringMatching(/^SEARCH slots USING INDEX slots_course_start/)]);
  });
});
