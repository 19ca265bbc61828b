// The last row of SPEC §14's table: a time opens for a waitlisted student, who gets one email about it (at most one
// per course an hour, however many slots open), in their language and zone, with the one-click unsubscribe. Against
// a real SMTP server in the process; the clock is the test's, the background steps are driven one by one.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../src/db/schema.ts';
import { WAITLIST_EMAIL_INTERVAL_MS } from '../src/domain/waitlist/entries.ts';
import { announceOpenings } from '../src/domain/waitlist/openings.ts';
import { planMail } from '../src/mail/plan.ts';
import { sendNext } from '../src/mail/send.ts';
import { DEFAULT_POLICY, type TestUser, users } from './helpers.ts';
import { ADDRESS, type MailWorld, mailWorld, PUBLIC_URL } from './mail-world.ts';
import { rawHeader } from './smtp.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await mailWorld();
  for (const user of [users.educator, users.student, users.otherStudent]) await world.introduce(user);
});
afterEach(() => world.close());

const ADA = ADDRESS[users.student.sub];

/** Text with the narrow and thin spaces of Intl's date ranges as plain ones. */
const plain = (text: string | undefined) => text?.replace(/[\u2009\u202f]/g, ' ');

const wait = async (user: TestUser = users.student) => {
  const res = await world.api.post('/api/courses/c-101/waitlist', user, {});
  expect(res.status).toBe(201);
};

/** Runs the background announcement of opened slots to its end, as the server does. */
async function announce() {
  while (await announceOpenings(world.api.db, world.api.now(), DEFAULT_POLICY));
}

/** Moves the test's clock on by `ms`. */
const later = (ms: number) => world.api.setNow(new Date(world.api.now().getTime() + ms));

/** The emails received since the last look that tell of an opened time, as [recipient, subject]. */
const openedMails = () =>
  world
    .fresh()
    .filter((mail) => /time has opened|nuevo horario/.test(mail.mail.subject ?? ''))
    .map((mail) => [mail.to.join(','), plain(mail.mail.subject)]);

async function openedEvents() {
  return (await world.api.db.select().from(outbox).where(eq(outbox.type, 'waitlist.opened'))).length;
}

describe('a time opens for a waitlisted student (SPEC §14)', () => {
  it('emails that student alone: the time in their zone, the course, where to book, and the one-click unsubscribe', async () => {
    await wait();
    await world.api.slot(24);
    await announce();
    const outcomes = await world.deliver();
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['sent']);
    const [mail] = world.fresh();
    expect(mail.to).toEqual([ADA]);
    expect(plain(mail.mail.subject)).toBe('A time has opened: Wednesday, December 2, 2026, 9:00 – 10:00 AM (UTC)');
    expect(mail.mail.text).toContain(
      'A time with Grace Hopper has opened in Intro to Algorithms, within the dates you are waiting for.',
    );
    expect(mail.mail.text).toContain('To book it, open the booking page in Intro to Algorithms.');
    expect(mail.mail.html).toContain('To book it, open the booking page in Intro to Algorithms.');
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(mail, 'List-Unsubscribe')).toMatch(new RegExp(`^<${PUBLIC_URL}/mail/unsubscribe/`));
    expect(mail.mail.attachments).toEqual([]);
  });

  it('sends one email for two slots opening within the hour, and another for a slot opening after it', async () => {
    await wait();
    await world.api.slot(24);
    await world.api.slot(26);
    await announce();
    // Two events in a row, planned in one batch: one email.
    expect(await openedEvents()).toBe(2);
    await world.deliver();
    expect(openedMails()).toEqual([[ADA, 'A time has opened: Wednesday, December 2, 2026, 9:00 – 10:00 AM (UTC)']]);

    // Another slot opens within the hour, planned in a batch of its own: none.
    later(WAITLIST_EMAIL_INTERVAL_MS - 60_000);
    await world.api.slot(28);
    await announce();
    expect(await openedEvents()).toBe(3);
    await world.deliver();
    expect(openedMails()).toEqual([]);

    // An hour after the email, the next slot that opens brings another.
    later(60_000);
    await world.api.slot(30);
    await announce();
    await world.deliver();
    expect(openedMails()).toEqual([[ADA, 'A time has opened: Wednesday, December 2, 2026, 3:00 – 4:00 PM (UTC)']]);
  });

  it('is planned once when two planners read the same events', async () => {
    await wait();
    await world.api.slot(24);
    await world.api.slot(26);
    await announce();
    const now = world.api.now();
    await Promise.all([planMail(world.api.db, now, []), planMail(world.api.db, now, [])]);
    const outcomes = [];
    for (;;) {
      const outcome = await sendNext(world.api.db, world.mailer, world.options, now, 'test-sender');
      if (outcome.result === 'idle') break;
      outcomes.push(outcome.result);
    }
    expect(outcomes).toEqual(['sent']);
    expect(openedMails()).toHaveLength(1);
  });

  it('sends none to a student who left the waitlist before the email was planned, or before it went out', async () => {
    await wait();
    await world.api.slot(24);
    await announce();
    expect(await openedEvents()).toBe(1);
    expect((await world.api.del('/api/courses/c-101/waitlist', users.student)).status).toBe(204);
    expect(await world.deliver()).toEqual([]);
    expect(openedMails()).toEqual([]);

    await wait(users.otherStudent);
    await world.api.slot(26);
    await announce();
    await planMail(world.api.db, world.api.now(), []);
    expect((await world.api.del('/api/courses/c-101/waitlist', users.otherStudent)).status).toBe(204);
    const outcomes = await world.deliver();
    expect(outcomes).toMatchObject([{ result: 'skipped', why: expect.stringMatching(/stopped waiting/) }]);
    expect(openedMails()).toEqual([]);
  });

  it('sends none to a student who booked a session in the course before it went out', async () => {
    await wait();
    const slot = await world.api.slot(24);
    await announce();
    await planMail(world.api.db, world.api.now(), []);
    await world.api.request(slot.id, users.student);
    await world.deliver();
    expect(openedMails()).toEqual([]);

    // Booked before the announcement was planned: the claim finds them no longer waiting.
    await wait(users.otherStudent);
    const other = await world.api.slot(26);
    await announce();
    await world.api.request(other.id, users.otherStudent);
    await world.deliver();
    expect(openedMails()).toEqual([]);
  });

  it("speaks the student's language, with the time in their zone", async () => {
    await world.introduce(users.student, { email: ADA, locale: 'es', zoneinfo: 'Europe/Madrid' });
    await wait();
    await world.api.slot(24);
    await announce();
    await world.deliver();
    const [mail] = world.fresh();
    expect(mail.to).toEqual([ADA]);
    expect(plain(mail.mail.subject)).toBe(
      'Hay un nuevo horario disponible: miércoles, 2 de diciembre de 2026, 10:00–11:00 (hora de Europa central)',
    );
    expect(mail.mail.text).toContain(
      'Hay un nuevo horario disponible con Grace Hopper en Intro to Algorithms, dentro de las fechas que esperas.',
    );
    expect(mail.mail.text).toContain('Para reservarlo, abre la página de reservas de Intro to Algorithms.');
    expect(mail.mail.text).toContain('Cuándo: ');
    expect(mail.mail.html).toMatch(/^<!doctype html>\s*<html lang="es"/);
  });
});
