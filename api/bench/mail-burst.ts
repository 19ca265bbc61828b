// 2,000 approvals in a burst with email on, against the production server and a real SMTP server (smtp-server) on
// loopback: another user's `/api/me` p99 during the burst against idle, and the time until the last email of the
// burst is delivered. Run alone with `npx tsx bench/mail-burst.ts` (after `npm run build`); `npm run stress` runs it.
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SMTPServer } from 'smtp-server';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { SECRET, type TestUser, tokenFor, users } from '../test/helpers.ts';
import { startServerProcess } from '../test/processes.ts';

export const APPROVALS = 2_000;
const AT_ONCE = 50;
const MINUTE = 60_000;

/** Runs `task` for 0..count-1, `AT_ONCE` at a time. */
async function inBatches(count: number, task: (n: number) => Promise<void>) {
  for (let start = 0; start < count; start += AT_ONCE) {
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, count - start) }, (_, k) => task(start + k)));
  }
}

/** Runs the burst on a fresh database and server; resolves with its rows ([what, measured, ratio]). */
export async function mailBurst(): Promise<[string, string, string][]> {
  let received = 0;
  let lastAt = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        lastAt = performance.now();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const database = `file:${join(mkdtempSync(join(tmpdir(), 'stress-mail-')), 'sessions.db')}`;
  const db = await openDatabase(database);
  await migrateDatabase(db);
  db.$client.close();
  const server = await startServerProcess({
    HOST: '127.0.0.1',
    DATABASE_URL: database,
    AUTH_SECRET: SECRET,
    RATE_LIMIT_PER_MINUTE: '0',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'One-on-one <sessions@example.edu>',
    REMINDER_MINUTES: '',
  });
  const { url } = server;
  const now = new Date();
  const bearer = async (user: TestUser, claims: Record<string, unknown> = {}) => `Bearer ${await tokenFor(user, now, claims)}`;
  const call = async (method: string, path: string, auth: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { id: string };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const settle = async (until: () => boolean, limitMs: number) => {
    const started = performance.now();
    while (!until() && performance.now() - started < limitMs) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const meP99 = async (seconds: number, auth: string) =>
    (await autocannon({ url: `${url}/api/me`, headers: { Authorization: auth }, connections: 10, duration: seconds, workers: 1 }))
      .latency.p99;

  try {
    const educator = await bearer(users.educator, { email: 'grace@example.edu' });
    const bystander = await bearer({ sub: 'bystander', courses: [{ id: 'c-999', role: 'student' }] });
    // 2,000 students, each with an address, each asking for one of 2,000 slots of 15 minutes.
    const requests: string[] = [];
    await inBatches(APPROVALS, async (n) => {
      const startsAt = now.getTime() + 24 * 60 * MINUTE + n * 15 * MINUTE;
      const slot = await call('POST', '/api/availability/create', educator, {
        courseId: 'c-101',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 15 * MINUTE).toISOString(),
      });
      const student = await bearer(
        { sub: `mail-${n}`, name: `Student ${n}`, courses: [{ id: 'c-101', role: 'student' }] },
        { email: `student-${n}@example.edu` },
      );
      requests[n] = (await call('POST', '/api/session/request', student, { slotId: slot.id })).id;
    });
    // The educator's 2,000 emails of new requests go out before the burst.
    await settle(() => received >= APPROVALS, 10 * MINUTE);
    const before = received;
    await meP99(2, bystander);
    const idle = await meP99(5, bystander);

    const started = performance.now();
    const during = meP99(5, bystander);
    await inBatches(APPROVALS, async (n) => {
      await call('PUT', `/api/session/approve/${requests[n]}`, educator, { meetingLink: 'https://meet.example.com/abc' });
    });
    const approvedIn = performance.now() - started;
    const busy = await during;
    // Each approval emails its student and its educator.
    await settle(() => received >= before + 2 * APPROVALS, 10 * MINUTE);
    const lastEmail = lastAt - started;
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    return [
      ['email on, idle: `/api/me` p99 (anchor)', ms(idle), '1×'],
      [
        `${APPROVALS} approvals in a burst (${AT_ONCE} at a time, ${ms(approvedIn)}): another user's \`/api/me\` p99 over its first 5 s`,
        ms(busy),
        `${(busy / idle).toFixed(2)}×`,
      ],
      [
        `${APPROVALS} approvals: time until the last of their emails is delivered`,
        ms(lastEmail),
        `${received - before} of ${2 * APPROVALS} emails`,
      ],
    ];
  } finally {
    await server.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await mailBurst();
  console.log('\n| what | measured | ratio to its anchor |\n| --- | --- | --- |');
  for (const [what, measured, against] of rows) console.log(`| ${what} | ${measured} | ${against} |`);
  process.exit(0);
}
