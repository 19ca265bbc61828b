// /api/docs with no internet: in Chromium, with every request to another origin refused, the page renders every
// operation of the API and tries to reach nothing outside the server (SPEC 16).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, launchBrowser, startDemo } from './harness.ts';

let server: DemoServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startDemo(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the API documentation page', () => {
  it('renders every operation with the network outside the server cut off', async () => {
    const description = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const operations = Object.values(description.paths as Record<string, object>).flatMap((item) =>
      Object.keys(item).filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key)),
    );

    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US' });
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).origin === server.url) return route.continue();
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    // By the load event every script and style of the page has been fetched or refused.
    await page.goto(`${server.url}/api/docs`);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await page
      .locator('.opblock-summary')
      .nth(operations.length - 1)
      .waitFor();
    expect(await page.locator('.opblock-summary').count()).toBe(operations.length);
    expect(await page.getByRole('heading', { name: description.info.title }).count()).toBe(1);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
