// The tool under test against the simulated LMS (lti-platform.ts): the platform's lifetime in a test file, a tool that
// reaches it on loopback, its dynamic registration, a launch as a browser makes it, and the tool's service calls.
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, expect } from 'vitest';
import { ltiPlatforms } from '../src/db/schema.ts';
import { toolKeySource } from '../src/lti/keys.ts';
import { platformFetch } from '../src/lti/platform-fetch.ts';
import { serviceTokens } from '../src/lti/services.ts';
import { setup, type TestApi } from './helpers.ts';
import { REGISTRATION_TOKEN, type SimulatedPlatform, startPlatform } from './lti-platform.ts';

/** The key the tool's registration URL asks for (LTI_REGISTRATION_KEY). */
export const TOOL_REGISTRATION_KEY = 'registration-key-0123456789';

/**
 * The simulated LMS of a test file, on the clock `now` reads: started before the file's tests and closed after them.
 * Called at the file's top level; the platform answers from the first hook on.
 */
export function platformForTests(now: () => Date): SimulatedPlatform {
  const platform = {} as SimulatedPlatform;
  beforeAll(async () => {
    // Its fields are constants, lists changed in place and closures: the copy is the platform.
    Object.assign(platform, await startPlatform(now));
  });
  afterAll(() => platform.close());
  return platform;
}

/** A fresh tool (a test API) that knows its registration key and may reach the simulated LMS on loopback. */
export const ltiTool = (options: Parameters<typeof setup>[0] = {}) =>
  setup({
    ...options,
    config: { lti: { registrationKey: TOOL_REGISTRATION_KEY, allowLoopback: true } },
    lti: { jwksCooldownMs: 0, ...options.lti },
  });

/** A fresh tool (see `ltiTool`) that `platform` offers its services to, verifying its assertions with its JWKS. */
export async function serviceTool(platform: SimulatedPlatform, options: Parameters<typeof setup>[0] = {}): Promise<TestApi> {
  const api = await ltiTool(options);
  platform.offerServices(async () => (await api.app.request('/lti/jwks')).json() as Promise<JSONWebKeySet>);
  return api;
}

const relative = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};
const unescapeHtml = (text: string) => text.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
/** The hidden fields of the platform's form post. */
const formFields = (html: string) =>
  Object.fromEntries([...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name, unescapeHtml(value)]));

/** Registers the tool with `platform` as an LMS administrator does (dynamic registration); the platform as stored. */
export async function registerTool(api: TestApi, platform: SimulatedPlatform) {
  const query = new URLSearchParams({
    key: TOOL_REGISTRATION_KEY,
    openid_configuration: platform.openIdConfigurationUrl,
    registration_token: REGISTRATION_TOKEN,
  });
  expect((await api.app.request(`/lti/register?${query}`)).status).toBe(200);
  const [stored] = await api.db.select().from(ltiPlatforms);
  return stored;
}

/** The whole launch of `who` as a browser makes it: login, the platform's sign-in, the form post to the tool. */
export async function launchAs(api: TestApi, platform: SimulatedPlatform, who = 'ada') {
  const login = await api.app.request(relative(platform.loginUrl(who)));
  expect(login.status).toBe(302);
  const fields = formFields(await (await fetch(login.headers.get('Location') as string)).text());
  return api.app.request('/lti/launch', {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

/** Registers the tool and launches `who` in the course; resolves with the platform's id at the tool. */
export async function registerAndLaunch(api: TestApi, platform: SimulatedPlatform, who = 'ada'): Promise<string> {
  const stored = await registerTool(api, platform);
  expect((await launchAs(api, platform, who)).status).toBe(200);
  return stored.id;
}

/** The tool's guarded fetch and access tokens as the server makes them, with the tool's own key. */
export function toolServices(
  api: TestApi,
  { allowLoopback = true, maxTokens }: { allowLoopback?: boolean; maxTokens?: number } = {},
) {
  const fetchPlatform = platformFetch({ allowLoopback });
  return { fetchPlatform, serviceToken: serviceTokens({ fetchPlatform, toolKey: toolKeySource(api.db, api.now), maxTokens }) };
}
