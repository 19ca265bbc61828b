// The demo's mail catcher: a real SMTP server on loopback that keeps the last 200 messages, parsed, and the demo
// routes that list them, show one and hand out its attachments. (Its page in Chromium: demo/e2e/mail.test.ts.)
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEPT_MESSAGES, startMailCatcher } from '../src/demo/mail-catcher.ts';
import { demoPagesPath } from '../src/paths.ts';
import { NOW, setup, type TestApi } from './helpers.ts';

let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
let api: TestApi;

beforeEach(async () => {
  catcher = await startMailCatcher(() => NOW);
  api = await setup({ config: { demoPagesPath }, mailbox: catcher });
});
afterEach(() => catcher.close());

const INVITE = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';

/** Sends `count` messages over one pooled SMTP connection, as the tool's mailer would. */
async function send(count = 1, subject = (n: number) => `Approved: session ${n}`) {
  const transport = nodemailer.createTransport({ url: catcher.smtpUrl, pool: true });
  try {
    for (let n = 1; n <= count; n++) {
      await transport.sendMail({
        from: 'One-on-one <sessions@lakeside.example>',
        to: 'Ada Lovelace <ada@lakeside.example>',
        subject: subject(n),
        text: `Your session ${n} is approved.`,
        html: `<p>Your session <b>${n}</b> is approved.</p>`,
        icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: INVITE },
      });
    }
  } finally {
    transport.close();
  }
}

describe('the mail catcher', () => {
  it('listens on loopback and keeps what it receives, parsed', async () => {
    expect(catcher.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    await send();
    const [message] = catcher.messages();
    expect(message).toMatchObject({
      id: '1',
      receivedAt: NOW.toISOString(),
      from: '"One-on-one" <sessions@lakeside.example>',
      to: '"Ada Lovelace" <ada@lakeside.example>',
      subject: 'Approved: session 1',
      html: '<p>Your session <b>1</b> is approved.</p>',
      text: 'Your session 1 is approved.',
    });
    expect(message.attachments.map(({ filename, contentType }) => [filename, contentType])).toEqual([
      ['part-1.ics', 'text/calendar; method=REQUEST'],
      ['invite.ics', 'application/ics'],
    ]);
    expect(message.attachments[1].content.toString()).toBe(INVITE);
  });

  it(`keeps the last ${KEPT_MESSAGES} messages, newest first`, async () => {
    await send(KEPT_MESSAGES + 3);
    const kept = catcher.messages();
    expect(kept).toHaveLength(KEPT_MESSAGES);
    expect(kept[0].subject).toBe(`Approved: session ${KEPT_MESSAGES + 3}`);
    expect(kept.at(-1)?.subject).toBe('Approved: session 4');
  });
});

describe('/api/demo/mail', () => {
  it('lists the messages newest first, shows one, and hands out its attachments as downloads', async () => {
    await send(2);
    const list = await api.get('/api/demo/mail');
    expect(list.body).toEqual({
      smtpUrl: catcher.smtpUrl,
      items: [2, 1].map((n) => ({
        id: String(n),
        receivedAt: NOW.toISOString(),
        from: '"One-on-one" <sessions@lakeside.example>',
        to: '"Ada Lovelace" <ada@lakeside.example>',
        subject: `Approved: session ${n}`,
      })),
    });
    expect(list.headers.get('Cache-Control')).toBe('no-store');

    const one = await api.get('/api/demo/mail/1');
    expect(one.body).toMatchObject({ id: '1', html: '<p>Your session <b>1</b> is approved.</p>' });
    expect(one.body.attachments[1]).toEqual({
      filename: 'invite.ics',
      contentType: 'application/ics',
      size: INVITE.length,
      url: '/api/demo/mail/1/attachments/1',
    });
    const download = await api.get(one.body.attachments[1].url);
    expect(download.status).toBe(200);
    expect(download.body).toBe(INVITE);
    expect(download.headers.get('Content-Disposition')).toBe('attachment; filename="invite.ics"');
    expect(download.headers.get('X-Content-Type-Options')).toBe('nosniff');

    for (const missing of ['/api/demo/mail/9', '/api/demo/mail/1/attachments/7', '/api/demo/mail/1/attachments/x']) {
      expect((await api.get(missing)).status).toBe(404);
    }
  });

  it('serves the page with a policy that allows no script but its own', async () => {
    const page = await api.get('/demo/mail');
    expect(page.status).toBe(200);
    expect(page.body).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect((await api.get('/demo/mail.js')).headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
  });

  it('says when there is no catcher (SMTP_URL names a server)', async () => {
    api = await setup({ config: { demoPagesPath } });
    expect((await api.get('/api/demo/mail')).body).toEqual({ smtpUrl: null, items: [] });
    expect((await api.get('/api/demo/mail/1')).status).toBe(404);
  });
});
