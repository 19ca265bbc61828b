// Writes through the API (a student's request, then the educator's approval, each over HTTP) against the
// same statements sent as raw @libsql/client batches on a database file of the same kind.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type InStatement } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { type TestUser, testConfig, tokenFor, users } from '../test/helpers.ts';

const WRITES = 300;

/** Each write is another student's, so that no per-student limit stops them. */
const studentOf = (n: number): TestUser => ({ ...users.student, sub: `bench-student-${n}` });

interface Server {
  url: string;
}

type Stop<S> = (server: S) => Promise<void>;

/** Slot k of a fresh database starts a day and k hours after `now` (in whole seconds), for 30 minutes. */
const slotStart = (now: Date, k: number) =>
  new Date((Math.floor(now.getTime() / 1000) + 86_400 + k * 3_600) * 1000).toISOString();
const slotEnd = (now: Date, k: number) => new Date(Date.parse(slotStart(now, k)) + 1_800_000).toISOString();

async function freshDatabase(slots: number, now: Date) {
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'bench-writes-')), 'sessions.db')}`;
  const db = await openDatabase(url);
  await migrateDatabase(db);
  await db.run(sql`WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < ${slots - 1})
    INSERT INTO slots (id, course_id, educator_id, starts_at, ends_at, created_at, updated_at, op)
    SELECT 'slot-' || k, 'c-101', 'ed-1', strftime('%Y-%m-%dT%H:%M:%fZ', ${Date.parse(slotStart(now, 0)) / 1000} + k * 3600, 'unixepoch'),
      strftime('%Y-%m-%dT%H:%M:%fZ', ${Date.parse(slotEnd(now, 0)) / 1000} + k * 3600, 'unixepoch'), ${now.toISOString()}, ${now.toISOString()}, 'seed'
    FROM n`);
  return { url, db };
}

/** The batches the API sends for one request and one approval, with the values that change per write. */
async function capturedBatches(now: Date) {
  const { db } = await freshDatabase(1, now);
  const batches: InStatement[][] = [];
  const batch = db.$client.batch.bind(db.$client);
  db.$client.batch = (async (statements: InStatement[], mode?: 'write') => {
    batches.push(statements);
    return batch(statements, mode);
  }) as typeof db.$client.batch;
  const app = createApp({ db, config: testConfig(), clock: () => now });
  const auth = async (user: TestUser) => ({
    Authorization: `Bearer ${await tokenFor(user, now)}`,
    'Content-Type': 'application/json',
  });
  const created = await app.request('/api/session/request', {
    method: 'POST',
    headers: await auth(users.student),
    body: '{"slotId":"slot-0"}',
  });
  const request = (await created.json()) as { id: string };
  await app.request(`/api/session/approve/${request.id}`, {
    method: 'PUT',
    headers: await auth(users.educator),
    body: '{"meetingLink":"https://meet.example.com/a"}',
  });
  db.$client.close();
  return { create: batches[0], approve: batches[1], requestId: request.id };
}

/** The statements with `from` values replaced: the same SQL for another slot and request. */
const retarget = (statements: InStatement[], values: Map<unknown, unknown>) =>
  statements.map((statement) => {
    const { sql: text, args = [] } = typeof statement === 'string' ? { sql: statement } : statement;
    return { sql: text, args: (args as unknown[]).map((arg) => (values.has(arg) ? values.get(arg) : arg)) } as InStatement;
  });

export async function rawWriteRatio<S extends Server>(
  startApi: (url: string) => Promise<S>,
  stop: Stop<S>,
): Promise<[string, { measured: string; ratio: string }][]> {
  const now = new Date();
  const captured = await capturedBatches(now);
  const opOf = (statements: InStatement[]) =>
    (statements[0] as { args: unknown[] }).args.find(
      (arg) => typeof arg === 'string' && /^[0-9a-f-]{36}$/.test(arg) && arg !== captured.requestId,
    );

  // Raw: the same batches, each for its own slot and request.
  const raw = await freshDatabase(WRITES, now);
  raw.db.$client.close();
  const client = createClient({ url: raw.url, timeout: 5_000 });
  const approveOp = opOf(captured.approve);
  const started = performance.now();
  for (let n = 0; n < WRITES; n++) {
    const id = randomUUID();
    const values = new Map<unknown, unknown>([
      ['slot-0', `slot-${n}`],
      [users.student.sub, studentOf(n).sub],
      [captured.requestId, id],
      [slotStart(now, 0), slotStart(now, n)],
      [slotEnd(now, 0), slotEnd(now, n)],
    ]);
    await client.batch(retarget(captured.create, values), 'write');
  }
  const rawCreate = performance.now() - started;
  const ids: string[] = [];
  for (let n = 0; n < WRITES; n++) {
    const rows = await client.execute({ sql: 'SELECT id FROM session_requests WHERE slot_id = ?', args: [`slot-${n}`] });
    ids.push(String(rows.rows[0].id));
  }
  const approveStarted = performance.now();
  for (let n = 0; n < WRITES; n++) {
    const values = new Map<unknown, unknown>([
      ['slot-0', `slot-${n}`],
      [users.student.sub, studentOf(n).sub],
      [captured.requestId, ids[n]],
      [approveOp, randomUUID()],
      [slotStart(now, 0), slotStart(now, n)],
      [slotEnd(now, 0), slotEnd(now, n)],
    ]);
    await client.batch(retarget(captured.approve, values), 'write');
  }
  const rawApprove = performance.now() - approveStarted;
  client.close();

  // Through the API: the production server on another database file of the same kind.
  const api = await freshDatabase(WRITES, now);
  api.db.$client.close();
  const server = await startApi(api.url);
  const headers = async (user: TestUser) => ({
    Authorization: `Bearer ${await tokenFor(user, now)}`,
    'Content-Type': 'application/json',
  });
  const studentHeaders = await Promise.all(Array.from({ length: WRITES }, (_, n) => headers(studentOf(n))));
  const educatorHeaders = await headers(users.educator);
  const requested: string[] = [];
  const apiStarted = performance.now();
  for (let n = 0; n < WRITES; n++) {
    const res = await fetch(`${server.url}/api/session/request`, {
      method: 'POST',
      headers: studentHeaders[n],
      body: JSON.stringify({ slotId: `slot-${n}` }),
    });
    if (res.status !== 201) throw new Error(`request: ${res.status} ${await res.text()}`);
    requested.push(((await res.json()) as { id: string }).id);
  }
  const apiCreate = performance.now() - apiStarted;
  const apiApproveStarted = performance.now();
  for (const id of requested) {
    const res = await fetch(`${server.url}/api/session/approve/${id}`, {
      method: 'PUT',
      headers: educatorHeaders,
      body: '{"meetingLink":"https://meet.example.com/a"}',
    });
    if (res.status !== 200) throw new Error(`approve: ${res.status} ${await res.text()}`);
  }
  const apiApprove = performance.now() - apiApproveStarted;
  await stop(server);

  const perSecond = (ms: number) => (WRITES / ms) * 1000;
  const line = (api: number, raw: number) => ({
    measured: `${perSecond(api).toFixed(0)} vs ${perSecond(raw).toFixed(0)} writes/s`,
    ratio: (perSecond(api) / perSecond(raw)).toFixed(2),
  });
  return [
    [`\`POST /api/session/request\` vs its raw libSQL batch, ${WRITES} one after another`, line(apiCreate, rawCreate)],
    [`\`PUT /api/session/approve/:id\` vs its raw libSQL batch, ${WRITES} one after another`, line(apiApprove, rawApprove)],
  ];
}
