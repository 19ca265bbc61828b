// `npm run stress`: the event stream under hostile load, then the floods of SPEC §18 (series, logins) and a burst of
// approvals with email on, against the
// production server on loopback. Bounded in count and time (a few minutes). Prints each figure with its anchor
// from the same run: latency against the idle server's, memory against the idle process's, the server's worst
// event-loop delay against its idle one.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { MAX_STREAMS_PER_USER } from '../src/live/hub.ts';
import { SECRET, type TestUser, tokenFor, users } from '../test/helpers.ts';
import { SERVE, startServerProcess } from '../test/processes.ts';
import { eventLoopDelay, type FloodResult, loginFlood, seriesFlood } from './floods.ts';
import { healthOver } from './health-probe.ts';
import { mailBurst } from './mail-burst.ts';

const STREAMS = 2_000;
const UPDATES = 20;
const REPLAY_EVENTS = 100_000;
const databaseUrl = `file:${join(mkdtempSync(join(tmpdir(), 'stress-')), 'sessions.db')}`;

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** Samples the server's memory every 50 ms while `work` runs; resolves with its result and the peak. */
async function peakDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 50);
  try {
    return { result: await work(), peakMb };
  } finally {
    clearInterval(sampler);
    peakMb = Math.max(peakMb, rssMb(pid));
  }
}

const now = new Date();
const bearer = async (user: TestUser, claims = {}) => `Bearer ${await tokenFor(user, now, claims)}`;
const student = (n: number): TestUser => ({ sub: `stress-${n}`, courses: [{ id: 'c-101', role: 'student' }] });
const bystander: TestUser = { sub: 'bystander', courses: [{ id: 'c-999', role: 'student' }] };

/** `/api/me` for a user with nothing to do with the load, in a worker thread so the load does not skew it. */
async function meLatency(url: string, seconds: number) {
  const result = await autocannon({
    url: `${url}/api/me`,
    headers: { Authorization: await bearer(bystander) },
    connections: 10,
    duration: seconds,
    workers: 1,
  });
  return { p99: result.latency.p99, requests: result.requests.total };
}

interface OpenStream {
  events: number;
  ended: boolean;
  last: number;
  abort: AbortController;
  done: Promise<void>;
}

/** Opens a stream and counts what arrives; with `read: false`, never reads a byte after the headers. */
async function openStream(url: string, auth: string, lastEventId?: string, read = true): Promise<OpenStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { Authorization: auth, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) };
  const res = await fetch(`${url}/api/events`, { headers, signal: abort.signal });
  const stream: OpenStream = { events: 0, ended: false, last: 0, abort, done: Promise.resolve() };
  if (!read) return stream;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  stream.done = (async () => {
    let tail = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const text = tail + decoder.decode(value, { stream: true });
        for (const match of text.matchAll(/^id: (\d+)$/gm)) {
          stream.events++;
          stream.last = Number(match[1]);
        }
        tail = text.slice(text.lastIndexOf('\n'));
      }
    } catch {
      // Aborted by us.
    }
    stream.ended = true;
  })();
  return stream;
}

async function updateNotes(url: string, slotId: string, count: number): Promise<number> {
  const auth = await bearer(users.educator);
  const started = performance.now();
  for (let n = 0; n < count; n++) {
    await fetch(`${url}/api/availability/update/${slotId}`, {
      method: 'PUT',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: `Room ${n}` }),
    });
  }
  return performance.now() - started;
}

const settle = async (until: () => boolean, limitMs = 20_000) => {
  const started = performance.now();
  while (!until() && performance.now() - started < limitMs) await new Promise((resolve) => setTimeout(resolve, 50));
};
/** A measurement under way, and whether it has finished: the load runs until it has. */
function whileMeasuring<T>(result: Promise<T>) {
  const state = { result, done: false };
  void result.finally(() => (state.done = true));
  return state;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const preciseMs = (value: number) => `${value.toFixed(2)} ms`;
/** Answers by status, as `201: 40, 429: 2`. */
const answers = (statuses: Record<number, number>) =>
  Object.entries(statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
/** RATE_LIMIT_PER_MINUTE's default (SPEC §2): the pace of the first series flood. */
const DEFAULT_RATE_LIMIT = 120;
const SERIES_FLOOD_SECONDS = 25;
const ratio = (value: number, anchor: number) => `${(value / anchor).toFixed(2)}×`;

const db = await openDatabase(databaseUrl);
await migrateDatabase(db);
const { url, child } = await startServerProcess(
  { HOST: '127.0.0.1', DATABASE_URL: databaseUrl, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0' },
  SERVE,
  // One process, so that its memory is one process's; STRESS_PROFILE=1 writes a CPU profile to /tmp/prof.
  process.env.STRESS_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [],
);
const pid = child.pid as number;
const rows: [string, string, string][] = [];
try {
  const created = await fetch(`${url}/api/availability/create`, {
    method: 'POST',
    headers: { Authorization: await bearer(users.educator), 'Content-Type': 'application/json' },
    body: JSON.stringify({
      courseId: 'c-101',
      startsAt: new Date(now.getTime() + 86_400_000).toISOString(),
      endsAt: new Date(now.getTime() + 88_200_000).toISOString(),
    }),
  });
  const slot = (await created.json()) as { id: string };
  await meLatency(url, 2);
  const idle = await meLatency(url, 5);
  const idleMb = rssMb(pid);
  const quietUpdates = await updateNotes(url, slot.id, UPDATES);
  rows.push(
    ['idle: `/api/me` p99 (anchor)', ms(idle.p99), '1×'],
    ['idle: server memory (anchor)', `${idleMb.toFixed(0)} MB`, '1×'],
  );
  rows.push([`idle: ${UPDATES} note updates, no streams (anchor)`, ms(quietUpdates), '1×']);

  // 1. One student opens 2,000 streams: only the newest ones stay open.
  const hoarder = await bearer(users.student);
  const hoarded = await Promise.all(Array.from({ length: STREAMS }, () => openStream(url, hoarder)));
  await settle(() => hoarded.filter((stream) => stream.ended).length >= STREAMS - MAX_STREAMS_PER_USER);
  rows.push([
    `${STREAMS} streams opened by one student: still open`,
    String(hoarded.filter((s) => !s.ended).length),
    `cap ${MAX_STREAMS_PER_USER}`,
  ]);

  // 2. Fan-out: 2,000 students, one stream each, receive 20 updates while a bystander uses the API.
  const auths = await Promise.all(Array.from({ length: STREAMS }, (_, n) => bearer(student(n))));
  const fanOut = await peakDuring(pid, async () => {
    const streams = await Promise.all(auths.map((auth) => openStream(url, auth)));
    const measuring = whileMeasuring(meLatency(url, 6));
    let rounds = 0;
    let updates = 0;
    for (; !measuring.done; rounds++) updates += await updateNotes(url, slot.id, UPDATES);
    await settle(() => streams.every((stream) => stream.events >= rounds * UPDATES));
    const delivered = streams.reduce((sum, stream) => sum + stream.events, 0);
    for (const stream of streams) stream.abort.abort();
    return { me: await measuring.result, updates: updates / rounds, delivered, rounds };
  });
  rows.push(
    [
      `fan-out: \`/api/me\` p99 while ${STREAMS} streams get rounds of ${UPDATES} events (${fanOut.result.rounds} rounds)`,
      ms(fanOut.result.me.p99),
      ratio(fanOut.result.me.p99, idle.p99),
    ],
    [
      `fan-out: ${UPDATES} note updates, mean of the rounds`,
      ms(fanOut.result.updates),
      ratio(fanOut.result.updates, quietUpdates),
    ],
    ['fan-out: events delivered', `${fanOut.result.delivered} of ${STREAMS * UPDATES * fanOut.result.rounds}`, ''],
    ['fan-out: peak server memory', `${fanOut.peakMb.toFixed(0)} MB`, ratio(fanOut.peakMb, idleMb)],
  );
  for (const stream of hoarded) stream.abort.abort();

  // 3. Replay: 100k events of other courses in the outbox, the student's own spread among them.
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${REPLAY_EVENTS})
    INSERT INTO outbox (type, slot_id, course_id, educator_id, created_at, payload)
    SELECT 'slot.updated', 'elsewhere', 'c-elsewhere-' || (i % 50), 'ed-elsewhere', ${now.toISOString()},
      json_object('id', 'elsewhere', 'note', printf('%.200c', 'x')) FROM n`);
  const lastOwn = await updateNotes(url, slot.id, 1).then(async () =>
    Number((await db.get<{ id: number }>(sql`SELECT max(id) AS id FROM outbox`))?.id),
  );
  const replay = await peakDuring(pid, async () => {
    const started = performance.now();
    const stream = await openStream(url, await bearer(users.otherStudent), '0');
    await settle(() => stream.last >= lastOwn, 60_000);
    const elapsed = performance.now() - started;
    stream.abort.abort();
    return { elapsed, events: stream.events };
  });
  rows.push(
    [
      `replay from 0 over ${REPLAY_EVENTS / 1000}k events (${replay.result.events} of them the caller's)`,
      ms(replay.result.elapsed),
      '',
    ],
    ['replay: peak server memory', `${replay.peakMb.toFixed(0)} MB`, ratio(replay.peakMb, idleMb)],
  );
  const whole = await peakDuring(pid, async () => {
    const started = performance.now();
    const stream = await openStream(url, await bearer({ sub: 'ed-elsewhere', courses: [] }), '0');
    await settle(() => stream.events >= REPLAY_EVENTS, 60_000);
    const elapsed = performance.now() - started;
    stream.abort.abort();
    return { elapsed, events: stream.events };
  });
  rows.push(
    [
      `replay from 0 of ${REPLAY_EVENTS / 1000}k events, all the caller's (${whole.result.events} received)`,
      ms(whole.result.elapsed),
      '',
    ],
    ['replay of all: peak server memory', `${whole.peakMb.toFixed(0)} MB`, ratio(whole.peakMb, idleMb)],
  );
  const stalled = await peakDuring(pid, async () => {
    const strangers = await Promise.all(Array.from({ length: 10 }, (_, n) => bearer(student(10_000 + n))));
    const hoarders = await Promise.all(
      [0, 1, 2].map(async (n) => openStream(url, await bearer(student(20_000 + n)), '0', false)),
    );
    const measuring = whileMeasuring(meLatency(url, 5));
    let replays = 0;
    while (!measuring.done) {
      // Ten users with no events in those 100k replay from 0 at once, again and again.
      const streams = await Promise.all(strangers.map((auth) => openStream(url, auth, '0')));
      await settle(() => streams.every((stream) => stream.last >= lastOwn || stream.ended), 60_000);
      for (const stream of streams) stream.abort.abort();
      replays += streams.length;
    }
    for (const stream of hoarders) stream.abort.abort();
    return { ...(await measuring.result), replays };
  });
  rows.push(
    [
      `\`/api/me\` p99 during ${stalled.result.replays} replays from 0 (10 at a time) and 3 that never read`,
      ms(stalled.result.p99),
      ratio(stalled.result.p99, idle.p99),
    ],
    ['replays: peak server memory', `${stalled.peakMb.toFixed(0)} MB`, ratio(stalled.peakMb, idleMb)],
  );

  // 4. A token that expires in 3 s: the stream ends then, and hears nothing of a change at 4 s.
  const expiring = await openStream(url, await bearer(users.student, { exp: Math.floor(Date.now() / 1000) + 3 }));
  const openedAt = performance.now();
  await updateNotes(url, slot.id, 1);
  await settle(() => expiring.ended, 10_000);
  const endedAfter = performance.now() - openedAt;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 4_000 - endedAfter)));
  await updateNotes(url, slot.id, 1);
  rows.push([
    'stream with a token expiring in 3 s: ended after',
    ms(endedAfter),
    `${expiring.events} event(s) before, none after`,
  ]);

  // 5. 4,000 HEADs whose sockets close, then 20 updates.
  const heads = await bearer(users.student);
  for (let n = 0; n < 4_000; n += 100) {
    await Promise.all(
      Array.from({ length: 100 }, () => fetch(`${url}/api/events`, { method: 'HEAD', headers: { Authorization: heads } })),
    );
  }
  const afterHeads = await updateNotes(url, slot.id, UPDATES);
  rows.push([`${UPDATES} note updates after 4,000 HEAD requests`, ms(afterHeads), ratio(afterHeads, quietUpdates)]);
} finally {
  child.kill('SIGTERM');
  db.$client.close();
}

// 6. The floods, each on a fresh database and server of its own that reports its event-loop delay: the series flood
// at the default rate limit (120 writes a minute), then again and the login flood with no rate limit in the way, so
// that the server alone sets the pace: the worst any limit allows.
async function floods(rateLimit: number, run: (url: string, server: ChildProcess, database: string) => Promise<void>) {
  const database = `file:${join(mkdtempSync(join(tmpdir(), 'stress-')), 'sessions.db')}`;
  const env = { HOST: '127.0.0.1', DATABASE_URL: database, AUTH_SECRET: SECRET, STRESS_REPORT: '1', LTI_ALLOW_LOOPBACK: '1' };
  const server = await startServerProcess({ ...env, RATE_LIMIT_PER_MINUTE: String(rateLimit) });
  try {
    await run(server.url, server.child, database);
  } finally {
    await server.stop();
  }
}

/** Another user's `/api/health` and the server's event-loop delay while nothing else runs: the anchors. */
async function idleAnchors(url: string, server: ChildProcess, name: string) {
  await healthOver(url, 2_000);
  await eventLoopDelay(server);
  const health = await healthOver(url, 10_000);
  const loop = await eventLoopDelay(server);
  rows.push(
    [`${name}, idle: \`/api/health\` p50 / p99 (anchors)`, `${preciseMs(health.p50)} / ${preciseMs(health.p99)}`, '1×'],
    [`${name}, idle: event-loop delay p99 / worst (anchors)`, `${preciseMs(loop.p99Ms)} / ${preciseMs(loop.maxMs)}`, '1×'],
  );
  /** Adds the rows of a flood, each against its anchor. */
  return (flood: string, result: FloodResult): void => {
    rows.push(
      [`${flood}: \`/api/health\` p50`, preciseMs(result.health.p50), ratio(result.health.p50, health.p50)],
      [
        `${flood}: \`/api/health\` p99 (${result.health.count} probes)`,
        preciseMs(result.health.p99),
        ratio(result.health.p99, health.p99),
      ],
      [`${flood}: event-loop delay p99`, preciseMs(result.loop.p99Ms), ratio(result.loop.p99Ms, loop.p99Ms)],
      [`${flood}: worst event-loop delay`, preciseMs(result.loop.maxMs), ratio(result.loop.maxMs, loop.maxMs)],
    );
  };
}

const seriesRow = (name: string, result: FloodResult): [string, string, string] => [
  `${name}: 480-slot series published and deleted for ${result.seconds.toFixed(0)} s`,
  `${result.statuses[201] ?? 0} series`,
  answers(result.statuses),
];

await floods(DEFAULT_RATE_LIMIT, async (url, server) => {
  const against = await idleAnchors(url, server, 'at the default rate limit');
  const name = `series flood at ${DEFAULT_RATE_LIMIT} writes a minute`;
  const series = await seriesFlood(url, server, SERIES_FLOOD_SECONDS, now, DEFAULT_RATE_LIMIT);
  rows.push(seriesRow(name, series));
  against(name, series);
});
await floods(0, async (url, server, database) => {
  const against = await idleAnchors(url, server, 'no rate limit');
  const name = 'series flood back to back, no rate limit';
  const series = await seriesFlood(url, server, SERIES_FLOOD_SECONDS, now);
  rows.push(seriesRow(name, series));
  against(name, series);
  const logins = await loginFlood(url, server, database);
  rows.push([
    'login flood: `POST /lti/login` for one LMS, 16 at a time (12,000, or what 180 s allow)',
    `${logins.seconds.toFixed(1)} s`,
    answers(logins.statuses),
  ]);
  against('login flood', logins);
  rows.push([
    'login flood: then a login for another registered LMS answers',
    String(logins.otherPlatform),
    '302 is its redirect',
  ]);
});

// 7. Email on: 2,000 approvals in a burst, against an SMTP server on loopback (bench/mail-burst.ts).
rows.push(...(await mailBurst()));

console.log('\n| what | measured | ratio to its anchor |\n| --- | --- | --- |');
for (const [what, measured, against] of rows) console.log(`| ${what} | ${measured} | ${against} |`);
process.exit(0);
