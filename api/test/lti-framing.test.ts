// Error pages in the LMS frame (SPEC §15): every page the LTI endpoints answer, refusals included, may be framed by
// the LMS that asked, so that a person reads what went wrong instead of a blank frame. Only when no platform can
// be told does a page refuse every frame. Nothing here reaches a platform: its fetch is refused outright.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlatformUnreachable } from '../src/lti/platform-fetch.ts';
import { savePlatform } from '../src/lti/platforms.ts';
import { NOW, setup } from './helpers.ts';

// Generous: a loaded machine may be slow, and nothing here waits on an event that may never come.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const KEY = 'registration-key-0123456789';
const ISSUER = 'https://moodle.example.edu';
const AUTH = 'https://login.example.edu';
const MOODLE_FRAMERS = `frame-ancestors ${ISSUER} ${AUTH}`;

type Api = Awaited<ReturnType<typeof setup>>;
let api: Api;

beforeEach(async () => {
  api = await setup({
    config: { lti: { registrationKey: KEY } },
    lti: { fetchPlatform: () => Promise.reject(new PlatformUnreachable('no network in this test')) },
  });
  await savePlatform(
    api.db,
    {
      issuer: ISSUER,
      clientId: 'client-1',
      authUrl: `${AUTH}/auth`,
      tokenUrl: `${ISSUER}/token`,
      jwksUrl: `${ISSUER}/jwks`,
      deploymentIds: ['1'],
    },
    NOW,
  );
});
afterEach(() => api.db.$client.close());

/** The status of a page and the frame-ancestors of its Content-Security-Policy. */
async function framing(path: string, form?: Record<string, string>) {
  const res = await api.app.request(
    path,
    form
      ? { method: 'POST', body: new URLSearchParams(form), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }
      : {},
  );
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
  return { status: res.status, frame: /frame-ancestors [^;]*/.exec(res.headers.get('Content-Security-Policy') ?? '')?.[0] };
}

const register = (query: Record<string, string>) => framing(`/lti/register?${new URLSearchParams(query)}`);
const loginQuery = (query: Record<string, string>) => `/lti/login?${new URLSearchParams({ login_hint: '42', ...query })}`;

/** A state the tool signed for a login at the registered platform. */
async function signedState() {
  const res = await api.app.request(loginQuery({ iss: ISSUER, client_id: 'client-1' }));
  return new URL(res.headers.get('Location') ?? '').searchParams.get('state') ?? '';
}

describe('a refusal of /lti/register', () => {
  it('may be framed by the origin of its openid_configuration: a wrong key, an unreachable platform', async () => {
    const configuration = 'https://lms.example.org/mod/lti/openid-configuration.php';
    expect(await register({ key: 'wrong-key-0123456789', openid_configuration: configuration })).toEqual({
      status: 403,
      frame: 'frame-ancestors https://lms.example.org',
    });
    expect(await register({ key: KEY, openid_configuration: configuration })).toEqual({
      status: 400,
      frame: 'frame-ancestors https://lms.example.org',
    });
  });

  it('refuses every frame when its openid_configuration is missing or no URL', async () => {
    expect(await register({ key: 'wrong-key-0123456789' })).toEqual({ status: 403, frame: "frame-ancestors 'none'" });
    expect(await register({ key: KEY, openid_configuration: 'javascript:alert(1)' })).toEqual({
      status: 400,
      frame: "frame-ancestors 'none'",
    });
  });
});

describe('a refusal of /lti/login', () => {
  it('may be framed by the origins of the registered platform it names', async () => {
    expect(await framing(loginQuery({ iss: ISSUER, lti_deployment_id: 'removed' }))).toEqual({
      status: 400,
      frame: MOODLE_FRAMERS,
    });
    expect(await framing('/lti/login', { iss: ISSUER, target_link_uri: 'https://elsewhere.example.com/' })).toEqual({
      status: 400,
      frame: MOODLE_FRAMERS,
    });
  });

  it('refuses every frame for an issuer that is not registered', async () => {
    expect(await framing(loginQuery({ iss: 'https://unknown.example.com' }))).toEqual({
      status: 400,
      frame: "frame-ancestors 'none'",
    });
  });
});

describe('a refusal of /lti/launch', () => {
  it('may be framed by the origins of the platform its state names, expired or not', async () => {
    const state = await signedState();
    expect(await framing('/lti/launch', { state, id_token: 'not.a-jwt' })).toEqual({ status: 401, frame: MOODLE_FRAMERS });
    expect(await framing('/lti/launch', { state, error: 'login_required' })).toEqual({ status: 401, frame: MOODLE_FRAMERS });
    api.setNow(new Date(NOW.getTime() + 60 * 60_000));
    expect(await framing('/lti/launch', { state, id_token: 'not.a-jwt' })).toEqual({ status: 401, frame: MOODLE_FRAMERS });
  });

  it('may be framed by the registered platform its id_token names, when the state says nothing', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const idToken = `${part({ alg: 'RS256' })}.${part({ iss: ISSUER, aud: 'client-1' })}.c2ln`;
    expect(await framing('/lti/launch', { state: 'forged', id_token: idToken })).toEqual({ status: 401, frame: MOODLE_FRAMERS });
  });

  it('refuses every frame when neither names a registered platform', async () => {
    expect(await framing('/lti/launch', { state: 'forged', id_token: 'not.a-jwt' })).toEqual({
      status: 401,
      frame: "frame-ancestors 'none'",
    });
    expect(await framing('/lti/launch', {})).toEqual({ status: 400, frame: "frame-ancestors 'none'" });
  });
});
