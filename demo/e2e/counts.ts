// Counts of 0, 2 and 11 for the Arabic pictures: the demo API's own answers, their numbers rewritten on the way to
// the page (a Playwright route), so that each plural form shows without seeding hundreds of rows.
import type { Locator, Page } from 'playwright-core';

type Json = Record<string, unknown>;
interface Listing {
  items: Json[];
  nextCursor: string | null;
}

/** Answers the page's GET requests to `glob` with the API's answer as `change` rewrites it (`change` may be swapped). */
export async function rewrite(page: Page, glob: string, change: { current: (answer: Listing) => Listing }): Promise<void> {
  await page.route(glob, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, json: change.current(await response.json()) });
  });
}

/** A course's open times on consecutive days from the day after tomorrow, `counts[i]` on the i-th, half an hour apart. */
export const openDays =
  (counts: number[]) =>
  ({ items: [template] }: Listing): Listing => ({
    nextCursor: null,
    items: counts.flatMap((count, day) =>
      Array.from({ length: count }, (_, i) => {
        const start = new Date();
        start.setUTCDate(start.getUTCDate() + 2 + day);
        start.setUTCHours(8, 30 * i, 0, 0);
        const endsAt = new Date(start.getTime() + 30 * 60_000).toISOString();
        return {
          ...template,
          id: `times-${day}-${i}`,
          startsAt: start.toISOString(),
          endsAt,
          instant: false,
          requestedByMe: false,
        };
      }),
    ),
  });

/** The educator's slots with `counts[i]` requests awaiting approval on the i-th. */
export const awaiting =
  (counts: number[]) =>
  (answer: Listing): Listing => ({
    ...answer,
    items: answer.items.map((slot, i) => (i < counts.length ? { ...slot, status: 'open', pendingCount: counts[i] } : slot)),
  });

const names = ['ليلى حسن', 'عمر خالد', 'سارة يوسف', 'Noor Haddad', 'كريم سعيد', 'هدى علي', 'Yusuf Demir', 'مريم فؤاد'];
const more = ['زياد نبيل', 'رنا سمير', 'Amal Karimi', 'طارق منصور', 'دينا عادل'];

/** A roster of `booked` students who have a session and `notBooked` who have none. */
export const roster =
  (notBooked: number, booked = 2) =>
  (answer: Listing): Listing => ({
    ...answer,
    nextCursor: null,
    items: [...names, ...more].slice(0, booked + notBooked).map((name, i) => ({
      userId: `student-${i}`,
      name,
      role: 'student',
      ...(i < booked ? { upcoming: 1, attended: i, missed: 0 } : { upcoming: 0, attended: 0, missed: 0 }),
    })),
  });

/**
 * Shows the element's live region, which only screen readers hear, as a dashed box at its place (the end of the
 * element), so that a picture holds what was announced.
 */
export const showAnnouncements = (element: Locator) =>
  element.evaluate((host) => {
    const status = host.shadowRoot?.querySelector('[role=status]') as HTMLElement;
    status.classList.remove('sr-only');
    status.style.cssText = 'border: 2px dashed currentColor; padding: 0.5rem; margin-block-start: 0.75rem';
  });

/** `n` as the page's Chromium writes it in Arabic (its digits, whatever they are). */
export const arabicNumber = (page: Page, n: number) => page.evaluate((value) => new Intl.NumberFormat('ar').format(value), n);
