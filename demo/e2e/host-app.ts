// A host developer's fresh app for the npm package's tests: the package packed and installed from its tarball with
// the app's own dependencies, the app's build served on its own origin with a token for Katherine beside the demo
// server and Chromium, and a slot booked from it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from 'hono/jwt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  type DemoServer,
  futureSlot,
  launchBrowser,
  personOn,
  publishSlot,
  SECRET,
  showDay,
  slotLabel,
  startDemo,
} from './harness.ts';

const widgets = fileURLToPath(new URL('../../widgets/', import.meta.url));

/** Runs a command; a failure carries its output. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/**
 * Writes the app's `files` into `dir` and installs the packed package with `packages` (from npm's cache, filled by
 * the workspace's own install, where it can). Returns where the package got installed.
 */
export function makeApp(dir: string, files: Record<string, string>, packages: string[]): string {
  const tarball = run('npm', ['pack', '--pack-destination', dir, '--silent'], widgets).trim().split('\n').at(-1) as string;
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }));
  const quiet = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];
  run('npm', ['install', join(dir, tarball), ...packages, ...quiet], dir);
  return join(dir, 'node_modules/@one-on-one/widgets');
}

/** The compiler options of a TypeScript app made with `npm create vite`, trimmed; each template adds its own. */
export const viteCompilerOptions = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  module: 'ESNext',
  moduleResolution: 'bundler',
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

const katherine = {
  sub: 'katherine',
  name: 'Katherine Johnson',
  courses: [{ id: 'c-101', role: 'student', title: 'Intro to Algorithms' }],
};

/** Serves the app's build and a token for Katherine, as the host's own backend would. */
function serveApp(root: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer(async (req, res) => {
    if (req.url === '/token') {
      res.end(await sign({ ...katherine, exp: Math.floor(Date.now() / 1000) + 600 }, SECRET, 'HS256'));
      return;
    }
    const path = join(root, req.url === '/' ? 'index.html' : (req.url ?? '').split('?')[0]);
    try {
      const body = readFileSync(path);
      res.setHeader('Content-Type', types[extname(path)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A host app of a test file: where it is made, the origin its build is served on, the demo server and Chromium. */
export interface HostApp {
  dir: string;
  url: string;
  server: DemoServer;
  browser: Browser;
}

/**
 * For the tests of a file: a fresh directory for the app (named from `prefix`), its build (`dist`) served on its own
 * origin, the demo server allowing that origin, and Chromium; ready before the tests, stopped and removed after them.
 */
export function hostAppForTests(prefix: string): HostApp {
  const app = {} as HostApp;
  let origin: Server | undefined;
  beforeAll(async () => {
    app.dir = mkdtempSync(join(tmpdir(), prefix));
    origin = await serveApp(join(app.dir, 'dist'));
    app.url = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    [app.server, app.browser] = await Promise.all([startDemo({ ALLOWED_ORIGINS: app.url }), launchBrowser()]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
    origin?.close();
    if (app.dir) rmSync(app.dir, { recursive: true, force: true });
  });
  return app;
}

/**
 * Grace publishes a slot `daysAhead` days on; Katherine books it in the host app `app`, whose <book-session> has
 * heading level 2 and whose handler of `request-sent` shows "Sent: <status>" in `#sent`.
 */
export async function bookInApp({ browser, server, url: appUrl }: HostApp, daysAhead: number) {
  const slot = futureSlot(daysAhead, 9, 10);
  const educator = await personOn(browser, server, 'grace', '/educator');
  await publishSlot(educator.page, slot.date, slot.time);
  await educator.context.close();

  const page = await browser.newPage({ timezoneId: 'UTC', locale: 'en-US' } as never);
  await page.goto(appUrl);
  const booking = page.locator('book-session');
  await showDay(booking, slot.date);
  const level = await booking.locator('[role=heading]').first().getAttribute('aria-level');
  await booking.getByRole('radio', { name: slotLabel(9, 10) }).check();
  await booking.getByRole('button', { name: 'Send request' }).click();
  await page.locator('#sent').filter({ hasText: 'Sent: pending' }).waitFor();
  await page.close();
  return { headingLevel: level };
}
