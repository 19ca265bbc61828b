// LTI 1.3 end to end (SPEC §13): a simulated LMS on another site registers the tool dynamically, then frames it in
// its course page for an instructor and a learner, in Chromium with third-party cookies blocked; the instructor
// publishes a time, the learner books it, the instructor approves, the learner sees the Join link.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SimulatedPlatform, startPlatform } from '../../api/test/lti-platform.ts';
import {
  type DemoServer,
  decide,
  futureSlot,
  launchBrowser,
  publishSlot,
  requestItem,
  requestSlot,
  slotLabel,
  startDemo,
} from './harness.ts';

// Generous: Chromium and the server share a loaded machine; each wait for the page has its own limit meanwhile.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const KEY = 'e2e-registration-key-0123456789';

let server: DemoServer;
let platform: SimulatedPlatform;
let browser: Browser;

beforeAll(async () => {
  [server, platform, browser] = await Promise.all([
    // The simulated LMS lives on loopback: only LTI_ALLOW_LOOPBACK=1 lets the tool reach it.
    startDemo({ LTI_REGISTRATION_KEY: KEY, LTI_ALLOW_LOOPBACK: '1' }),
    startPlatform(),
    launchBrowser(['--test-third-party-cookie-phaseout']),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await platform?.close();
});

/** The LMS's course page as `who` sees it, the tool in its iframe, on a phone or a desktop. */
async function coursePage(who: string, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 1200 }, timezoneId: 'UTC', locale: 'en-US' } as never);
  await page.goto(`${platform.url}/course?as=${who}`);
  return { page, tool: page.frameLocator('iframe[name=tool]') };
}

describe('LTI 1.3 from a simulated LMS', () => {
  it('registers, then launches an instructor and a learner of one course into their widgets, who book and approve', async () => {
    const admin = await browser.newPage();
    await admin.goto(`${platform.url}/admin/register?tool=${encodeURIComponent(`${server.url}/lti/register?key=${KEY}`)}`);
    await admin.getByText('Closed by the tool').waitFor();
    expect(platform.registrations).toHaveLength(1);
    await admin.close();

    const slot = futureSlot(12, 15, 20);
    const grace = await coursePage('grace');
    await grace.tool.locator('h1').filter({ hasText: 'Calculus I' }).waitFor();
    await publishSlot(grace.tool, slot.date, slot.time);

    const ada = await coursePage('ada', 375);
    await requestSlot(ada.tool, slot.date, slotLabel(15, 20), 'Limits, from the LMS');
    const adaFrame = ada.page.frames().find((candidate) => candidate.url().startsWith(server.url));
    // The LMS gave the tool the height it asked for, not the 1100 px it started with.
    await ada.page.waitForFunction(() => document.querySelector('iframe')?.style.height !== '1100px');
    expect(await adaFrame?.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);

    await ada.page.screenshot({ path: 'test-results/lti-learner-phone.png', fullPage: true });
    await grace.page.reload();
    await requestItem(grace.tool, 'session-requests', 'Limits, from the LMS').waitFor();
    await grace.page.screenshot({ path: 'test-results/lti-instructor.png' });
    await decide(grace.tool, 'Limits, from the LMS', 'Approve', 'https://meet.example.com/calculus');
    await requestItem(ada.tool, 'my-session-requests', 'Limits, from the LMS')
      .getByRole('link', { name: /Join session/ })
      .waitFor();
    // Nothing of it rests on a cookie: the tool set none, anywhere in the journey.
    for (const { page } of [grace, ada]) expect(await page.context().cookies(server.url)).toEqual([]);
    await Promise.all([grace.page.close(), ada.page.close()]);
  });

  it('adds the teachers’ panel by deep linking: a plain form, then a signed response the LMS verifies with the tool’s keys', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(`${platform.url}/course?as=grace&message=deep-link`);
    const tool = page.frameLocator('iframe[name=tool]');
    await tool.getByLabel('Teachers’ panel only').check();
    await page.screenshot({ path: 'test-results/lti-deep-link.png' });
    await tool.getByRole('button', { name: 'Add' }).click();
    await tool.getByText('Added to the course.').waitFor();
    const [jwt] = platform.deepLinkResponses;
    const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(`${server.url}/lti/jwks`)), {
      issuer: 'simulated-client-1',
      audience: platform.issuer,
    });
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items']).toEqual([
      {
        type: 'ltiResourceLink',
        title: 'One-on-one sessions: teachers',
        url: `${server.url}/lti/launch`,
        custom: { view: 'educator' },
      },
    ]);
    await page.close();
  });
});
