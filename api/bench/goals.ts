// The speed goals of `npm run bench`, each a ratio to an anchor measured in the same round, over three rounds (A/B
// interleaved): the course listing and `/api/me` against bare Hono, the listing against raw @libsql/client running the
// statements the database path sends, the two lists that were not flat at 1M against 1k, writes against raw batches.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { listCourseSlots } from '../src/domain/slot-lists.ts';
import { DEFAULT_POLICY, type TestUser, tokenFor } from '../test/helpers.ts';
import { type ServerProcess, startServerProcess } from '../test/processes.ts';
import { BUSY_EDUCATOR, BUSY_STUDENT, COURSE } from './seed.ts';
import { rawWriteRatio } from './writes.ts';

type Row = [string, string, string];
type StartApi = (databaseUrl: string) => Promise<ServerProcess>;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

/** A browser's `Accept-Encoding`, which the widgets' requests carry. */
const BROWSER = { 'Accept-Encoding': 'gzip, deflate, br' };

async function rps(url: string, auth?: string, browser = true): Promise<number> {
  const headers = { ...(browser ? BROWSER : {}), ...(auth ? { Authorization: auth } : {}) };
  const result = await autocannon({ url, connections: 4, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function meanLatency(url: string, auth: string): Promise<number> {
  const result = await autocannon({ url, connections: 4, duration: seconds, headers: { Authorization: auth } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.latency.mean;
}

/** The median of the rounds and their spread. */
function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${median.toFixed(2)} (${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)})`;
}

const student: TestUser = { sub: BUSY_STUDENT, courses: [{ id: COURSE, role: 'student' }] };
const educator: TestUser = { sub: BUSY_EDUCATOR, courses: [{ id: COURSE, role: 'educator' }] };

/** A database whose course has 50 open slots ahead, the student holding a request for one of them. */
export async function listingDatabase(now: Date): Promise<string> {
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'bench-listing-')), 'sessions.db')}`;
  const db = await openDatabase(url);
  await migrateDatabase(db);
  const first = Math.floor(now.getTime() / 1000) + 86_400;
  const iso = (seconds: string) => sql.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', ${seconds}, 'unixepoch')`);
  await db.run(sql`WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < 49)
    INSERT INTO slots (id, course_id, course_title, educator_id, educator_name, starts_at, ends_at, note, created_at, updated_at, op)
    SELECT printf('slot-%04d', k), ${COURSE}, 'Course 0', ${BUSY_EDUCATOR}, 'Educator', ${iso(`${first} + k * 3600`)},
      ${iso(`${first} + k * 3600 + 1800`)}, 'Bring your notes', ${now.toISOString()}, ${now.toISOString()}, 'seed' FROM n`);
  await db.run(sql`INSERT INTO session_requests (id, slot_id, course_id, educator_id, student_id, starts_at, ends_at, status,
      created_at, updated_at, op)
    SELECT 'req-1', id, course_id, educator_id, ${BUSY_STUDENT}, starts_at, ends_at, 'pending', created_at, updated_at, 'seed'
    FROM slots WHERE id = 'slot-0003'`);
  db.$client.close();
  return url;
}

/** The statements the listing's database path sends, as the raw anchor replays them. */
async function listingStatements(url: string, now: Date) {
  const db = await openDatabase(url);
  const sent: unknown[] = [];
  const execute = db.$client.execute.bind(db.$client);
  db.$client.execute = ((statement: never) => {
    sent.push(statement);
    return execute(statement);
  }) as typeof db.$client.execute;
  const user = { id: student.sub, name: null, courses: student.courses };
  await listCourseSlots(db, user, COURSE, { limit: 50 }, now, DEFAULT_POLICY);
  db.$client.close();
  return JSON.stringify(sent);
}

/** Reads against bare Hono and raw libSQL, interleaved round by round. */
async function readGoals(startApi: StartApi, now: Date): Promise<Row[]> {
  const url = await listingDatabase(now);
  const hello = await startServerProcess({ HOST: '127.0.0.1' }, 'api/bench/hello.mjs');
  const raw = await startServerProcess(
    { HOST: '127.0.0.1', DATABASE_URL: url, RAW_STATEMENTS: await listingStatements(url, now) },
    'api/bench/raw-listing.mjs',
  );
  const api = await startApi(url);
  const studentAuth = `Bearer ${await tokenFor(student, now)}`;
  const listing = `${api.url}/api/availability/course/${COURSE}?limit=50`;
  const ratios = {
    listing: [] as number[],
    plain: [] as number[],
    listingRaw: [] as number[],
    me: [] as number[],
    secure: [] as number[],
    meSecure: [] as number[],
  };
  const absolute = {
    hello: [] as number[],
    listing: [] as number[],
    plain: [] as number[],
    raw: [] as number[],
    me: [] as number[],
    secure: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const bare = await rps(hello.url);
    const secure = await rps(`${hello.url}/me`);
    const served = await rps(listing, studentAuth);
    const plain = await rps(listing, studentAuth, false);
    const rawRps = await rps(raw.url);
    const me = await rps(`${api.url}/api/me`, studentAuth);
    ratios.listing.push(served / bare);
    ratios.plain.push(plain / bare);
    absolute.plain.push(plain);
    ratios.listingRaw.push(served / rawRps);
    ratios.me.push(me / bare);
    ratios.secure.push(secure / bare);
    ratios.meSecure.push(me / secure);
    absolute.secure.push(secure);
    absolute.hello.push(bare);
    absolute.listing.push(served);
    absolute.raw.push(rawRps);
    absolute.me.push(me);
  }
  await Promise.all([hello.stop(), raw.stop(), api.stop()]);
  const perSecond = (values: number[]) => `${values.map((value) => value.toFixed(0)).join(' / ')} req/s`;
  return [
    ['bare Hono hello-world (anchor), each round', perSecond(absolute.hello), '1.00'],
    [
      'course listing (50 slots), gzip as a browser asks, ÷ bare Hono — goal ≥ 0.5',
      perSecond(absolute.listing),
      spread(ratios.listing),
    ],
    ['… without Accept-Encoding (16 KB of JSON) ÷ bare Hono', perSecond(absolute.plain), spread(ratios.plain)],
    ["… ÷ raw @libsql/client running the database path's statements", perSecond(absolute.raw), spread(ratios.listingRaw)],
    ['`/api/me` ÷ bare Hono — goal ≥ 0.8', perSecond(absolute.me), spread(ratios.me)],
    [
      "bare Hono answering `/api/me`'s JSON with the API's security headers ÷ bare Hono",
      perSecond(absolute.secure),
      spread(ratios.secure),
    ],
    ['`/api/me` ÷ that bare Hono with the same headers and body', perSecond(absolute.me), spread(ratios.meSecure)],
  ];
}

/** The two lists that were not flat: mean latency at the largest size against the smallest, interleaved. */
async function listGoals(startApi: StartApi, small: string, large: string, largest: number, now: Date): Promise<Row[]> {
  const [smallApi, largeApi] = [await startApi(small), await startApi(large)];
  const auth = `Bearer ${await tokenFor(educator, now)}`;
  // Pages of 20, full at both sizes: at 1k the busy educator has about 25 slots ahead and 24 pending requests, so a
  // page of 50 would compare 25 rows with 50.
  const paths = [
    ["educator's slots", '/api/availability/educator/slots?limit=20'],
    ['educator requests, pending', '/api/session/educator/requests?status=pending&limit=20'],
  ];
  const rows: Row[] = [];
  for (const [name, path] of paths) {
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const at1k = await meanLatency(`${smallApi.url}${path}`, auth);
      const atLarge = await meanLatency(`${largeApi.url}${path}`, auth);
      ratios.push(atLarge / at1k);
    }
    rows.push([`${name}: ${largest} ÷ 1k requests, mean latency — goal ≤ 1.5`, `${ROUNDS} rounds`, spread(ratios)]);
  }
  await Promise.all([smallApi.stop(), largeApi.stop()]);
  return rows;
}

/** Writes through the API against the same batches sent raw, one round after another. */
async function writeGoals(startApi: StartApi): Promise<Row[]> {
  const rounds: [string, { measured: string; ratio: string }][][] = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await rawWriteRatio(startApi, (server) => server.stop()));
  return rounds[0].map(([name], index) => [
    `${name} — goal ≥ 0.5`,
    rounds.map((round) => round[index][1].measured).join('; '),
    spread(rounds.map((round) => Number(round[index][1].ratio))),
  ]);
}

/** Every goal row of the speed work; `small` and `large` are the seeded 1k and largest databases. */
export async function speedGoals(startApi: StartApi, small: string, large: string, largest: number): Promise<Row[]> {
  const now = new Date();
  return [
    ...(await readGoals(startApi, now)),
    ...(await listGoals(startApi, small, large, largest, now)),
    ...(await writeGoals(startApi)),
  ];
}
