// Concurrency on a real database file: simultaneous calls in one process and across two server
// processes never double-book a slot, never create overlapping slots, and never fail with a 5xx.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config.ts';
import { type Database, migrateDatabase, openDatabase } from '../src/db/client.ts';
import { at, SECRET, setup, student, type TestApi, type TestUser, tokenFor, users } from './helpers.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';

const N = 40;

/** How many times each status (or other key) occurs. */
function tally(keys: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

const fileUrl = () => `file:${join(mkdtempSync(join(tmpdir(), 'sessions-')), 'sessions.db')}`;

/**
 * Makes every read answer a turn of the event loop later, as a remote database would. A local file
 * answers within microtasks, so without this no other request could run between a rule's read and
 * its write, and the race these tests are about would never happen.
 */
function withNetworkLatency(db: Database): Database {
  const execute = db.$client.execute.bind(db.$client);
  db.$client.execute = (async (...args: Parameters<typeof execute>) => {
    const result = await execute(...args);
    await new Promise((resolve) => setImmediate(resolve));
    return result;
  }) as typeof db.$client.execute;
  return db;
}

async function fileSetup(url = fileUrl(), now?: Date, config?: Partial<AppConfig>) {
  const db = await openDatabase(url);
  await migrateDatabase(db);
  return setup({ db: withNetworkLatency(db), now, config });
}

async function requestsFromMany(api: TestApi, slotId: string, count: number): Promise<string[]> {
  const made = await Promise.all(Array.from({ length: count }, (_, i) => api.request(slotId, student(i))));
  return made.map((request) => request.id);
}

async function approvedCount(api: TestApi, slotId: string): Promise<number> {
  const rows = await api.db.$client.execute({
    sql: "SELECT count(*) AS n FROM session_requests WHERE slot_id = ? AND status = 'approved'",
    args: [slotId],
  });
  return Number(rows.rows[0].n);
}

describe('in one process, on a file database', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await fileSetup();
  });

  it(`${N} simultaneous approvals for one slot: exactly one succeeds`, async () => {
    const slot = await api.slot(24);
    const ids = await requestsFromMany(api, slot.id, N);
    const results = await Promise.all(
      ids.map((id) => api.put(`/api/session/approve/${id}`, users.educator, { meetingLink: 'https://meet.example.com/x' })),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 1, 409: N - 1 });
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['invalid_state']));
    expect(await approvedCount(api, slot.id)).toBe(1);
    const requests = await api.get('/api/session/educator/requests', users.educator);
    const ofSlot = requests.body.items.filter((r: { slotId: string }) => r.slotId === slot.id);
    expect(tally(ofSlot.map((r: { status: string }) => (r.status === 'approved' ? 1 : 0)))).toEqual({ 1: 1, 0: N - 1 });
  });

  it(`${N} simultaneous overlapping creates: exactly one slot is made`, async () => {
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api.post('/api/availability/create', users.otherEducator, {
          courseId: 'c-101',
          startsAt: at(100 + i / 60),
          endsAt: at(101 + i / 60),
        }),
      ),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: N - 1 });
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['slot_overlap']));
  });

  it(`${N} simultaneous requests from different students all succeed`, async () => {
    const slot = await api.slot(200);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => api.post('/api/session/request', student(i), { slotId: slot.id })),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: N });
    const slots = await api.get(`/api/availability/educator/slots?from=${at(199)}&to=${at(202)}`, users.educator);
    expect(slots.body.items[0].pendingCount).toBe(N);
  });

  it('the same student racing for one slot gets one request and duplicates', async () => {
    const slot = await api.slot(210);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/api/session/request', users.student, { slotId: slot.id })),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: 9 });
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['duplicate_request']));
  });

  it('an approve/cancel storm keeps one booking at most and records one event per change', async () => {
    const slot = await api.slot(300);
    const ids = await requestsFromMany(api, slot.id, 20);
    const calls = ids.flatMap((id, i) => [
      api.put(`/api/session/approve/${id}`, users.educator, { meetingLink: 'https://meet.example.com/x' }),
      api.put(`/api/session/cancel/${id}`, student(i), { reason: 'changed my mind' }),
    ]);
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(await approvedCount(api, slot.id)).toBeLessThanOrEqual(1);
    const approvals = results.filter((r, i) => i % 2 === 0 && r.status === 200).length;
    const cancels = results.filter((r, i) => i % 2 === 1 && r.status === 200).length;
    const events = await api.db.$client.execute({
      sql: "SELECT type, count(*) AS n FROM outbox WHERE slot_id = ? AND type IN ('request.approved', 'request.cancelled') GROUP BY type",
      args: [slot.id],
    });
    const counted = Object.fromEntries(events.rows.map((row) => [row.type, Number(row.n)]));
    expect(counted['request.approved'] ?? 0).toBe(approvals);
    expect(counted['request.cancelled'] ?? 0).toBe(cancels);
  });

  it('the database itself refuses a second approved request for a slot', async () => {
    const slot = await api.slot(400);
    const [first, second] = await requestsFromMany(api, slot.id, 2);
    await api.approve(first);
    await expect(
      api.db.$client.execute({ sql: "UPDATE session_requests SET status = 'approved' WHERE id = ?", args: [second] }),
    ).rejects.toThrow(/UNIQUE/);
  });
  it(`${N} simultaneous requests for an instant slot: exactly one is booked at once, the rest told it is taken`, async () => {
    const res = await api.post('/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(100),
      endsAt: at(101),
      instant: true,
      meetingLink: 'https://meet.example.com/instant',
    });
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => api.post('/api/session/request', student(i), { slotId: res.body.id })),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: N - 1 });
    expect(results.find((r) => r.status === 201)?.body).toMatchObject({
      status: 'approved',
      meetingLink: 'https://meet.example.com/instant',
    });
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['slot_unavailable']));
    expect(await approvedCount(api, res.body.id)).toBe(1);
  });

  it('a move approved while its original is cancelled: at most one of the two stays booked, the old slot reopens', async () => {
    for (let round = 0; round < 8; round++) {
      const [from, to] = [await api.slot(2000 + 4 * round), await api.slot(2002 + 4 * round)];
      const session = await api.approve((await api.request(from.id, student(200 + round))).id);
      const moved = await api.post(`/api/session/reschedule/${session.id}`, student(200 + round), { slotId: to.id });
      const [approve, cancel] = await Promise.all([
        api.put(`/api/session/approve/${moved.body.id}`, users.educator, { meetingLink: 'https://meet.example.com/m' }),
        api.put(`/api/session/cancel/${session.id}`, users.educator, { reason: 'Called away' }),
      ]);
      expect(approve.status).toBe(200);
      expect([200, 409]).toContain(cancel.status);
      expect(await approvedCount(api, from.id)).toBe(0);
      expect(await approvedCount(api, to.id)).toBe(1);
    }
  });

  it('two moves of one session at once: one is made, the other is a duplicate', async () => {
    const [from, a, b] = [await api.slot(3000), await api.slot(3002), await api.slot(3004)];
    const session = await api.approve((await api.request(from.id, student(300))).id);
    const results = await Promise.all(
      [a, b].map((slot) => api.post(`/api/session/reschedule/${session.id}`, student(300), { slotId: slot.id })),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: 1 });
    expect(results.find((r) => r.status === 409)?.body.code).toBe('duplicate_request');
  });

  it('10 simultaneous overlapping series: exactly one is published, whole', async () => {
    const series = {
      courseId: 'c-101',
      timeZone: 'UTC',
      from: '2027-02-01',
      until: '2027-02-28',
      weekdays: [1, 3],
      startTime: '14:00',
      endTime: '16:00',
      slotMinutes: 30,
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/api/availability/series', users.otherEducator, series)),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: 9 });
    const made = results.find((r) => r.status === 201)?.body;
    expect(made.items).toHaveLength(8 * 4);
    const rows = await api.db.$client.execute({
      sql: 'SELECT count(*) AS n FROM slots WHERE series_id IS NOT NULL AND deleted_at IS NULL AND educator_id = ?',
      args: ['ed-2'],
    });
    expect(Number(rows.rows[0].n)).toBe(32);
  });

  it('4 simultaneous overlapping series of 500 slots: one is published, each other names all 500 conflicts', async () => {
    const series = {
      courseId: 'c-101',
      timeZone: 'UTC',
      from: '2027-05-03',
      until: '2027-08-10',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: '09:00',
      endTime: '11:30',
      slotMinutes: 30,
    };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => api.post('/api/availability/series', users.otherEducator, series)),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: 3 });
    const made = results.find((r) => r.status === 201)?.body.items;
    expect(made).toHaveLength(500);
    const times = made.map(({ startsAt, endsAt }: { startsAt: string; endsAt: string }) => ({ startsAt, endsAt }));
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.code).toBe('slot_overlap');
      expect(refused.body.conflicts).toEqual(times);
    }
  });

  it('8 simultaneous series that together would pass the slot limit: exactly one is published', async () => {
    const limited = await fileSetup(fileUrl(), undefined, { maxLiveSlotsPerEducator: 6 });
    // Eight different weeks of five slots: any one fits under the limit of 6, no two do.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        limited.post('/api/availability/series', users.educator, {
          courseId: 'c-101',
          timeZone: 'UTC',
          from: `2027-03-${String(1 + 7 * (n % 4)).padStart(2, '0')}`,
          until: `2027-03-${String(5 + 7 * (n % 4)).padStart(2, '0')}`,
          weekdays: [1, 2, 3, 4, 5],
          startTime: n < 4 ? '09:00' : '14:00',
          endTime: n < 4 ? '10:00' : '15:00',
          slotMinutes: 60,
        }),
      ),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: 7 });
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['slot_limit']));
    const rows = await limited.db.$client.execute('SELECT count(*) AS n FROM slots WHERE deleted_at IS NULL');
    expect(Number(rows.rows[0].n)).toBe(5);
  });
});

describe('across two server processes on one database file', () => {
  const now = new Date();
  const url = fileUrl();
  let servers: ServerProcess[] = [];
  let api: TestApi;

  beforeAll(async () => {
    api = await fileSetup(url, now);
    const env = { DATABASE_URL: url, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0' };
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  async function call(index: number, method: string, path: string, user: TestUser, body: unknown) {
    const res = await fetch(`${servers[index % 2].url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await tokenFor(user, now)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  it(`${N} approvals for one slot split over both: exactly one succeeds`, async () => {
    const slot = await api.slot(24);
    const ids = await requestsFromMany(api, slot.id, N);
    const results = await Promise.all(
      ids.map((id, i) =>
        call(i, 'PUT', `/api/session/approve/${id}`, users.educator, { meetingLink: 'https://meet.example.com/x' }),
      ),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 1, 409: N - 1 });
    expect(await approvedCount(api, slot.id)).toBe(1);
  });

  it(`${N} overlapping creates split over both: exactly one slot is made`, async () => {
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        call(i, 'POST', '/api/availability/create', users.otherEducator, {
          courseId: 'c-101',
          startsAt: at(50 + i / 60, now),
          endsAt: at(51 + i / 60, now),
        }),
      ),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 1, 409: N - 1 });
  });

  it(`${N} requests from different students split over both all succeed`, async () => {
    const slot = await api.slot(80);
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => call(i, 'POST', '/api/session/request', student(i), { slotId: slot.id })),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 201: N });
  });
});

describe('durability', () => {
  it('keeps a local file in WAL mode with synchronous FULL: every answered write is on disk', async () => {
    const db = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'durable-')), 'sessions.db')}`);
    await migrateDatabase(db);
    const api = await setup({ db });
    await api.slot(24);
    // The batch's connection, not only the first one: libSQL opens new connections after a write.
    for (const pragma of ['journal_mode', 'synchronous']) {
      const rows = (await db.$client.execute(`PRAGMA ${pragma}`)).rows;
      expect(rows[0][pragma]).toBe(pragma === 'journal_mode' ? 'wal' : 2);
    }
    db.$client.close();
  });
});
