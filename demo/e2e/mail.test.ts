// The demo's mail catcher end to end: `npm start` catches what is sent to it over SMTP, and its page shows each
// message as received (its HTML in a sandboxed frame that runs no script), its plain text and its invitation.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoServer,
  futureSlot,
  launchBrowser,
  personOn,
  publishSlot,
  requestSlot,
  slotLabel,
  startDemo,
} from './harness.ts';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemo(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const INVITE = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//One-on-one//sessions//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:r-1@one-on-one',
  'DTSTAMP:20261201T090000Z',
  'DTSTART:20261208T100000Z',
  'DTEND:20261208T103000Z',
  'SUMMARY:One-on-one: Intro to Algorithms with Grace Hopper',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** Sends a message to the demo's catcher, as the tool's mailer would, with an invitation attached. */
async function send(subject: string, html: string, text: string) {
  const { smtpUrl } = (await (await fetch(`${server.url}/api/demo/mail`)).json()) as { smtpUrl: string };
  const transport = nodemailer.createTransport(smtpUrl);
  await transport.sendMail({
    from: 'One-on-one <sessions@lakeside-university.example>',
    to: 'Ada Lovelace <ada@lakeside-university.example>',
    subject,
    html,
    text,
    icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: INVITE },
  });
  transport.close();
}

const openMail = async (path = '/demo/mail') => (await personOn(browser, server, 'ada', path)).page;

describe('the mail page', () => {
  it('shows a message as received: its HTML in a frame that runs no script, its plain text, its invitation', async () => {
    const html = `<h1>Your session is approved</h1><p id="when">Tuesday 8 December, 10:00 UTC</p>
      <script>document.getElementById('when').textContent = 'changed by a script';</script>`;
    await send('Approved: Intro to Algorithms', html, 'Your session is approved: Tuesday 8 December, 10:00 UTC.');
    const page = await openMail();
    const row = page.getByRole('row').filter({ hasText: 'Approved: Intro to Algorithms' });
    await expect(row.textContent()).resolves.toContain('ada@lakeside-university.example');
    await row.getByRole('link', { name: 'Approved: Intro to Algorithms' }).click();

    const message = page.getByRole('region', { name: 'Approved: Intro to Algorithms' });
    await message.waitFor();
    expect(await message.textContent()).toContain('sessions@lakeside-university.example');
    const frame = page.getByTitle('The message as its HTML shows it');
    const sandbox = ((await frame.getAttribute('sandbox')) ?? 'missing').split(/\s+/);
    expect(sandbox).not.toContain('allow-scripts');
    expect(sandbox).not.toContain('allow-same-origin');
    const shown = page.frameLocator('iframe.mail-html');
    await shown.getByRole('heading', { name: 'Your session is approved' }).waitFor();
    expect(await shown.locator('#when').textContent()).toBe('Tuesday 8 December, 10:00 UTC');
    expect(await message.locator('pre').textContent()).toBe('Your session is approved: Tuesday 8 December, 10:00 UTC.');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      message.getByRole('link', { name: 'invite.ics' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('invite.ics');
    expect(await readFile(await download.path(), 'utf8')).toBe(INVITE);
    await page.context().close();
  });

  it('lists messages newest first, and shows new ones without a reload', async () => {
    const page = await openMail();
    await page.getByRole('table').waitFor();
    await send('Reminder: Intro to Algorithms in 60 minutes', '<p>Soon.</p>', 'Soon.');
    await page.getByRole('link', { name: 'Reminder: Intro to Algorithms in 60 minutes' }).waitFor();
    const subjects = await page.locator('tbody tr td:first-child').allTextContents();
    expect(subjects.indexOf('Reminder: Intro to Algorithms in 60 minutes')).toBe(0);
    expect(subjects.indexOf('Approved: Intro to Algorithms')).toBeGreaterThan(0);
    await page.context().close();
  });

  it('is linked from the header of every demo page', async () => {
    for (const path of ['/', '/student', '/educator', '/demo/mail']) {
      const page = await openMail(path);
      const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mail' });
      expect(await link.getAttribute('href')).toBe('/demo/mail');
      await page.context().close();
    }
  });

  it('has no accessibility violations (axe), with a message open', async () => {
    // axe is injected as a script, which the page's own policy would refuse.
    await send('Cancelled: Intro to Algorithms', '<h1>Your session is cancelled</h1>', 'Your session is cancelled.');
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page: Page = await context.newPage();
    await page.goto(`${server.url}/demo/mail?as=ada`);
    await page.getByRole('link', { name: 'Cancelled: Intro to Algorithms' }).click();
    await page.frameLocator('iframe.mail-html').getByRole('heading', { name: 'Your session is cancelled' }).waitFor();
    const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await page.addScriptTag({ content: await readFile(axe, 'utf8') });
    const result = await page.evaluate(async () => {
      type Rule = { id: string };
      const { axe } = window as unknown as { axe: { run(): Promise<{ violations: Rule[]; passes: Rule[] }> } };
      const { violations, passes } = await axe.run();
      return { violations: violations.map((rule) => rule.id), passes: passes.map((rule) => rule.id) };
    });
    expect(result.violations).toEqual([]);
    expect(result.passes).toEqual(expect.arrayContaining(['color-contrast', 'frame-title', 'select-name', 'th-has-data-cells']));
    await context.close();
  });

  it("shows the tool's own email: a student's request reaches the educator's address with Approve and Reject", async () => {
    const slot = futureSlot(30, 8, 45);
    const educator = await personOn(browser, server, 'grace', '/educator');
    await publishSlot(educator.page, slot.date, slot.time);
    const student = await personOn(browser, server, 'katherine', '/');
    await requestSlot(student.page, slot.date, slotLabel(8, 45), 'Amortised analysis, please');
    const page = await openMail();
    const item = page.getByRole('link', { name: /New request from Katherine Johnson/ }).first();
    await item.waitFor();
    await item.click();
    const letter = page.frameLocator('iframe.mail-html');
    await letter.getByText('Amortised analysis, please').waitFor();
    expect(await letter.getByRole('link', { name: 'Approve' }).getAttribute('href')).toMatch(/\/mail\/decide\//);
    expect(await page.textContent('body')).toContain('grace@lakeside.example');
    await Promise.all([educator.context.close(), student.context.close()]);
  });
});
