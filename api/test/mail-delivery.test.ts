// Email delivery over time, at the test's clock: retries with backoff while the SMTP server is down (each message
// then arrives exactly once), and reminders at each lead, once, across a restart, none for a lead already passed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { retryDelayMs } from '../src/jobs/background.ts';
import { planMail } from '../src/mail/plan.ts';
import { sendNext } from '../src/mail/send.ts';
import { smtpMailer } from '../src/mail/transport.ts';
import { HOUR, MINUTE, NOW, setup, tokenFor, users } from './helpers.ts';
import { ADDRESS, type MailWorld, mailWorld, summary } from './mail-world.ts';
import { startSmtp } from './smtp.ts';

let world: MailWorld;
afterEach(() => world.close());

const later = (ms: number) => new Date(NOW.getTime() + ms);
const GRACE = ADDRESS[users.educator.sub];
const ADA = ADDRESS[users.student.sub];

describe('delivery while the SMTP server is down', () => {
  it('retries each message with backoff (1 s, 2 s, 4 s …) and delivers each exactly once when it is back', async () => {
    world = await mailWorld();
    await world.introduce(users.educator);
    await world.api.request((await world.api.slot(24)).id, users.student);
    await world.api.request((await world.api.slot(30)).id, users.otherStudent);
    await world.smtp.down();

    const first = await world.deliver(NOW);
    expect(first.map((outcome) => outcome.result)).toEqual(['failed', 'failed']);
    expect(first[0]).toMatchObject({ retryAt: later(retryDelayMs(1)).toISOString() });
    expect(await world.deliver(later(retryDelayMs(1) - 1))).toEqual([]);
    const second = await world.deliver(later(retryDelayMs(1)));
    expect(second.map((outcome) => outcome.result)).toEqual(['failed', 'failed']);
    expect(second[0]).toMatchObject({ retryAt: later(retryDelayMs(1) + retryDelayMs(2)).toISOString() });
    expect(retryDelayMs(2)).toBe(2_000);
    expect(retryDelayMs(3)).toBe(4_000);
    expect(retryDelayMs(40)).toBe(HOUR);

    await world.smtp.up();
    const third = await world.deliver(later(retryDelayMs(1) + retryDelayMs(2)));
    expect(third.map((outcome) => outcome.result)).toEqual(['sent', 'sent']);
    expect(await world.deliver(later(HOUR))).toEqual([]);
    const received = world.fresh();
    expect(summary(received).map(([to]) => to)).toEqual([GRACE, GRACE]);
    expect(new Set(received.map((mail) => mail.mail.messageId)).size).toBe(2);
  });

  it('does not retry a recipient the server refuses for good', async () => {
    const smtp = await startSmtp({ refuse: /^refused@/ });
    world = await mailWorld({ smtp });
    await world.introduce(users.educator, { email: 'refused@example.edu' });
    await world.api.request((await world.api.slot(24)).id);
    const outcomes = await world.deliver();
    expect(outcomes).toMatchObject([{ result: 'skipped', why: expect.stringContaining('refused') }]);
    expect(await world.deliver(later(HOUR))).toEqual([]);
    await smtp.close();
  });
});

describe('reminders', () => {
  it('at each lead, to student and educator, once; none for a lead that had passed when the session was booked', async () => {
    world = await mailWorld({ reminderMinutes: [60, 1440] });
    await world.introduce(users.educator);
    await world.introduce(users.student);
    // Booked 23 hours ahead: the day-before lead has passed, the hour-before one has not.
    const soon = await world.api.request((await world.api.slot(23)).id);
    await world.api.approve(soon.id);
    // Booked 48 hours ahead: both leads to come.
    const far = await world.api.request((await world.api.slot(48)).id);
    await world.api.approve(far.id);
    await world.deliver();
    world.fresh();

    expect(await world.deliver(later(22 * HOUR - MINUTE))).toEqual([]);
    expect((await world.deliver(later(22 * HOUR))).map((outcome) => outcome.result)).toEqual(['sent', 'sent']);
    const hourBefore = world.fresh();
    expect(summary(hourBefore)).toEqual([
      [ADA, 'Reminder: session with Grace Hopper in 1 hour'],
      [GRACE, 'Reminder: session with Ada Lovelace in 1 hour'],
    ]);
    expect(hourBefore[0].mail.text).toContain('Your session with Grace Hopper in Intro to Algorithms starts in 1 hour.');
    expect(hourBefore[0].mail.text).toContain('Meeting link: https://meet.example.com/abc');
    expect(await world.deliver(later(22 * HOUR + 5 * MINUTE))).toEqual([]);

    expect((await world.deliver(later(24 * HOUR))).map((outcome) => outcome.result)).toEqual(['sent', 'sent']);
    expect(summary(world.fresh()).map(([, subject]) => subject)).toEqual([
      'Reminder: session with Grace Hopper in 1 day',
      'Reminder: session with Ada Lovelace in 1 day',
    ]);
    expect((await world.deliver(later(47 * HOUR))).length).toBe(2);
    expect(await world.deliver(later(100 * HOUR))).toEqual([]);
    expect(world.fresh()).toHaveLength(2);
  });

  it('none for a session cancelled before its lead, and each once across a restart of the process', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'reminders-')), 'sessions.db')}`;
    const db = await openDatabase(url);
    await migrateDatabase(db);
    const smtp = await startSmtp();
    const mailer = smtpMailer(smtp.url);
    world = await mailWorld({ smtp });
    const api = await setup({ db });
    const options = { ...world.options, reminderMinutes: [60] };
    const run = async (on: typeof db, now: Date) => {
      while ((await planMail(on, now, [60])) > 0);
      const results = [];
      for (;;) {
        const outcome = await sendNext(on, mailer, options, now, 'process');
        if (outcome.result === 'idle') return results;
        results.push(outcome.result);
      }
    };
    await run(db, NOW);
    for (const user of [users.educator, users.student]) {
      await api.get('/api/me', await tokenFor(user, NOW, { email: ADDRESS[user.sub] }));
    }
    const kept = await api.request((await api.slot(10)).id);
    const dropped = await api.request((await api.slot(20)).id);
    await api.approve(kept.id);
    await api.approve(dropped.id);
    // The two request emails are dropped (decided before they went out); the two bookings go to both.
    expect(await run(db, NOW)).toEqual(['skipped', 'skipped', 'sent', 'sent', 'sent', 'sent']);
    await api.put(`/api/session/cancel/${dropped.id}`, users.student, {});
    expect(await run(db, NOW)).toEqual(['sent', 'sent']);
    expect(await run(db, later(9 * HOUR))).toEqual(['sent', 'sent']);
    db.$client.close();

    const restarted = await openDatabase(url);
    expect(await run(restarted, later(9 * HOUR + MINUTE))).toEqual([]);
    // The cancelled session's reminders are due now, and dropped.
    expect(await run(restarted, later(19 * HOUR))).toEqual(['skipped', 'skipped']);
    expect(await run(restarted, later(30 * HOUR))).toEqual([]);
    const reminders = smtp.received.filter((mail) => mail.mail.subject?.startsWith('Reminder'));
    expect(summary(reminders).map(([to]) => to)).toEqual([ADA, GRACE]);
    restarted.$client.close();
    mailer.close();
    await smtp.close();
  });
});
