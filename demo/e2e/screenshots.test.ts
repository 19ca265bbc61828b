// Pictures of each screen of the seeded demo at desktop and phone widths, and of each widget in Arabic on a
// phone. They go to test-results/screenshots; `npm run screenshots` also refreshes docs/screenshots.
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

describe('the widgets in another language', () => {
  const widgets = [
    ['book-session', '/', 'katherine'],
    ['my-session-requests', '/student', 'ada'],
    ['session-requests', '/educator', 'grace'],
    ['availability-manager', '/educator', 'grace'],
  ] as const;

  it('pictures each widget in Arabic on a phone: right to left, nothing wider than the screen', async () => {
    for (const [widget, path, user] of widgets) {
      const page = await browser.newPage({ viewport: { width: 375, height: 812 }, timezoneId: 'UTC', locale: 'en-US' } as never);
      await page.goto(`${server.url}${path}?as=${user}&lang=ar`);
      const element = page.locator(widget);
      await element.locator('[part~=item]').first().waitFor();
      expect(await element.locator('[part~=base]').getAttribute('dir')).toBe('rtl');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${widget} scrolls sideways in Arabic at 375px`).toBe(0);
      for (const folder of folders) await element.screenshot({ path: `${folder}ar-${widget}.png` });
      await page.close();
    }
  });

  it("switches the widgets' language from the demo's header, in place", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC', locale: 'en-US' } as never);
    await page.goto(`${server.url}/?as=katherine&lang=en`);
    const booking = page.locator('book-session');
    await booking.getByRole('button', { name: 'Send request' }).waitFor();
    await page.getByLabel('Widgets in').selectOption('es');
    await booking.getByRole('button', { name: 'Enviar solicitud' }).waitFor();
    expect(await booking.locator('legend').textContent()).toContain('Elige un horario');
    await page.close();
  });
});
