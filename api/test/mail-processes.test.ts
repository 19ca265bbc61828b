// Email from real server processes (as built): the start refuses a bad mail configuration in one line; two
// processes on one database send each message exactly once; after a `kill -9` between lease and send, only the
// message in flight is sent again, with the same Message-ID.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { mailDeliveries } from '../src/db/schema.ts';
import { LEASE_MS, sendNext } from '../src/mail/send.ts';
import { smtpMailer } from '../src/mail/transport.ts';
import { SECRET, student, type TestUser, tokenFor, users } from './helpers.ts';
import { runServerToExit, type ServerProcess, startServerProcess } from './processes.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

// Generous: processes start and mail travels on a machine that may be loaded; nothing waits on time itself.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const MAIL_FROM = 'One-on-one <sessions@example.edu>';
const running: ServerProcess[] = [];
const smtps: TestSmtp[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) if (server.child.exitCode === null && !server.child.killed) await server.stop();
  for (const smtp of smtps.splice(0)) await smtp.close();
});

async function start(env: Record<string, string>) {
  const server = await startServerProcess({
    AUTH_SECRET: SECRET,
    MAIL_FROM,
    PUBLIC_URL: 'https://sessions.example.edu',
    REMINDER_MINUTES: '',
    ...env,
  });
  running.push(server);
  return server;
}

/** Calls a server as `user`, whose token also carries `claims`. */
async function call(server: ServerProcess, method: string, path: string, user: TestUser, body?: unknown, claims = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${await tokenFor(user, new Date(), claims)}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the tests read what the API answered
  const answer: any = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

const hoursAhead = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Until `check` holds, reading the database again after each pause. */
async function until(check: () => Promise<boolean>) {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

const rowsWith = async (db: Database, status: 'queued' | 'sent') =>
  (await db.select({ n: count() }).from(mailDeliveries).where(eq(mailDeliveries.status, status)))[0].n;

describe('a mail configuration the server cannot use', () => {
  it.each([
    [{ MAIL_FROM: '' }, 'Cannot start: MAIL_FROM: required when SMTP_URL is set'],
    [{ MAIL_FROM: 'sessions at example.edu' }, 'Cannot start: MAIL_FROM: must be an address'],
    [{ REMINDER_MINUTES: '60,4' }, 'Cannot start: REMINDER_MINUTES: each lead is a whole number of minutes from 5 to 10080'],
    [{ SMTP_URL: 'http://mail.example.edu' }, 'Cannot start: SMTP_URL: must be an smtp:// or smtps:// URL'],
  ])('stops the start in one line: %j', async (env, message) => {
    const { code, output } = await runServerToExit({ AUTH_SECRET: SECRET, SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM, ...env });
    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(message)).toBe(true);
  });

  it('reads SMTP_URL, MAIL_FROM and REMINDER_MINUTES', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    expect(
      loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.edu:465', MAIL_FROM, REMINDER_MINUTES: ' 1440, 15,60,15' }).mail,
    ).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.edu:465',
      from: { name: 'One-on-one', address: 'sessions@example.edu' },
      reminderMinutes: [15, 60, 1440],
    });
    expect(loadConfig({ SMTP_URL: 'smtp://localhost', MAIL_FROM: 'a@example.edu' }).mail?.reminderMinutes).toEqual([60]);
    expect(
      loadConfig({ SMTP_URL: 'smtp://localhost', MAIL_FROM: 'a@example.edu', REMINDER_MINUTES: '' }).mail?.reminderMinutes,
    ).toEqual([]);
    for (const leads of ['10081', 'x', '60,,90', '5.5']) {
      expect(() => loadConfig({ SMTP_URL: 'smtp://localhost', MAIL_FROM, REMINDER_MINUTES: leads })).toThrow(
        /^REMINDER_MINUTES: /,
      );
    }
  });

  it('starts while the SMTP server is down: delivery waits for it', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    await smtp.down();
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'mail-down-')), 'sessions.db')}`;
    const server = await start({ DATABASE_URL: url, SMTP_URL: smtp.url });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe('several processes', () => {
  it('two API processes on one database file send each message exactly once', async () => {
    const smtp = await startSmtp();
    smtps.push(smtp);
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'mail-two-')), 'sessions.db')}`;
    const env = { DATABASE_URL: url, SMTP_URL: smtp.url };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const students = Array.from({ length: 6 }, (_, n) => student(n));
    await call(a, 'GET', '/api/me', users.educator, undefined, { email: 'grace@example.edu' });
    for (const [n, who] of students.entries()) {
      await call(n % 2 ? a : b, 'GET', '/api/me', who, undefined, { email: `student${n}@example.edu` });
    }
    const requests = [];
    for (const [n, who] of students.entries()) {
      const slot = await call(n % 2 ? a : b, 'POST', '/api/availability/create', users.educator, {
        courseId: 'c-101',
        startsAt: hoursAhead(24 + n * 2),
        endsAt: hoursAhead(25 + n * 2),
      });
      requests.push(await call(n % 2 ? b : a, 'POST', '/api/session/request', who, { slotId: slot.id }));
    }
    await smtp.waitFor(6);
    for (const [n, request] of requests.entries()) {
      await call(n % 2 ? a : b, 'PUT', `/api/session/approve/${request.id}`, users.educator, {
        meetingLink: 'https://meet.example.com/x',
      });
    }
    await smtp.waitFor(18);
    const db = await openDatabase(url);
    await until(async () => (await rowsWith(db, 'queued')) === 0);
    expect(await rowsWith(db, 'sent')).toBe(18);
    db.$client.close();

    expect(smtp.received).toHaveLength(18);
    expect(new Set(smtp.received.map((mail) => mail.mail.messageId)).size).toBe(18);
    const perRecipient = new Map<string, number>();
    for (const mail of smtp.received) perRecipient.set(mail.to[0], (perRecipient.get(mail.to[0]) ?? 0) + 1);
    expect(perRecipient.get('grace@example.edu')).toBe(12);
    for (let n = 0; n < 6; n++) expect(perRecipient.get(`student${n}@example.edu`)).toBe(1);
  });

  it('after a kill -9 between lease and send, only the message in flight is sent again, with the same Message-ID', async () => {
    // The server takes in the first message's data and never answers it: the process is killed while sending it.
    const smtp = await startSmtp({ holdFirst: true });
    smtps.push(smtp);
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'mail-kill-')), 'sessions.db')}`;
    const server = await start({ DATABASE_URL: url, SMTP_URL: smtp.url });
    await call(server, 'GET', '/api/me', users.educator, undefined, { email: 'grace@example.edu' });
    for (let n = 0; n < 3; n++) {
      const slot = await call(server, 'POST', '/api/availability/create', users.educator, {
        courseId: 'c-101',
        startsAt: hoursAhead(24 + n * 2),
        endsAt: hoursAhead(25 + n * 2),
      });
      await call(server, 'POST', '/api/session/request', student(n), { slotId: slot.id });
    }
    const inFlight = await smtp.held;
    await smtp.waitFor(2);
    const db = await openDatabase(url);
    await until(async () => (await rowsWith(db, 'sent')) === 2);
    const killed = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGKILL');
    await killed;
    expect(await rowsWith(db, 'queued')).toBe(1);

    // Another process takes over once the dead one's lease has run out.
    const mailer = smtpMailer(smtp.url);
    const options = {
      secret: SECRET,
      publicUrl: 'https://sessions.example.edu',
      from: { name: 'One-on-one', address: 'sessions@example.edu' },
      reminderMinutes: [],
    };
    const afterLease = new Date(Date.now() + LEASE_MS + 1_000);
    expect((await sendNext(db, mailer, options, new Date(), 'another')).result).toBe('idle');
    expect((await sendNext(db, mailer, options, afterLease, 'another')).result).toBe('sent');
    expect((await sendNext(db, mailer, options, afterLease, 'another')).result).toBe('idle');
    mailer.close();
    db.$client.close();

    const heldId = /^Message-ID: (.+)$/im.exec(inFlight)?.[1].trim();
    const ids = smtp.received.map((mail) => mail.mail.messageId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(ids[2]).toBe(heldId);
    expect(ids.slice(0, 2)).not.toContain(heldId);
  });
});
