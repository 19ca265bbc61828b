// Email (SPEC §14), end to end against a real SMTP server in the process: who gets which email for each event of the
// table, the calendar parts parsed with ical.js, the reader's language and time zone, header injection, and the
// unsubscribe link. The clock is the test's; nothing waits for time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordExpiries } from '../src/domain/requests/expire.ts';
import { planMail } from '../src/mail/plan.ts';
import { at, setup, users } from './helpers.ts';
import { ADDRESS, type MailWorld, mailWorld, PUBLIC_URL, summary } from './mail-world.ts';
import { inviteOf, rawHeader } from './smtp.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await mailWorld();
  for (const user of [users.educator, users.student, users.otherStudent]) await world.introduce(user);
});
afterEach(() => world.close());

const LINK = 'https://meet.example.com/abc';
const GRACE = ADDRESS[users.educator.sub];
const ADA = ADDRESS[users.student.sub];

/** Text with the narrow and thin spaces of Intl's date ranges as plain ones, to compare with what a test writes. */
const plain = (text: string | undefined) => text?.replace(/[\u2009\u202f]/g, ' ');

/** The UID `GET /api/session/calendar/:id` gives for a session. */
async function calendarUid(requestId: string) {
  const ics = await world.api.get(`/api/session/calendar/${requestId}`, users.student);
  return /^UID:(.+)$/m.exec(ics.body)?.[1].trim();
}

describe('who gets which email (SPEC §14)', () => {
  it('a new request: its educator, with who, when, the message and Approve and Reject links; not the student', async () => {
    const slot = await world.api.slot(24);
    await world.api.request(slot.id, users.student, 'Chapter 3, please');
    const outcomes = await world.deliver();
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['sent']);
    const [mail] = world.fresh();
    expect(mail.to).toEqual([GRACE]);
    expect(plain(mail.mail.subject)).toBe('New request from Ada Lovelace: Wednesday, December 2, 2026, 9:00 – 10:00 AM (UTC)');
    expect(mail.mail.text).toContain('New session request from Ada Lovelace in Intro to Algorithms.');
    expect(mail.mail.text).toContain('Message: Chapter 3, please');
    expect(mail.mail.text).toContain('You have 1 request waiting for a decision.');
    const links = [...(mail.mail.html || '').matchAll(/href="([^"]+)"/g)].map(([, href]) => href);
    expect(links.filter((href) => href.startsWith(`${PUBLIC_URL}/mail/decide/`))).toHaveLength(2);
    expect(mail.mail.html).toMatch(/>Approve<\/a>/);
    expect(mail.mail.html).toMatch(/>Reject<\/a>/);
    expect(inviteOf(mail)).toBeUndefined();
  });

  it('an approval: student and educator, each with a METHOD:REQUEST invitation naming the educator, the student and the link', async () => {
    const request = await world.api.request((await world.api.slot(24)).id);
    await world.deliver();
    world.fresh();
    await world.api.approve(request.id);
    await world.deliver();
    const mails = world.fresh();
    expect(summary(mails).map(([to, subject]) => [to, plain(subject)])).toEqual([
      [ADA, 'Request approved: Wednesday, December 2, 2026, 9:00 – 10:00 AM (UTC)'],
      [GRACE, 'Session booked with Ada Lovelace: Wednesday, December 2, 2026, 9:00 – 10:00 AM (UTC)'],
    ]);
    const uid = await calendarUid(request.id);
    for (const mail of mails) {
      const invite = inviteOf(mail);
      expect(invite).toMatchObject({ method: 'REQUEST', uid, sequence: 0, location: LINK, url: LINK, start: at(24) });
      expect(invite?.organizer.toLowerCase()).toBe(`mailto:${GRACE}`);
      expect(invite?.attendees.map((attendee) => attendee.toLowerCase())).toEqual([`mailto:${ADA}`]);
      expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
      expect(mail.mail.text).toContain(`Meeting link: ${LINK}`);
      expect(mail.mail.html).toContain(`href="${LINK}"`);
    }
  });

  it('a request for an instant slot: booked at once, so both get the invitation and the educator no request', async () => {
    const slot = await world.api.call('POST', '/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(24),
      endsAt: at(25),
      instant: true,
      meetingLink: 'https://meet.example.com/instant',
    });
    await world.api.request(slot.body.id);
    await world.deliver();
    const mails = world.fresh();
    expect(summary(mails).map(([to, subject]) => [to, subject.split(':')[0]])).toEqual([
      [ADA, 'Request approved'],
      [GRACE, 'Session booked with Ada Lovelace'],
    ]);
    expect(mails.map((mail) => inviteOf(mail)?.location)).toEqual([
      'https://meet.example.com/instant',
      'https://meet.example.com/instant',
    ]);
  });

  it('a rejection: the student alone, with the reason; a student not booked because another was: told so in their words', async () => {
    const slot = await world.api.slot(24);
    await world.api.request(slot.id);
    const hers = await world.api.request(slot.id, users.otherStudent);
    const other = await world.api.request((await world.api.slot(30)).id);
    await world.deliver();
    world.fresh();
    await world.api.put(`/api/session/reject/${other.id}`, users.educator, { reason: 'I am away <that> day' });
    await world.api.approve(hers.id);
    await world.deliver();
    const mails = world.fresh();
    const toAda = mails.filter((mail) => mail.to[0] === ADA);
    expect(toAda.map((mail) => mail.mail.subject?.split(':')[0])).toEqual(['Request rejected', 'Request rejected']);
    expect(toAda[0].mail.text).toContain('Reason: I am away <that> day');
    expect(toAda[0].mail.html).toContain('I am away &lt;that&gt; day');
    expect(toAda[1].mail.text).toContain('Reason: Another student was booked for this time.');
    expect(mails.filter((mail) => mail.to[0] === GRACE).map((mail) => mail.mail.subject?.split(':')[0])).toEqual([
      'Session booked with Katherine Johnson',
    ]);
  });

  it('an expiry: the student, with the reason, once', async () => {
    await world.api.request((await world.api.slot(2)).id);
    await world.deliver();
    world.fresh();
    await recordExpiries(world.api.db, at(3));
    await recordExpiries(world.api.db, at(4));
    await world.deliver(new Date(at(3)));
    const mails = world.fresh();
    expect(summary(mails).map(([to, subject]) => [to, plain(subject)])).toEqual([
      [ADA, 'Request not approved: Tuesday, December 1, 2026, 11:00 AM – 12:00 PM (UTC)'],
    ]);
    expect(mails[0].mail.text).toContain('Reason: Not approved before the session started.');
  });

  it('a cancellation after approval, by either side: both, with METHOD:CANCEL, the same UID and a higher SEQUENCE', async () => {
    const first = await world.api.request((await world.api.slot(24)).id);
    const second = await world.api.request((await world.api.slot(30)).id);
    const pending = await world.api.request((await world.api.slot(40)).id);
    await world.api.approve(first.id);
    await world.api.approve(second.id);
    await world.deliver();
    world.fresh();
    await world.api.put(`/api/session/cancel/${first.id}`, users.student, { reason: 'I am ill' });
    await world.api.put(`/api/session/cancel/${second.id}`, users.educator, { reason: 'Conference' });
    await world.api.put(`/api/session/cancel/${pending.id}`, users.student, {});
    await world.deliver();
    const mails = world.fresh();
    expect(summary(mails).map(([to, subject]) => [to, subject.split(':')[0]])).toEqual([
      [ADA, 'Session cancelled'],
      [GRACE, 'Session cancelled'],
      [ADA, 'Session cancelled'],
      [GRACE, 'Session cancelled'],
    ]);
    const uids = [await calendarUid(first.id), await calendarUid(second.id)];
    mails.forEach((mail, n) => {
      expect(inviteOf(mail)).toMatchObject({ method: 'CANCEL', uid: uids[Math.floor(n / 2)], sequence: 1, status: 'CANCELLED' });
      expect(mail.raw).toMatch(/method=CANCEL/);
    });
    expect(mails[0].mail.text).toContain('You cancelled your session with Grace Hopper in Intro to Algorithms.');
    expect(mails[1].mail.text).toContain('Your session with Ada Lovelace in Intro to Algorithms was cancelled.');
    expect(mails[1].mail.text).toContain('Reason: I am ill');
    expect(mails[2].mail.text).toContain('Reason: Conference');
  });

  it('a move taking effect: the old session is cancelled and the new one booked, for both', async () => {
    const original = await world.api.request((await world.api.slot(24)).id);
    await world.api.approve(original.id);
    const later = await world.api.slot(48);
    await world.deliver();
    world.fresh();
    const moved = await world.api.post(`/api/session/reschedule/${original.id}`, users.student, { slotId: later.id });
    await world.deliver();
    expect(summary(world.fresh()).map(([to, subject]) => [to, subject.split(':')[0]])).toEqual([
      [GRACE, 'New request from Ada Lovelace'],
    ]);
    await world.api.approve(moved.body.id);
    await world.deliver();
    const mails = world.fresh();
    const kinds = mails.map((mail) => [mail.to[0], inviteOf(mail)?.method, inviteOf(mail)?.uid]);
    const [oldUid, newUid] = [await calendarUid(original.id), await calendarUid(moved.body.id)];
    expect(kinds).toEqual(
      expect.arrayContaining([
        [ADA, 'REQUEST', newUid],
        [GRACE, 'REQUEST', newUid],
        [ADA, 'CANCEL', oldUid],
        [GRACE, 'CANCEL', oldUid],
      ]),
    );
    expect(mails).toHaveLength(4);
    const cancelled = mails.find((mail) => inviteOf(mail)?.method === 'CANCEL');
    expect(cancelled?.mail.text).toContain('Reason: Moved to another time.');
  });

  it('nobody without a known address gets email, a malformed address is ignored, and the rest still works', async () => {
    const fresh = await setup({ db: world.api.db });
    const nobody = { sub: 'st-50', name: 'No Address', courses: [{ id: 'c-101', role: 'student' as const }] };
    const odd = { sub: 'st-51', name: 'Odd Address', courses: [{ id: 'c-101', role: 'student' as const }] };
    expect((await world.introduce(odd, { email: 'odd@example.edu\r\nBcc: evil@example.com' })).status).toBe(200);
    expect((await world.introduce(odd, { email: 'not an address' })).status).toBe(200);
    const slot = await fresh.slot(24);
    const a = await fresh.request(slot.id, nobody);
    const b = await fresh.request((await fresh.slot(30)).id, odd);
    await world.deliver();
    world.fresh();
    await fresh.approve(a.id);
    await fresh.put(`/api/session/reject/${b.id}`, users.educator, { reason: 'No' });
    await world.deliver();
    expect(summary(world.fresh()).map(([to]) => to)).toEqual([GRACE]);
  });
});

describe('languages and time zones', () => {
  it('Spanish, with the widgets’ words, times in the reader’s zone named as a person says it', async () => {
    await world.introduce(users.student, { email: ADA, locale: 'es-MX', zoneinfo: 'America/Mexico_City' });
    await world.introduce(users.educator, { email: GRACE, locale: 'es', zoneinfo: 'Europe/Madrid' });
    const request = await world.api.request((await world.api.slot(24)).id, users.student, 'Capítulo 3');
    await world.deliver();
    const [toEducator] = world.fresh();
    expect(plain(toEducator.mail.subject)).toBe(
      'Nueva solicitud de Ada Lovelace: miércoles, 2 de diciembre de 2026, 10:00–11:00 (hora de Europa central)',
    );
    expect(toEducator.mail.text).toContain('Tienes 1 solicitud esperando una decisión.');
    expect(toEducator.mail.html).toMatch(/<html lang="es" dir="ltr">/);
    expect(toEducator.mail.html).toMatch(/>Aprobar<\/a>/);
    expect(toEducator.mail.html).toMatch(/>Rechazar<\/a>/);
    await world.api.approve(request.id);
    await world.deliver();
    const [toStudent] = world.fresh();
    expect(plain(toStudent.mail.subject)).toBe(
      'Solicitud aprobada: miércoles, 2 de diciembre de 2026, 3:00–4:00 a.m. (hora estándar central)',
    );
    expect(toStudent.mail.text).toContain('Tu solicitud de sesión con Grace Hopper en Intro to Algorithms fue aprobada.');
    expect(toStudent.mail.text).toContain(`Enlace de la reunión: ${LINK}`);
    expect(toStudent.mail.html).toContain('Unirse a la sesión');
  });

  it('Arabic, right to left, with the widgets’ words and the plural forms of Arabic; an unknown zone is UTC, named so', async () => {
    await world.introduce(users.educator, { email: GRACE, locale: 'ar', zoneinfo: 'Asia/Riyadh' });
    await world.introduce(users.student, { email: ADA, locale: 'ar-EG', zoneinfo: 'Mars/Olympus_Mons' });
    const first = await world.api.request((await world.api.slot(24)).id);
    await world.deliver();
    await world.api.request((await world.api.slot(30)).id);
    await world.deliver();
    const [one, two] = world.fresh();
    expect(one.mail.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(one.mail.html).toMatch(/>موافقة<\/a>/);
    expect(one.mail.html).toMatch(/>رفض<\/a>/);
    expect(one.mail.text).toContain('لديك طلب واحد بانتظار القرار.');
    expect(two.mail.text).toContain('لديك طلبان بانتظار القرار.');
    expect(one.mail.subject).toContain('التوقيت العربي الرسمي');
    await world.api.put(`/api/session/reject/${first.id}`, users.educator, { reason: 'مشغول' });
    await world.deliver();
    const [rejected] = world.fresh();
    expect(rejected.mail.subject).toMatch(/^رُفض الطلب: .*\(التوقيت العالمي المنسق \(UTC\)\)$/);
    expect(rejected.mail.text).toContain('السبب: مشغول');
  });

  it('French, German and Brazilian Portuguese in their own words; any other language in English', async () => {
    const subjects: Record<string, string> = {};
    for (const locale of ['fr-CA', 'de', 'pt-PT', 'ja']) {
      await world.introduce(users.student, { email: ADA, locale });
      const request = await world.api.request((await world.api.slot(24 + Object.keys(subjects).length * 3)).id);
      await world.api.approve(request.id);
      await world.deliver();
      subjects[locale] =
        world
          .fresh()
          .find((mail) => mail.to[0] === ADA)
          ?.mail.subject?.split(':')[0] ?? '';
    }
    expect(subjects).toEqual({
      'fr-CA': 'Demande approuvée\u202f',
      de: 'Anfrage bestätigt',
      'pt-PT': 'Solicitação aprovada',
      ja: 'Request approved',
    });
  });
});

describe('headers', () => {
  it('names with line breaks and other scripts, and messages with HTML, never reach a header or the HTML unencoded', async () => {
    const intruder = { sub: 'st-66', name: 'Zoë\r\nBcc: evil@example.com\r\nX-Evil: 1 李', courses: users.student.courses };
    await world.introduce(intruder, { email: 'zoe@example.edu', name: intruder.name });
    const requestOf = await world.api.request((await world.api.slot(24)).id, intruder, '<script>alert(1)</script><b>bold</b>');
    await world.deliver();
    const [mail] = world.fresh();
    expect(mail.to).toEqual([GRACE]);
    const head = mail.raw.split(/\r?\n\r?\n/)[0];
    expect(head).not.toMatch(/^(Bcc|X-Evil):/im);
    expect(head).not.toContain('evil@example.com\r\n');
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(plain(mail.mail.subject)).toBe(
      'New request from Zoë Bcc: evil@example.com X-Evil: 1 李: Wednesday, December 2, 2026, 9:00 – 10:00 AM (UTC)',
    );
    expect(mail.mail.html).not.toContain('<script>');
    expect(mail.mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;');
    expect(mail.mail.bcc).toBeUndefined();
    expect(mail.mail.headers.has('x-evil')).toBe(false);

    // Addressed to them: their name in the To header, encoded, on one line.
    await world.api.approve(requestOf.id);
    await world.deliver();
    const [toThem] = world.fresh().filter((received) => received.to[0] === 'zoe@example.edu');
    const theirHead = toThem.raw.split(/\r?\n\r?\n/)[0];
    expect(theirHead).not.toMatch(/^(Bcc|X-Evil):/im);
    expect(theirHead).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(toThem.mail.to && 'value' in toThem.mail.to ? toThem.mail.to.value : []).toEqual([
      { address: 'zoe@example.edu', name: 'Zoë Bcc: evil@example.com X-Evil: 1 李' },
    ]);
    expect(toThem.mail.bcc).toBeUndefined();
  });

  it('a stable Message-ID per event and recipient, on the sender’s domain', async () => {
    await world.api.request((await world.api.slot(24)).id);
    await world.api.request((await world.api.slot(30)).id);
    await world.deliver();
    const ids = world.fresh().map((mail) => mail.mail.messageId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^<[0-9a-f]{40}@example\.edu>$/);
  });
});

describe('unsubscribing', () => {
  it('every email carries a one-click List-Unsubscribe; its POST stops all email, PUT /api/me/notifications turns it on again', async () => {
    await world.api.request((await world.api.slot(24)).id);
    await world.deliver();
    const [mail] = world.fresh();
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(https:\/\/[^>]+)>$/.exec(rawHeader(mail, 'List-Unsubscribe') ?? '')?.[1] ?? '';
    expect(url.startsWith(`${PUBLIC_URL}/mail/unsubscribe/`)).toBe(true);
    const path = new URL(url).pathname;

    const looked = await world.api.app.request(path);
    expect(looked.status).toBe(200);
    expect((await world.api.get('/api/me/notifications', users.educator)).body).toEqual({ email: true });
    const clicked = await world.api.app.request(path, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(clicked.status).toBe(200);
    expect((await world.api.get('/api/me/notifications', users.educator)).body).toEqual({ email: false });

    await world.api.request((await world.api.slot(30)).id);
    await world.deliver();
    expect(world.fresh()).toEqual([]);

    expect((await world.api.put('/api/me/notifications', users.educator, { email: true })).body).toEqual({ email: true });
    await world.api.request((await world.api.slot(36)).id);
    await world.deliver();
    expect(summary(world.fresh()).map(([to]) => to)).toEqual([GRACE]);

    const altered = `${path.slice(0, -2)}${path.endsWith('A') ? 'B' : 'A'}${path.slice(-1)}`;
    expect((await world.api.app.request(altered, { method: 'POST' })).status).toBe(404);
    expect((await world.api.get('/api/me/notifications', users.educator)).body).toEqual({ email: true });
  });

  it('an email turned off after it was planned is not sent', async () => {
    await world.api.put('/api/me/notifications', users.educator, { email: false });
    await world.api.request((await world.api.slot(24)).id, users.student);
    expect(await world.deliver()).toEqual([]);
    await world.api.put('/api/me/notifications', users.educator, { email: true });
    await world.api.request((await world.api.slot(30)).id, users.otherStudent);
    await planMail(world.api.db, world.api.now(), []);
    await world.api.put('/api/me/notifications', users.educator, { email: false });
    expect((await world.deliver()).map((outcome) => outcome.result)).toEqual(['skipped']);
    expect(world.fresh()).toEqual([]);
  });
});
