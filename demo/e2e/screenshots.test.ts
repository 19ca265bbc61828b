// Pictures of each screen of the seeded demo (with a session later today and a weekly series) at desktop and phone widths, of the
// educator's week and agenda on a desktop, of each widget on a phone in English and in Arabic, and of each count a
// widget shows in Arabic at 0, 2 and 11 (<my-session-requests> shows none). They go to test-results/screenshots;
// `npm run screenshots` also refreshes docs/screenshots.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arabicNumber, awaiting, openDays, rewrite, roster, showAnnouncements } from './counts.ts';
import { type DemoServer, futureSlot, launchBrowser, startDemo } from './harness.ts';
import { addPictureData } from './screenshot-data.ts';

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
/** Where the pictures' viewer is: the widgets name it as people say it, "Central European Time". */
const zone = 'Europe/Berlin';

let server: DemoServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startDemo(), launchBrowser()]);
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  await addPictureData(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('screenshots of the demo', () => {
  for (const [screen, path, user, widget] of screens) {
    it(`pictures the ${screen} page as ${user}`, async () => {
      for (const [size, width, height] of widths) {
        const page = await browser.newPage({ viewport: { width, height }, timezoneId: zone, locale: 'en-US' } as never);
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

/**
 * The page's card that holds `inside`, from its top (or from the top of `from`) to its bottom, at most `most` pixels,
 * as `name`.png: the widget with its host's heading, as a person scrolls to it.
 */
async function shootCard(page: Page, inside: Locator, name: string, most: number, from?: Locator) {
  const box = (what: Locator) =>
    what.evaluate((element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x: x + window.scrollX, y: y + window.scrollY, width, height };
    });
  const card = await box(page.locator('.card', { has: inside }));
  const top = from ? (await box(from)).y : card.y;
  const margin = 12;
  const height = Math.min(card.y + card.height - top + 2 * margin, most);
  const clip = { x: card.x - margin, y: top - margin, width: card.width + 2 * margin, height };
  for (const folder of folders) await page.screenshot({ path: `${folder}${name}.png`, clip, fullPage: true });
}

describe("the educator's week and agenda on a desktop", () => {
  it('pictures the week of slots, as the educator page shows it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: zone, locale: 'en-US' } as never);
    await page.goto(`${server.url}/educator?as=grace`);
    // The demo gives the manager the page's width: wider than the week's 48rem.
    const manager = page.locator('availability-manager');
    await manager.locator('[part~=week] [part~=slot]').first().waitFor();
    const week = manager.locator('[part~=week]');
    await shootCard(page, manager, 'educator-week-desktop', 2000, week);
    await page.close();
  });

  it("pictures the agenda: today's session, this week's with a move on it, those awaiting approval, later", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, timezoneId: zone, locale: 'en-US' } as never);
    await page.goto(`${server.url}/educator?as=grace`);
    const requests = page.locator('session-requests');
    await requests.locator('[part~=move]').first().waitFor();
    await shootCard(page, requests, 'educator-agenda-desktop', 2000);
    await page.close();
  });
});

describe('the widgets on a phone, in English and in Arabic', () => {
  const widgets = [
    ['book-session', '/', 'katherine'],
    ['my-session-requests', '/student', 'ada'],
    ['session-requests', '/educator', 'grace'],
    ['availability-manager', '/educator', 'grace'],
  ] as const;

  for (const [lang, dir] of [
    ['en', 'ltr'],
    ['ar', 'rtl'],
  ] as const) {
    it(`pictures each widget in ${lang} at 375 px: ${dir}, nothing wider than the screen`, async () => {
      for (const [widget, path, user] of widgets) {
        const page = await browser.newPage({ viewport: { width: 375, height: 812 }, timezoneId: zone, locale: 'en-US' } as never);
        await page.goto(`${server.url}${path}?as=${user}&lang=${lang}`);
        const element = page.locator(widget);
        await element.locator('[part~=item]').first().waitFor();
        expect(await element.locator('[part~=base]').getAttribute('dir')).toBe(dir);
        // The student's first request, being moved: the same day strip as booking.
        if (widget === 'my-session-requests') {
          await element.locator('[data-opens=reschedule]').first().click();
          await element.locator('[part~=form] [part~=day]').first().waitFor();
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${widget} scrolls sideways in ${lang} at 375px`).toBe(0);
        await shootCard(page, element, `${lang}-${widget}`, 1100);
        await page.close();
      }
    });
  }
});

describe('the demo in another language', () => {
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

describe('counts in Arabic at 0, 2 and 11, each in the form its plural rules choose', () => {
  const phone = () => browser.newPage({ viewport: { width: 375, height: 812 }, timezoneId: zone, locale: 'en-US' } as never);
  const shoot = async (what: Locator, name: string) => {
    const overflow = await what
      .page()
      .evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways in Arabic at 375px`).toBe(0);
    for (const folder of folders) await what.screenshot({ path: `${folder}ar-counts-${name}.png` });
  };
  /** The part of the page from the top of `first` to the bottom of `last` (which fit in the phone's height). */
  const shootBetween = async (page: Page, first: Locator, last: Locator, name: string) => {
    await first.evaluate((element) => {
      element.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -8);
    });
    const [top, bottom] = [await first.boundingBox(), await last.boundingBox()];
    if (!top || !bottom) throw new Error(`${name}: nothing to picture`);
    const clip = { x: 0, y: top.y - 8, width: 375, height: bottom.y + bottom.height - top.y + 16 };
    for (const folder of folders) await page.screenshot({ path: `${folder}ar-counts-${name}.png`, clip });
  };

  it("pictures <book-session>'s days with 2 and 11 times (a day without times is not in the strip) and a course with none", async () => {
    const page = await phone();
    const days = { current: openDays([2, 11]) };
    await rewrite(page, '**/api/availability/course/**', days);
    await page.goto(`${server.url}/?as=katherine&lang=ar`);
    const booking = page.locator('book-session');
    const strip = booking.locator('[part~=day]');
    await strip.nth(1).waitFor();
    expect(await strip.nth(0).textContent()).toContain('موعدان');
    expect(await strip.nth(1).textContent()).toContain(`${await arabicNumber(page, 11)} موعدًا`);
    await shoot(booking, 'book-session-2-11');
    days.current = openDays([]);
    await booking.evaluate((element) => (element as HTMLElement & { reload(): void }).reload());
    await booking.locator('[part~=waitlist]').waitFor();
    await shoot(booking, 'book-session-0');
    await page.close();
  });

  it("pictures <availability-manager>'s slots awaiting 0, 2 and 11 approvals, and its series form making 0, 2 and 11 slots", async () => {
    const page = await phone();
    await rewrite(page, '**/api/availability/educator/slots*', { current: awaiting([0, 2, 11]) });
    await page.goto(`${server.url}/educator?as=grace&lang=ar`);
    const manager = page.locator('availability-manager');
    const eleven = await arabicNumber(page, 11);
    const items = manager.locator('[part~=item]');
    await items.nth(2).waitFor();
    expect(await items.nth(0).textContent()).not.toContain('بانتظار الموافقة');
    expect(await items.nth(1).textContent()).toContain('طلبان بانتظار الموافقة');
    expect(await items.nth(2).textContent()).toContain(`${eleven} طلبًا بانتظار الموافقة`);
    await shootBetween(page, manager.locator('[part~=day]').first(), items.nth(2), 'availability-manager-awaiting');

    const series = manager.locator('[part~=series]');
    await series.locator('summary').click();
    const preview = (text: string) => series.locator('p[aria-live]', { hasText: text }).waitFor();
    await preview('لن تُنشأ أي فترة');
    await shoot(series, 'availability-manager-series-0');
    const { date } = futureSlot(7, 0, 0);
    for (const field of await series.locator('input[type=date]').all()) await field.fill(date);
    for (const weekday of await series.locator('fieldset input[type=checkbox]').all()) await weekday.check();
    const [start, end] = [series.locator('input[type=time]').nth(0), series.locator('input[type=time]').nth(1)];
    await start.fill('10:00');
    for (const [count, until, makes, publish] of [
      [2, '11:00', 'ستُنشأ فترتان', 'نشر فترتين'],
      [11, '15:30', `ستُنشأ ${eleven} فترة`, `نشر ${eleven} فترة`],
    ] as const) {
      await end.fill(until);
      await end.blur();
      await preview(makes);
      await series.getByRole('button', { name: publish }).waitFor();
      await shoot(series, `availability-manager-series-${count}`);
    }
    await page.close();
  });

  it("pictures <session-requests>' Students view announcing 0, 2 and 11 students not booked yet", async () => {
    const page = await phone();
    const students = { current: roster(0) };
    await rewrite(page, '**/api/courses/*/roster*', students);
    await page.goto(`${server.url}/educator?as=grace&lang=ar`);
    const requests = page.locator('session-requests');
    await requests.locator('#tab-students').click();
    await requests.locator('[part~=panel] [part~=item]').first().waitFor();
    await showAnnouncements(requests);
    const eleven = await arabicNumber(page, 11);
    for (const [count, said] of [
      [0, 'لا يوجد طالب بلا حجز.'],
      [2, 'طالبان بلا حجز بعد.'],
      [11, `${eleven} طالبًا بلا حجز بعد.`],
    ] as const) {
      students.current = roster(count);
      // The filter announces the count when turned on, and again on each Refresh while it is on.
      if (count === 0) await requests.locator('[part~=panel] label.switch input').check();
      else await requests.getByRole('button', { name: 'تحديث', exact: true }).click();
      await requests.locator('[role=status]', { hasText: said }).waitFor();
      await shoot(requests, `session-requests-${count}`);
    }
    await page.close();
  });
});
