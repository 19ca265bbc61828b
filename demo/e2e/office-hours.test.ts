// Office hours end to end: weekly drop-in slots booked at once, a move the educator rejects (the session
// stays) and one the educator approves (the session moves), a weekly series published, a late cancel refused.
import type { Browser, Page } from 'playwright-core';
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
  showDay,
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

/** Calls the API from the page as the demo's person `user`, with a token from the demo's endpoint. */
function apiAs(page: Page, user: string, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ user, method, path, body }) => {
      const { token } = await (
        await fetch('/api/demo/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ user }),
        })
      ).json();
      const res = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { user, method, path, body },
  );
}

describe('office hours', () => {
  it('books a drop-in slot at once, with its Join link', async () => {
    const mary = await personOn(browser, server, 'mary', '/?course=c-200');
    const booking = mary.page.locator('book-session');
    const open = await apiAs(mary.page, 'mary', 'GET', '/api/availability/course/c-200');
    const dropIn = open.body.items.find((slot: { instant: boolean }) => slot.instant);
    await showDay(booking, dropIn.startsAt.slice(0, 10));
    const instant = booking.locator('label').filter({ hasText: 'Instant' }).first();
    await instant.getByRole('radio').check();
    await booking.getByRole('button', { name: 'Book' }).click();
    await booking.locator('[part~=sent]').getByText('Booked.').waitFor();
    expect(await booking.getByRole('link', { name: /Join session/ }).getAttribute('href')).toBe(
      'https://meet.example.com/edsger-drop-in',
    );
    await mary.context.close();
  });

  it('moves a session only when the educator approves; a rejected move leaves the session as it was', async () => {
    const [a, b, c] = [futureSlot(40, 6, 10), futureSlot(41, 6, 10), futureSlot(42, 6, 10)];
    const grace = await personOn(browser, server, 'grace', '/educator');
    for (const slot of [a, b, c]) await publishSlot(grace.page, slot.date, slot.time);
    const kat = await personOn(browser, server, 'katherine', '/');
    const booking = kat.page.locator('book-session');
    await showDay(booking, a.date);
    await booking.getByRole('radio', { name: slotLabel(6, 10) }).check();
    await booking.getByLabel('Message to the educator (optional)').fill('Tries and suffix trees');
    await booking.getByRole('button', { name: 'Send request' }).click();
    await booking.getByRole('status').filter({ hasText: 'Request sent.' }).waitFor();
    await grace.page.reload();
    const asked = requestItem(grace.page, 'session-requests', 'Tries and suffix trees');
    await asked.getByRole('button', { name: 'Approve' }).click();
    await asked.getByLabel('Meeting link').fill('https://meet.example.com/tries');
    await asked.getByRole('button', { name: 'Approve' }).click();
    await badge(asked, 'Approved');

    const moveTo = async (slot: { date: string }, message: string) => {
      await kat.page.goto(`${server.url}/student`);
      const session = requestItem(kat.page, 'my-session-requests', 'Tries and suffix trees');
      await session.getByRole('button', { name: 'Move' }).click();
      await showDay(session, slot.date);
      await session.getByRole('radio', { name: slotLabel(6, 10) }).check();
      await session.getByLabel('Message to the educator (optional)').fill(message);
      await session.getByRole('button', { name: 'Move' }).click();
      await kat.page.locator('my-session-requests').getByRole('status').filter({ hasText: 'Move requested.' }).waitFor();
      await badge(requestItem(kat.page, 'my-session-requests', 'Tries and suffix trees'), 'Approved');
    };

    await moveTo(b, 'Could we do the next day?');
    await grace.page.reload();
    // The session shows the move on it, not as a card of its own.
    const session = requestItem(grace.page, 'session-requests', 'Tries and suffix trees');
    await session.getByText(/Wants to move this session to .*\./).waitFor();
    expect(await session.textContent()).toContain('Could we do the next day?');
    await decide(grace.page, 'Could we do the next day?', 'Reject', 'That day is full.');
    await session.getByText(/Wants to move this session/).waitFor({ state: 'detached' });
    await badge(session, 'Approved');
    await openEarlier(grace.page);
    await badge(requestItem(grace.page, 'session-requests', 'Could we do the next day?'), 'Rejected');
    await kat.page.reload();
    await badge(requestItem(kat.page, 'my-session-requests', 'Tries and suffix trees'), 'Approved');

    await moveTo(c, 'Or the day after?');
    await grace.page.reload();
    const secondMove = requestItem(grace.page, 'session-requests', 'Or the day after?');
    await decide(grace.page, 'Or the day after?', 'Approve', 'https://meet.example.com/tries-2');
    await badge(secondMove, 'Approved');
    await kat.page.reload();
    const original = requestItem(kat.page, 'my-session-requests', 'Tries and suffix trees');
    await badge(original, 'Cancelled');
    expect(await original.textContent()).toContain('Moved to another time.');
    await badge(requestItem(kat.page, 'my-session-requests', 'Or the day after?'), 'Approved');
    await Promise.all([grace.context.close(), kat.context.close()]);
  });

  it('publishes a weekly series that students can book, and refuses a cancellation inside the notice', async () => {
    const grace = await personOn(browser, server, 'grace', '/educator');
    const start = futureSlot(50, 0, 0).start;
    const day = (offset: number) => new Date(start.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const series = await apiAs(grace.page, 'grace', 'POST', '/api/availability/series', {
      courseId: 'c-101',
      timeZone: 'UTC',
      from: day(0),
      until: day(13),
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: '05:00',
      endTime: '05:40',
      slotMinutes: 20,
    });
    expect(series.status).toBe(201);
    expect(series.body.items).toHaveLength(28);

    const ada = await personOn(browser, server, 'ada', '/');
    const booking = ada.page.locator('book-session');
    // The series lies seven weeks ahead: past the first page when the course has that many open times.
    await showDay(booking, day(13));
    const seriesDays = await booking.locator('[part~=day]').evaluateAll((days) => days.map((d) => d.getAttribute('data-day')));
    expect(seriesDays.filter((d) => d !== null && d >= day(0) && d <= day(13))).toHaveLength(14);
    expect(await booking.getByRole('radio', { name: slotLabel(5, 20) }).count()).toBe(1);
    expect(await booking.getByRole('radio').count()).toBe(2);

    expect((await apiAs(grace.page, 'grace', 'PUT', '/api/courses/c-101/policy', { cancelNoticeMinutes: 43_200 })).status).toBe(
      200,
    );
    await ada.page.goto(`${server.url}/student`);
    const session = requestItem(ada.page, 'my-session-requests', 'Dynamic programming, please.');
    await badge(session, 'Approved');
    expect(await session.getByRole('button', { name: 'Cancel session' }).count()).toBe(0);
    const mine = await apiAs(ada.page, 'ada', 'GET', '/api/session/my-requests?status=approved');
    const id = mine.body.items.find((request: { message: string }) => request.message === 'Dynamic programming, please.').id;
    const refused = await apiAs(ada.page, 'ada', 'PUT', `/api/session/cancel/${id}`, {});
    expect(refused).toMatchObject({ status: 409, body: { code: 'too_late_to_cancel' } });
    await apiAs(grace.page, 'grace', 'PUT', '/api/courses/c-101/policy', { cancelNoticeMinutes: null });
    await Promise.all([grace.context.close(), ada.context.close()]);
  });
});
