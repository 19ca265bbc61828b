// Pictures of each screen of the seeded demo at desktop and phone widths. They go to
// test-results/screenshots; `npm run screenshots` also refreshes docs/screenshots for the README.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, launchBrowser, startDemo } from './harness.ts';

const folders = [fileURLToPath(new URL('../test-results/screenshots/', import.meta.url))];
if (process.env.UPDATE_SCREENSHOTS) folders.push(fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)));

const screens = [
  ['course', '/', 'katherine', 'book-session'],
  ['student', '/student', 'ada', 'my-session-requests'],
  ['educator', '/educator', 'grace', 'session-requests'],
] as const;
const widths = [
  ['desktop', 1280, 1000],
  ['phone', 375, 812],
] as const;

let server: DemoServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startDemo(), launchBrowser()]);
  for (const folder of folders) mkdirSync(folder, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('screenshots of the demo', () => {
  for (const [screen, path, user, widget] of screens) {
    it(`pictures the ${screen} page as ${user}`, async () => {
      for (const [size, width, height] of widths) {
        const page = await browser.newPage({ viewport: { width, height }, timezoneId: 'UTC', locale: 'en-US' } as never);
        await page.goto(`${server.url}${path}?as=${user}`);
        await page.locator(`${widget} [part~=item]`).first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${screen} scrolls sideways at ${width}px`).toBe(0);
        for (const folder of folders) await page.screenshot({ path: `${folder}${screen}-${size}.png` });
        await page.close();
      }
    });
  }
});
