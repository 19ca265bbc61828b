// The product end to end, as students and educators use it: real server, real browser, one
// browser context per person, elements found by role and accessible name.
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badge,
  type DemoServer,
  decide,
  futureSlot,
  launchBrowser,
  openEarlier,
  personOn,
  publishSlot,
  requestItem,
  requestSlot,
  showDay,
  slotLabel,
  startDemo,
  startHostPage,
} from './harness.ts';

let server: DemoServer;
let browser: Browser;
let allowedHost: { url: string; server: Server };
let otherHost: { url: string; server: Server };
let layoutHost: { url: string; server: Server };

const katherine = {
  sub: 'katherine',
  name: 'Katherine Johnson',
  courses: [{ id: 'c-101', role: 'student', title: 'Intro to Algorithms' }],
};

beforeAll(async () => {
  const apiUrl = () => server.url;
  allowedHost = await startHostPage(apiUrl, '<book-session course-id="c-101"></book-session>', katherine);
  otherHost = await startHostPage(apiUrl, '<book-session course-id="c-101"></book-session>', katherine);
  const below = '<p id="below">Office hours are held online. Bring the exercise you are stuck on.</p>';
  layoutHost = await startHostPage(apiUrl, `<book-session course-id="c-101"></book-session>${below}`, katherine);
  const origins = [allowedHost.url, layoutHost.url].join(',');
  [server, browser] = await Promise.all([startDemo({ ALLOWED_ORIGINS: origins }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  allowedHost?.server.close();
  otherHost?.server.close();
  layoutHost?.server.close();
});

describe('a session from publication to cancellation', () => {
  it('educator publishes, student requests, educator approves, student joins and cancels, the slot reopens', async () => {
    const slot = futureSlot(20, 7, 15);
    const educator = await personOn(browser, server, 'grace', '/educator');
    const student = await personOn(browser, server, 'katherine', '/');
    await publishSlot(educator.page, slot.date, slot.time);

    await student.page.reload();
    await requestSlot(student.page, slot.date, slotLabel(7, 15), 'Can we go through AVL rotations?');

    // The student watches their dashboard; the educator's new request arrives live, the approval too.
    await student.page.goto(`${server.url}/student`);
    const mine = requestItem(student.page, 'my-session-requests', 'AVL rotations');
    await badge(mine, 'Awaiting approval');
    await requestItem(educator.page, 'session-requests', 'AVL rotations').waitFor();
    await decide(educator.page, 'AVL rotations', 'Approve', 'https://meet.example.com/avl');
    await badge(requestItem(educator.page, 'session-requests', 'AVL rotations'), 'Approved');
    await badge(mine, 'Approved');
    await student.page
      .locator('my-session-requests')
      .getByRole('status')
      .filter({ hasText: /Your request for .* was approved\./ })
      .waitFor();
    expect(await mine.getByRole('link', { name: /Join session/ }).getAttribute('href')).toBe('https://meet.example.com/avl');

    await mine.getByRole('button', { name: 'Cancel session' }).click();
    await mine.getByRole('button', { name: 'Yes, cancel' }).click();
    await badge(mine, 'Cancelled');

    await student.page.goto(`${server.url}/`);
    await showDay(student.page.locator('book-session'), slot.date);
    const radio = student.page.locator('book-session').getByRole('radio', { name: slotLabel(7, 15) });
    expect(await radio.isEnabled()).toBe(true);

    // Asked again, and rejected with a reason.
    await requestSlot(student.page, slot.date, slotLabel(7, 15), 'Second try: AVL deletions');
    await educator.page.reload();
    await decide(educator.page, 'AVL deletions', 'Reject', 'Please bring this to Friday’s lab.');
    await student.page.goto(`${server.url}/student`);
    const rejected = requestItem(student.page, 'my-session-requests', 'AVL deletions');
    await badge(rejected, 'Rejected');
    expect(await rejected.textContent()).toContain('Please bring this to Friday’s lab.');

    // Asked a third time, approved, then called off by the educator.
    await student.page.goto(`${server.url}/`);
    await requestSlot(student.page, slot.date, slotLabel(7, 15), 'Third try: red-black trees');
    await educator.page.reload();
    await decide(educator.page, 'red-black trees', 'Approve', 'https://meet.example.com/rb');
    await badge(requestItem(educator.page, 'session-requests', 'red-black trees'), 'Approved');
    await decide(educator.page, 'red-black trees', 'Cancel session', 'I am ill, sorry.');
    // The session called off leaves the agenda for Earlier, where focus goes.
    const focused = () => educator.page.evaluate(() => document.querySelector('session-requests')?.shadowRoot?.activeElement?.id);
    await expect.poll(focused, { timeout: 60_000 }).toBe('earlier');
    await openEarlier(educator.page);
    await badge(requestItem(educator.page, 'session-requests', 'red-black trees'), 'Cancelled');
    await student.page.goto(`${server.url}/student`);
    const calledOff = requestItem(student.page, 'my-session-requests', 'red-black trees');
    await badge(calledOff, 'Cancelled');
    expect(await calledOff.textContent()).toContain('Cancelled by the educator. I am ill, sorry.');
    await Promise.all([educator.context.close(), student.context.close()]);
  });
});

describe('two students racing for one slot', () => {
  it('both can ask; the educator approves one and the other sees why not', async () => {
    const slot = futureSlot(21, 7, 45);
    const educator = await personOn(browser, server, 'grace', '/educator');
    await publishSlot(educator.page, slot.date, slot.time);
    const [ada, kat] = await Promise.all([personOn(browser, server, 'ada', '/'), personOn(browser, server, 'katherine', '/')]);
    await Promise.all([
      requestSlot(ada.page, slot.date, slotLabel(7, 45), 'Ada: amortised analysis'),
      requestSlot(kat.page, slot.date, slotLabel(7, 45), 'Katherine: amortised analysis'),
    ]);

    await educator.page.reload();
    await decide(educator.page, 'Ada: amortised', 'Approve', 'https://meet.example.com/amortised');
    await badge(requestItem(educator.page, 'session-requests', 'Ada: amortised'), 'Approved');

    await kat.page.goto(`${server.url}/student`);
    const lost = requestItem(kat.page, 'my-session-requests', 'Katherine: amortised');
    await badge(lost, 'Rejected');
    expect(await lost.textContent()).toContain('Another student was booked for this time.');
    await Promise.all([educator.context.close(), ada.context.close(), kat.context.close()]);
  });
});

describe('embedding on another origin', () => {
  it('books from a host page whose origin is allowed', async () => {
    const slot = futureSlot(22, 8, 30);
    const educator = await personOn(browser, server, 'grace', '/educator');
    await publishSlot(educator.page, slot.date, slot.time);
    const page = await browser.newPage({ timezoneId: 'UTC', locale: 'en-US' } as never);
    await page.goto(allowedHost.url);
    await requestSlot(page, slot.date, slotLabel(8, 30), 'From the partner college');
    await educator.page.reload();
    await requestItem(educator.page, 'session-requests', 'From the partner college').waitFor();
    await Promise.all([page.close(), educator.context.close()]);
  });

  it('gives a host page whose origin is not allowed nothing', async () => {
    const page = await browser.newPage();
    const apiCalls: string[] = [];
    const refused: string[] = [];
    const logged: string[] = [];
    page.on('console', (message) => message.type() === 'error' && logged.push(message.text()));
    page.on('response', (res) => res.url().includes('/api/') && apiCalls.push(new URL(res.url()).pathname));
    page.on('requestfailed', (req) => req.url().includes('/api/') && refused.push(new URL(req.url()).pathname));
    await page.goto(otherHost.url);
    const booking = page.locator('book-session');
    await booking.getByRole('alert').waitFor();
    expect(await booking.getByRole('alert').textContent()).toContain('This site may not use the booking service.');
    expect(await booking.getByRole('radio').count()).toBe(0);
    // The browser stopped every API call at the CORS preflight: the API served this page nothing but the
    // opaque answer of the health probe that told "not allowed" from "offline".
    expect([...new Set(apiCalls)]).toEqual(['/api/health']);
    expect(refused).toContain('/api/availability/course/c-101');
    expect(logged.some((text) => text.includes(`does not allow this page's origin ${new URL(otherHost.url).origin}`))).toBe(true);
    await page.close();
  });
});

describe('the host page', () => {
  it('never jumps while <book-session> loads its slots (cumulative layout shift 0)', async () => {
    const educator = await personOn(browser, server, 'grace', '/educator');
    for (let day = 2; day < 9; day++) {
      const slot = futureSlot(day + 30, 5, 20 + day);
      await publishSlot(educator.page, slot.date, slot.time);
    }
    const page = await browser.newPage({ timezoneId: 'UTC', locale: 'en-US' } as never);
    // The times are held back until the widget has drawn its loading state and shifts are being counted.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/availability/course/**', async (route) => {
      await held;
      await route.continue();
    });
    // Counted from the widget's first drawing on: reserving room before the script runs is the host's part.
    await page.addInitScript(() => {
      const state = { total: 0, counting: false };
      (window as unknown as { shifts: typeof state }).shifts = state;
      customElements.whenDefined('book-session').then(async () => {
        await (document.querySelector('book-session') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
                if (!entry.hadRecentInput) state.total += entry.value;
              }
            }).observe({ type: 'layout-shift' });
            state.counting = true;
          }),
        );
      });
    });
    await page.goto(layoutHost.url);
    await page.waitForFunction(() => (window as unknown as { shifts: { counting: boolean } }).shifts.counting);
    await page.locator('book-session [part~=loading]').waitFor();
    release();
    await page.locator('book-session').getByRole('radio').first().waitFor();
    // Layout shifts are reported after the frame that made them: let two frames pass.
    const total = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => resolve((window as unknown as { shifts: { total: number } }).shifts.total)),
          ),
        ),
    );
    expect(total).toBe(0);
    await Promise.all([page.close(), educator.context.close()]);
  });
});

describe('a hostile meeting link', () => {
  it('is refused in the educator’s widget and by the API, and never rendered as a link', async () => {
    const slot = futureSlot(23, 9, 0);
    const educator = await personOn(browser, server, 'grace', '/educator');
    await publishSlot(educator.page, slot.date, slot.time);
    const student = await personOn(browser, server, 'katherine', '/');
    await requestSlot(student.page, slot.date, slotLabel(9, 0), 'Hostile link check');

    await educator.page.reload();
    await decide(educator.page, 'Hostile link check', 'Approve', 'javascript:alert(document.cookie)');
    const item = requestItem(educator.page, 'session-requests', 'Hostile link check');
    await item.getByText('Enter a full meeting link that starts with https://').waitFor();
    await badge(item, 'Awaiting approval');

    const refused = await educator.page.evaluate(async () => {
      const { token } = await (
        await fetch('/api/demo/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ user: 'grace' }),
        })
      ).json();
      const { items } = await (
        await fetch('/api/session/educator/requests?status=pending', { headers: { Authorization: `Bearer ${token}` } })
      ).json();
      const target = items.find((request: { message: string }) => request.message === 'Hostile link check');
      const res = await fetch(`/api/session/approve/${target.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ meetingLink: 'javascript:alert(1)' }),
      });
      return res.status;
    });
    expect(refused).toBe(400);

    await student.page.goto(`${server.url}/student`);
    for (const page of [educator.page, student.page]) {
      const scriptLinks = await page.evaluate(() => {
        const found: string[] = [];
        const visit = (root: Document | ShadowRoot) => {
          for (const el of root.querySelectorAll('*')) {
            const href = el.matches('a, area') ? el.getAttribute('href') : null;
            if (href && /^\s*(javascript|data):/i.test(href)) found.push(href);
            if (el.shadowRoot) visit(el.shadowRoot);
          }
        };
        visit(document);
        return found;
      });
      expect(scriptLinks).toEqual([]);
    }
    await Promise.all([educator.context.close(), student.context.close()]);
  });
});
