// End-to-end harness: the demo server on a fresh database, a host page on another origin, and
// Chromium with one browser context per person.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from 'hono/jwt';
import { type Browser, type BrowserContext, chromium, type FrameLocator, type Locator, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SECRET = 'end-to-end-secret-0123456789-0123456789';

export interface DemoServer {
  url: string;
  stop(): Promise<void>;
}

/** `npm start`'s server (DEMO=1, seeded) on a fresh database file, on a free port. */
export function startDemo(env: Record<string, string> = {}): Promise<DemoServer> {
  const databaseUrl = `file:${join(mkdtempSync(join(tmpdir(), 'e2e-')), 'sessions.db')}`;
  const child: ChildProcess = spawn(process.execPath, ['api/dist/dev.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0', ...env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const port = /localhost:(\d+)\//.exec(output)?.[1];
      if (port) {
        resolve({
          url: `http://localhost:${port}`,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`demo server exited with ${code}: ${output}`)));
  });
}

/** A plain host page on its own origin that embeds `tag` from `apiUrl`, with its own token endpoint. */
export async function startHostPage(apiUrl: () => string, tag: string, user: object): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    if (req.url === '/token') {
      const exp = Math.floor(Date.now() / 1000) + 600;
      res.end(await sign({ ...user, exp }, SECRET, 'HS256'));
      return;
    }
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><html lang="en"><head><title>Host LMS</title>
      <script type="module" src="${apiUrl()}/widgets.js"></script></head>
      <body><h1>Partner college</h1>${tag}
      <script type="module">
        import { configure } from '${apiUrl()}/widgets.js';
        configure({ tokenProvider: () => fetch('/token').then((res) => res.text()) });
      </script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * How long one browser step (a page load, a click, waiting for an element) may take: Playwright's own default of
 * 30 s is for a quiet machine, and a fully loaded two-core one must fail no test for slowness.
 */
const BROWSER_STEP_MS = 2 * 60_000;

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [
      ...extraArgs,
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  browser.on('context', (context) => {
    context.setDefaultTimeout(BROWSER_STEP_MS);
    context.setDefaultNavigationTimeout(BROWSER_STEP_MS);
  });
  return browser;
}

/** A signed-in person of the demo: their own browser context, on a page of the demo. */
export async function personOn(
  browser: Browser,
  server: DemoServer,
  userId: string,
  path = '/',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC', locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}as=${userId}`);
  return { context, page };
}

/** A page, or a frame of one (the tool inside an LMS's iframe). */
export type Where = Pick<Page | FrameLocator, 'locator'>;

/** A time far enough ahead to be free of the seeded slots, in the browser's zone (UTC). */
export function futureSlot(daysAhead: number, hour: number, minute: number): { date: string; time: string; start: Date } {
  const start = new Date();
  start.setUTCDate(start.getUTCDate() + daysAhead);
  start.setUTCHours(hour, minute, 0, 0);
  return {
    date: start.toISOString().slice(0, 10),
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    start,
  };
}

/** The accessible name a slot's radio has in <book-session> for a start at `hour`:`minute` UTC ("6:10 – 6:40 AM UTC"). */
export const slotLabel = (hour: number, minute: number) => {
  const when = new Date(Date.UTC(2000, 0, 1, hour, minute));
  const parts = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).formatToParts(when);
  const clock = parts.filter(({ type }) => type === 'hour' || type === 'minute').map(({ value }) => value);
  return new RegExp(`^${clock.join(':')}\\D`);
};

/** The educator publishes a slot through <availability-manager>. */
export async function publishSlot(page: Where, date: string, time: string) {
  const manager = page.locator('availability-manager');
  await manager.getByLabel('Date').fill(date);
  await manager.getByLabel('Start time').fill(time);
  // The live region may still say "Slot created" from the slot before: wait for this slot's own event, listened
  // for before the click.
  type Waiting = HTMLElement & { created?: Promise<void> };
  await manager.evaluate((element: Waiting) => {
    element.created = new Promise((resolve) => element.addEventListener('slot-created', () => resolve(), { once: true }));
  });
  await manager.getByRole('button', { name: 'Create slot' }).click();
  await manager.evaluate((element: Waiting) => element.created);
}

/**
 * Shows the day `date` (`YYYY-MM-DD` in the page's zone) in <book-session>'s strip of days, loading later
 * days until it is there.
 */
export async function showDay(booking: Locator, date: string) {
  const day = booking.locator(`[part~=day][data-day="${date}"]`);
  await booking.locator('[part~=day], [part~=empty], [part~=error]').first().waitFor();
  const more = booking.getByRole('button', { name: 'Later days' });
  while ((await day.count()) === 0 && (await more.count()) > 0) {
    const days = await booking.locator('[part~=day]').count();
    await more.click();
    await booking.locator('[part~=day]').nth(days).waitFor();
  }
  await day.click();
}

/** The student requests the slot on `date` starting at `label` through <book-session>, with a message. */
export async function requestSlot(page: Where, date: string, label: RegExp, message: string) {
  const booking = page.locator('book-session');
  await showDay(booking, date);
  await booking.getByRole('radio', { name: label }).check();
  await booking.getByLabel('Message to the educator (optional)').fill(message);
  await booking.getByRole('button', { name: 'Send request' }).click();
  await booking.getByRole('status').filter({ hasText: 'Request sent.' }).waitFor();
}

export const requestItem = (page: Where, widget: string, message: string): Locator =>
  page.locator(`${widget} li`).filter({ hasText: message });

export async function decide(page: Where, message: string, action: 'Approve' | 'Reject' | 'Cancel session', text: string) {
  const item = requestItem(page, 'session-requests', message);
  await item.getByRole('button', { name: action }).click();
  await item.getByLabel(action === 'Approve' ? 'Meeting link' : 'Reason for the student').fill(text);
  await item.getByRole('button', { name: action }).click();
}

export const badge = (item: Locator, status: string) => item.getByText(status, { exact: true }).waitFor();

/** Opens the educator's Earlier: the past and the closed requests, which the agenda keeps collapsed. */
export const openEarlier = (page: Where) => page.locator('session-requests [part~=earlier] summary').click();
