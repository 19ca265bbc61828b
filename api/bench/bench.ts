// `npm run bench`: the production server on loopback against seeded databases of several sizes, measured
// with autocannon. Every figure is printed as a ratio to an anchor measured in the same run: each list at
// the largest size against the smallest; reads against a bare Hono hello-world; writes against raw libSQL
// batches of the same statements; health under a heavy list against idle health; the CSV export of a course at the
// largest size against the smallest (time per row, peak memory).
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type Database, migrateDatabase, openDatabase } from '../src/db/client.ts';
import { migrationsFolder } from '../src/paths.ts';
import { SECRET, type TestUser, tokenFor } from '../test/helpers.ts';
import { type ServerProcess, startServerProcess } from '../test/processes.ts';
import { csvExportRows, statsRow } from './csv-export.ts';
import { speedGoals } from './goals.ts';
import { describeLatencies, eventLatencies } from './latency.ts';
import { BUSY_EDUCATOR, BUSY_STUDENT, COURSE, SEED_VERSION, seedBench } from './seed.ts';
import { rawWriteRatio } from './writes.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,1000000').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
/** `BENCH_ONLY=goals` runs the speed goals alone (step 7), on the same seeded databases. */
const goalsOnly = process.env.BENCH_ONLY === 'goals';
const now = new Date();

const startApi = (databaseUrl: string) =>
  startServerProcess({ HOST: '127.0.0.1', DATABASE_URL: databaseUrl, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0' });
const stop = (server: ServerProcess) => server.stop();

const bearer = async (user: TestUser) => `Bearer ${await tokenFor(user, now)}`;
const educator: TestUser = { sub: BUSY_EDUCATOR, courses: [{ id: COURSE, role: 'educator' }] };
const studentUser: TestUser = { sub: BUSY_STUDENT, courses: [{ id: COURSE, role: 'student' }] };

async function load(url: string, auth?: string, connections = 4) {
  const result = await autocannon({ url, connections, duration: seconds, headers: auth ? { Authorization: auth } : {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, mean: result.latency.mean, p99: result.latency.p99 };
}

/** A seeded database for `size`, kept between runs while the migrations are the same. */
async function seeded(size: number): Promise<string> {
  const dir = join(tmpdir(), 'one-on-one-bench');
  mkdirSync(dir, { recursive: true });
  const schema = readdirSync(migrationsFolder).filter((name) => name.endsWith('.sql')).length;
  const file = join(dir, `${size}-m${schema}-s${SEED_VERSION}.db`);
  if (!existsSync(file)) {
    const building = `${file}.building`;
    const db = await openDatabase(`file:${building}`);
    await migrateDatabase(db);
    const started = performance.now();
    await seedBench(db, size, now);
    await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    db.$client.close();
    console.error(`seeded ${size} requests in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    renameSync(building, file);
  }
  return `file:${file}`;
}

const lists = (from: string, to: string) =>
  [
    ["an educator's requests", `/api/session/educator/requests`, educator],
    ['… pending', `/api/session/educator/requests?status=pending`, educator],
    ['… rejected (expired included)', `/api/session/educator/requests?status=rejected`, educator],
    ['… completed', `/api/session/educator/requests?status=completed`, educator],
    ['… in a window', `/api/session/educator/requests?from=${from}&to=${to}`, educator],
    ["a student's requests", `/api/session/my-requests`, studentUser],
    ['… cancelled', `/api/session/my-requests?status=cancelled`, studentUser],
    ["a course's open slots", `/api/availability/course/${COURSE}`, studentUser],
    ["an educator's slots", `/api/availability/educator/slots`, educator],
  ] as const;

const rows: [string, string, string][] = [];
const ratio = (value: number, anchor: number) => `${(value / anchor).toFixed(2)}`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

// 1. Every list at each size.
const window = [now, new Date(now.getTime() + 365 * 86_400_000)].map((d) => encodeURIComponent(d.toISOString()));
const perSize = new Map<number, Map<string, number>>();
let largestUrl = '';
for (const size of goalsOnly ? [] : sizes) {
  const databaseUrl = await seeded(size);
  largestUrl = databaseUrl;
  const server = await startApi(databaseUrl);
  const means = new Map<string, number>();
  for (const [name, path, user] of lists(window[0], window[1])) {
    means.set(name, (await load(`${server.url}${path}`, await bearer(user))).mean);
  }
  perSize.set(size, means);
  await stop(server);
}
const [smallest, largest] = [sizes[0], sizes[sizes.length - 1]];
if (goalsOnly) largestUrl = await seeded(largest);
else await everyOtherRow();

// 7. The speed goals, each against its anchor in the same round, over three rounds.
rows.push(...(await speedGoals(startApi, await seeded(smallest), largestUrl, largest)));

console.log('\n| what | measured | ratio |\n| --- | --- | --- |');
for (const [what, measured, value] of rows) console.log(`| ${what} | ${measured} | ${value} |`);
process.exit(0);

/** Steps 1–6's rows: every list at each size, reads against bare Hono, health under load, writes, events, export. */
async function everyOtherRow() {
  for (const [name] of lists('', '')) {
    const small = perSize.get(smallest)?.get(name) ?? 0;
    const big = perSize.get(largest)?.get(name) ?? 0;
    rows.push([`${name}: mean latency at ${largest} vs ${smallest} requests`, `${ms(big)} vs ${ms(small)}`, ratio(big, small)]);
  }

  // 2. Reads against a bare Hono hello-world, on a database with one course of 50 slots.
  const hello = await startServerProcess({ HOST: '127.0.0.1' }, 'api/bench/hello.mjs');
  const bare = await load(hello.url);
  await stop(hello);
  const smallDb = `file:${join(tmpdir(), `one-on-one-bench-reads-${process.pid}.db`)}`;
  const reads: Database = await openDatabase(smallDb);
  await migrateDatabase(reads);
  await seedBench(reads, 100, now);
  reads.$client.close();
  const api = await startApi(smallDb);
  const readAnchors: [string, string, TestUser | undefined][] = [
    ['`GET /api/availability/course/:id` (50 slots)', `/api/availability/course/${COURSE}?limit=50`, studentUser],
    ['`GET /api/me`', '/api/me', studentUser],
    ['`GET /api/health`', '/api/health', undefined],
  ];
  rows.push(['bare Hono hello-world on @hono/node-server (anchor)', `${bare.rps.toFixed(0)} req/s`, '1.00']);
  for (const [name, path, user] of readAnchors) {
    const measured = await load(`${api.url}${path}`, user ? await bearer(user) : undefined);
    rows.push([`${name} req/s vs bare Hono`, `${measured.rps.toFixed(0)} req/s`, ratio(measured.rps, bare.rps)]);
  }
  await stop(api);

  // 3. Health while a heavy list is served, on the largest database.
  const heavy = await startApi(largestUrl);
  const idleHealth = await load(`${heavy.url}/api/health`, undefined, 1);
  const [underLoad] = await Promise.all([
    load(`${heavy.url}/api/health`, undefined, 1),
    load(`${heavy.url}/api/session/educator/requests?limit=200`, await bearer(educator), 4),
  ]);
  rows.push([
    `\`/api/health\` p99 while 4 clients read 200-item pages of a ${largest}-request database`,
    `${ms(underLoad.p99)} (idle ${ms(idleHealth.p99)})`,
    'goal ≤ 50 ms',
  ]);
  await stop(heavy);

  // 4. Writes against raw libSQL batches of the same statements.
  for (const [name, value] of await rawWriteRatio(startApi, stop)) rows.push([name, value.measured, value.ratio]);

  // 5. Live-update latency.
  const events = await eventLatencies(40);
  rows.push(['event latency, the instance that made the change', describeLatencies(events.same), 'target p95 ≤ 50 ms']);
  rows.push(['event latency, another instance', describeLatencies(events.other), 'target ≤ 1000 ms']);

  // 6. The CSV export of a course at the largest size against the smallest.
  rows.push(...(await csvExportRows(smallest, largest)));
  rows.push(await statsRow(largest));
}
