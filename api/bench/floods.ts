// `npm run stress`'s floods (SPEC §18), against a server started with STRESS_REPORT=1: one educator publishing
// 480-slot series back to back, and 12,000 anonymous LTI logins, each while another user probes `/api/health`.
import type { ChildProcess } from 'node:child_process';
import { addPlatform } from '../src/lti/add-platform.ts';
import { type TestUser, tokenFor } from '../test/helpers.ts';
import { type Latency, probeHealth } from './health-probe.ts';

export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
}

/** The server's event-loop delay since the last call: STRESS_REPORT=1 makes it print it on SIGUSR2. */
export function eventLoopDelay(server: ChildProcess): Promise<LoopDelay> {
  const stderr = server.stderr;
  if (!stderr) throw new Error('The server’s stderr is not piped.');
  return new Promise((resolve) => {
    let text = '';
    const read = (chunk: Buffer) => {
      text += chunk;
      const line = /^\{"eventLoopDelay".*\}$/m.exec(text)?.[0];
      if (!line) return;
      stderr.off('data', read);
      resolve(JSON.parse(line).eventLoopDelay);
    };
    stderr.on('data', read);
    server.kill('SIGUSR2');
  });
}

const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function count(tally: Record<number, number>, status: number): void {
  tally[status] = (tally[status] ?? 0) + 1;
}

/** 480 slots: four hour-long ones each morning, every day for 120 days from tomorrow. */
const series480 = (now: Date) => ({
  courseId: 'c-flood',
  timeZone: 'UTC',
  from: dateOf(now.getTime() + DAY_MS),
  until: dateOf(now.getTime() + 120 * DAY_MS),
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  startTime: '08:00',
  endTime: '12:00',
  slotMinutes: 60,
});

export interface FloodResult {
  health: Latency;
  loop: LoopDelay;
  /** Answers by status. */
  statuses: Record<number, number>;
  seconds: number;
}

/**
 * One educator publishes 480-slot series one after another for `seconds`, deleting each at once (so that the slot
 * limit never stops the flood). With `writesPerMinute`, the writes are spread evenly at that rate, as fast as a rate
 * limit of that many allows; without, they go back to back. A 429 is waited out.
 */
export async function seriesFlood(
  url: string,
  server: ChildProcess,
  seconds: number,
  now: Date,
  writesPerMinute?: number,
): Promise<FloodResult> {
  const educator: TestUser = { sub: 'flooder', courses: [{ id: 'c-flood', role: 'educator' }] };
  const headers = { Authorization: `Bearer ${await tokenFor(educator, now)}`, 'Content-Type': 'application/json' };
  const body = JSON.stringify(series480(now));
  const statuses: Record<number, number> = {};
  await eventLoopDelay(server);
  const probe = probeHealth(url);
  const started = performance.now();
  let writes = 0;
  const write = async (path: string, method: string) => {
    const due = started + writes++ * (writesPerMinute ? 60_000 / writesPerMinute : 0);
    if (due > performance.now()) await sleep(due - performance.now());
    return fetch(`${url}${path}`, { method, headers, ...(method === 'POST' ? { body } : {}) });
  };
  while (performance.now() - started < seconds * 1000) {
    const res = await write('/api/availability/series', 'POST');
    count(statuses, res.status);
    const answer = (await res.json()) as { seriesId?: string };
    if (res.status === 201) {
      const deleted = await write(`/api/availability/series/${answer.seriesId}`, 'DELETE');
      await deleted.arrayBuffer();
      if (!deleted.ok) count(statuses, deleted.status);
    } else if (res.status === 429) {
      await sleep(Number(res.headers.get('Retry-After') ?? 1) * 1000);
    }
  }
  const health = await probe.stop();
  return { health, loop: await eventLoopDelay(server), statuses, seconds: (performance.now() - started) / 1000 };
}

/** Registers an LMS as its administrator would with `npm run lti:add`; nothing is fetched from it by a login. */
async function register(databaseUrl: string, issuer: string, clientId: string) {
  const endpoints = ['--auth-url', `${issuer}/auth`, '--token-url', `${issuer}/token`, '--jwks-url', `${issuer}/jwks`];
  await addPlatform(['--issuer', issuer, '--client-id', clientId, '--deployment-id', 'd-1', ...endpoints], {
    DATABASE_URL: databaseUrl,
    LTI_ALLOW_LOOPBACK: '1',
  });
}

/**
 * `total` anonymous OIDC logins for one registered LMS, `concurrency` at a time, stopping early after `maxSeconds`;
 * then one login for another LMS, whose answer (302 is the redirect to its sign-in) says whether the flood locked
 * it out.
 */
export async function loginFlood(
  url: string,
  server: ChildProcess,
  databaseUrl: string,
  { total = 12_000, concurrency = 16, maxSeconds = 180 } = {},
): Promise<FloodResult & { otherPlatform: number }> {
  const [flooded, other] = ['https://lms-a.example', 'https://lms-b.example'];
  await register(databaseUrl, flooded, 'client-a');
  await register(databaseUrl, other, 'client-b');
  const login = async (iss: string, clientId: string) => {
    const res = await fetch(`${url}/lti/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ iss, login_hint: 'anyone', target_link_uri: `${url}/lti/launch`, client_id: clientId }),
    });
    await res.arrayBuffer();
    return res.status;
  };
  const statuses: Record<number, number> = {};
  let sent = 0;
  await eventLoopDelay(server);
  const probe = probeHealth(url);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total && performance.now() - started < maxSeconds * 1000) {
        sent++;
        count(statuses, await login(flooded, 'client-a'));
      }
    }),
  );
  const health = await probe.stop();
  const seconds = (performance.now() - started) / 1000;
  const loop = await eventLoopDelay(server);
  return { health, loop, statuses, seconds, otherPlatform: await login(other, 'client-b') };
}
