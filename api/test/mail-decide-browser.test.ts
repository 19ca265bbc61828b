// The decide page as an educator uses it, in Chromium: opened from the email's link (a GET changes nothing), the
// prefilled link approved once, a second post from another tab refused, and an altered or expired link refused.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { at, tableCounts, users } from './helpers.ts';
import { type MailWorld, mailWorld } from './mail-world.ts';

// Generous: Chromium starts slowly on a loaded machine; nothing here waits on time itself.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

// Pictures of an email and of the page, for a person to look at; `UPDATE_SCREENSHOTS=1` also refreshes the README's.
const folders = [fileURLToPath(new URL('../test-results/screenshots/', import.meta.url))];
if (process.env.UPDATE_SCREENSHOTS) folders.push(fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)));
async function picture(page: Page, name: string) {
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: `${folder}${name}.png`, fullPage: true });
  }
}

let world: MailWorld;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  world = await mailWorld();
  await world.introduce(users.educator);
  await world.introduce(users.student);
  server = await new Promise<Server>((resolve) => {
    const listening = serve({ fetch: world.api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening as Server));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await world.close();
});

/** A new request, its email delivered, and the email's Approve link on this server. */
async function emailedLink(startHours: number) {
  const slot = await world.api.call('POST', '/api/availability/create', users.educator, {
    courseId: 'c-101',
    startsAt: at(startHours),
    endsAt: at(startHours + 1),
    meetingLink: 'https://meet.example.com/slot-link',
  });
  const request = await world.api.request(slot.body.id, users.student, 'Chapter 3, please');
  await world.deliver();
  const html = world.fresh().at(-1)?.mail.html || '';
  const href = /href="([^"]+\/mail\/decide\/[^"]+#approve)"/.exec(html)?.[1] ?? '';
  const url = new URL(href);
  return { url: `${origin}${url.pathname}${url.hash}`, request, html };
}

const statusOf = async (requestId: string) =>
  (await world.api.get('/api/session/my-requests', users.student)).body.items.find(
    (item: { id: string }) => item.id === requestId,
  );

describe('the decide page in Chromium', () => {
  it('GET changes nothing; Approve posts once; a second post, from another tab, is refused', async () => {
    const { url, request, html } = await emailedLink(24);
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 760, height: 640 } });
    const email = await context.newPage();
    await email.setContent(html);
    await picture(email, 'email-new-request');
    await email.close();
    const before = await tableCounts(world.api.db);
    const first = await context.newPage();
    const refused: string[] = [];
    first.on('console', (message) => refused.push(message.text()));
    await first.goto(url);
    const second = await context.newPage();
    await second.goto(url);
    expect(await tableCounts(world.api.db)).toEqual(before);

    await expect.poll(() => first.getByRole('heading', { level: 1 }).textContent()).toBe('Request from Ada Lovelace');
    expect(await first.getByText('Chapter 3, please').count()).toBe(1);
    const link = first.getByLabel('Meeting link');
    expect(await link.inputValue()).toBe('https://meet.example.com/slot-link');
    // The page's one style element is allowed by its hash: the widgets' accent colours the Approve button.
    const approve = first.getByRole('button', { name: 'Approve' });
    expect(await approve.evaluate((button) => button.ownerDocument.defaultView?.getComputedStyle(button).backgroundColor)).toBe(
      'rgb(37, 87, 214)',
    );
    expect(refused.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await picture(first, 'decide-page');

    await Promise.all([first.waitForNavigation(), approve.click()]);
    expect(await first.getByRole('status').textContent()).toBe('Request approved.');
    expect(await statusOf(request.id)).toMatchObject({ status: 'approved', meetingLink: 'https://meet.example.com/slot-link' });

    await second.getByLabel('Reason for the student').fill('Sorry, not this week');
    const answer = second.waitForResponse((res) => res.request().method() === 'POST');
    await second.getByRole('button', { name: 'Reject' }).click();
    expect((await answer).status()).toBe(409);
    expect(await second.getByRole('alert').textContent()).toContain('This request has already been decided');
    expect(await statusOf(request.id)).toMatchObject({ status: 'approved' });
    await context.close();
  });

  it('refuses an altered link and an expired one with a page that says so', async () => {
    const { url, request } = await emailedLink(30);
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    // One character of the token's signature changed.
    const altered = url.replace(
      /(\/decide\/[^.]+\.)(.)/,
      (_, head: string, char: string) => `${head}${char === 'A' ? 'B' : 'A'}`,
    );
    const refusedAltered = await page.goto(altered);
    expect(refusedAltered?.status()).toBe(404);
    expect(await page.getByRole('alert').textContent()).toBe('This link is not valid. Nothing was changed.');

    world.api.setNow(at(30));
    const refusedLate = await page.goto(url);
    expect(refusedLate?.status()).toBe(410);
    expect(await page.getByRole('alert').textContent()).toBe(
      'This link has expired: the session has started. Nothing was changed.',
    );
    expect((await statusOf(request.id)).status).toBe('rejected');
    await context.close();
  });
});
