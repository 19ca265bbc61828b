// LTI 1.3 (SPEC §13) against a simulated LMS on loopback: dynamic registration, the OIDC login, launches as a
// learner and as an instructor, widget tokens for a launch, deep linking, and every forged or replayed launch
// refused with a page that says why, creating nothing.
import { count, eq } from 'drizzle-orm';
import { calculateJwkThumbprint, createLocalJWKSet, decodeJwt, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ltiLaunches, ltiPlatforms, userContacts } from '../src/db/schema.ts';
import { savePlatform } from '../src/lti/platforms.ts';
import { HOUR, MINUTE, NOW, setup } from './helpers.ts';
import {
  CLIENT_ID,
  COURSE,
  DEPLOYMENT_ID,
  PEOPLE,
  REGISTRATION_TOKEN,
  type Signing,
  type SimulatedPlatform,
  startPlatform,
} from './lti-platform.ts';

// Generous: a loaded machine may be slow (RSA keys are made here), and nothing waits on an event that may never come.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const KEY = 'registration-key-0123456789';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

type Api = Awaited<ReturnType<typeof setup>>;

let platform: SimulatedPlatform;
let api: Api;

beforeAll(async () => {
  platform = await startPlatform(() => api.now());
});
afterAll(() => platform.close());

beforeEach(async () => {
  // The simulated LMS lives on loopback: only LTI_ALLOW_LOOPBACK=1 lets the tool reach it.
  api = await setup({ config: { lti: { registrationKey: KEY, allowLoopback: true } }, lti: { jwksCooldownMs: 0 } });
});
afterEach(() => api.db.$client.close());

const request = async (path: string, init?: RequestInit): Promise<Response> => api.app.request(path, init);
// biome-ignore lint/suspicious/noExplicitAny: the tests read what the tool answered
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();
const relative = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};
const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);|&(amp|lt|gt|quot|#39);/g, (_, code, name) =>
    code
      ? String.fromCharCode(Number(code))
      : ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" } as Record<string, string>)[name],
  );
/** The hidden fields of the first form of a page. */
const formFields = (html: string) =>
  Object.fromEntries([...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name, unescapeHtml(value)]));
const postForm = (path: string, fields: Record<string, string>) =>
  request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });

async function register() {
  const query = new URLSearchParams({
    key: KEY,
    openid_configuration: platform.openIdConfigurationUrl,
    registration_token: REGISTRATION_TOKEN,
  });
  return request(`/lti/register?${query}`);
}

/** The tool's login for `who`: it answers the redirect to the platform's authorization endpoint. */
async function login(who = 'ada', message = 'resource') {
  const res = await request(relative(platform.loginUrl(who, message)));
  expect(res.status).toBe(302);
  return new URL(res.headers.get('Location') as string);
}

/** The whole launch as a browser makes it: login, the platform's sign-in, the form post to the tool. */
async function launch(who = 'ada', message = 'resource') {
  const authorization = await login(who, message);
  const fields = formFields(await (await fetch(authorization)).text());
  return postForm('/lti/launch', fields);
}

/** The state and nonce of a login, for a launch the test forges. */
async function loginState(who = 'ada') {
  const authorization = await login(who);
  return { state: authorization.searchParams.get('state') as string, nonce: authorization.searchParams.get('nonce') as string };
}

const handleOf = (html: string) => /<meta name="lti-launch" content="([^"]+)">/.exec(html)?.[1] as string;
const launches = async () => (await api.db.select({ n: count() }).from(ltiLaunches))[0].n;

describe('dynamic registration', () => {
  it('reads the platform, registers the tool and stores the platform with its deployment', async () => {
    const res = await register();
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<script type="module" src="/lti/registered.js">');
    expect(res.headers.get('Content-Security-Policy')).toContain(`frame-ancestors ${platform.issuer}`);
    const sent = platform.registrations.at(-1) as Record<string, never>;
    expect(sent).toMatchObject({
      initiate_login_uri: 'http://localhost/lti/login',
      redirect_uris: ['http://localhost/lti/launch'],
      jwks_uri: 'http://localhost/lti/jwks',
      response_types: ['id_token'],
      token_endpoint_auth_method: 'private_key_jwt',
    });
    const tool = sent['https://purl.imsglobal.org/spec/lti-tool-configuration'] as { messages: { type: string }[] };
    expect(tool.messages.map((message) => message.type)).toEqual(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);
    const [stored] = await api.db.select().from(ltiPlatforms);
    expect(stored).toMatchObject({
      issuer: platform.issuer,
      clientId: CLIENT_ID,
      jwksUrl: `${platform.issuer}/jwks`,
      product: 'simulated-lms',
    });
    expect(stored.id).not.toContain(':');
    expect(await (await request('/lti/registered.js')).text()).toContain('org.imsglobal.lti.close');
  });

  it('refuses without the registration key, or with another, and stores nothing', async () => {
    const registered = platform.registrations.length;
    const query = new URLSearchParams({
      openid_configuration: platform.openIdConfigurationUrl,
      registration_token: REGISTRATION_TOKEN,
    });
    expect((await request(`/lti/register?${query}`)).status).toBe(403);
    query.set('key', 'guessed-key-0123456789');
    const res = await request(`/lti/register?${query}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('LTI_REGISTRATION_KEY');
    expect(platform.registrations).toHaveLength(registered);
    expect(await api.db.select().from(ltiPlatforms)).toHaveLength(0);
  });

  it('is off when the tool has no registration key', async () => {
    const off = await setup();
    const query = new URLSearchParams({ key: '', openid_configuration: platform.openIdConfigurationUrl });
    expect((await off.app.request(`/lti/register?${query}`)).status).toBe(403);
  });

  it('refuses a platform served over plain http from another host than loopback', async () => {
    const query = new URLSearchParams({
      key: KEY,
      openid_configuration: 'http://lms.example.com/.well-known/openid-configuration',
    });
    const res = await request(`/lti/register?${query}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('must use https:');
  });
});

describe('the tool key', () => {
  it('is the one LTI_PRIVATE_KEY gives, when it is set', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const own = await setup({ config: { lti: { privateKeyPem: await exportPKCS8(privateKey) } } });
    const { keys } = await json(own.app.request('/lti/jwks'));
    const { kty, n, e } = await exportJWK(privateKey);
    expect(keys).toEqual([{ kty, n, e, kid: await calculateJwkThumbprint({ kty, n, e }), alg: 'RS256', use: 'sig' }]);
  });

  it('publishes its public RSA key, the same on every call, without its private parts', async () => {
    const first = await json(request('/lti/jwks'));
    const second = await json(request('/lti/jwks'));
    expect(first).toEqual(second);
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(first.keys[0].kid).toBeTruthy();
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(first.keys[0]).not.toHaveProperty(secret);
  });
});

describe('a launch', () => {
  beforeEach(async () => {
    expect((await register()).status).toBe(200);
  });

  it('sends the browser to the platform as OIDC says, with a state and a nonce the tool signed', async () => {
    const authorization = await login('ada');
    expect(authorization.origin + authorization.pathname).toBe(`${platform.issuer}/auth`);
    const q = authorization.searchParams;
    expect(Object.fromEntries(q)).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: CLIENT_ID,
      redirect_uri: 'http://localhost/lti/launch',
      login_hint: 'ada',
    });
    expect(q.get('state')).toMatch(/^lms-\w+\.\d+\.[\w-]{22}\.[\w-]{43}$/);
    expect(q.get('nonce')).toMatch(/^lms-\w+\.\d+\.[\w-]{22}\.[\w-]{43}$/);
    expect(q.get('nonce')).not.toBe(q.get('state'));
  });

  it('takes the login initiation as a form post too', async () => {
    const initiation = new URL(platform.loginUrl('ada'));
    const res = await postForm('/lti/login', Object.fromEntries(initiation.searchParams));
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toMatch(new RegExp(`^${platform.issuer}/auth\\?`));
  });

  it('shows a learner the booking widgets of the course, in the launch’s language, and trades the handle for tokens', async () => {
    PEOPLE.ada.locale = 'es_MX';
    const res = await launch('ada');
    PEOPLE.ada.locale = undefined;
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/<html lang="es-MX" dir="ltr">/);
    const courseId = /<book-session course-id="([^"]+)"/.exec(page)?.[1] as string;
    expect(courseId).toMatch(new RegExp(`^lms-\\w+:${COURSE.id}$`));
    expect(page).toContain('<my-session-requests');
    expect(page).not.toContain('<session-requests');
    expect(page).not.toContain('Set-Cookie');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    expect(res.headers.get('Content-Security-Policy')).toContain(`frame-ancestors ${platform.issuer}`);
    expect(res.headers.get('X-Frame-Options')).toBeNull();

    const tokenRes = await request('/lti/token', { method: 'POST', headers: { Authorization: `Bearer ${handleOf(page)}` } });
    expect(tokenRes.status).toBe(200);
    const { token, expiresAt } = await json(tokenRes);
    expect(Date.parse(expiresAt)).toBe(NOW.getTime() + 15 * MINUTE);
    expect(decodeJwt(token)).toMatchObject({
      sub: courseId.replace(COURSE.id, PEOPLE.ada.sub),
      name: 'Ada Lovelace',
      courses: [{ id: courseId, role: 'student', title: COURSE.title }],
    });
    const me = await api.get('/api/me', token);
    expect(me.body.courses).toEqual([{ id: courseId, role: 'student', title: COURSE.title }]);
  });

  it('shows an instructor the requests and the slots of the same course, and the two meet in it', async () => {
    const educatorPage = await (await launch('grace')).text();
    expect(educatorPage).toContain('<session-requests');
    expect(educatorPage).toContain('<availability-manager');
    const token = async (page: string) =>
      (await json(request('/lti/token', { method: 'POST', headers: { Authorization: `Bearer ${handleOf(page)}` } }))).token;
    const educator = await token(educatorPage);
    const courseId = decodeJwt(educator).courses as { id: string; role: string }[];
    expect(courseId[0].role).toBe('educator');
    const slot = await api.post('/api/availability/create', educator, {
      courseId: courseId[0].id,
      startsAt: new Date(NOW.getTime() + 24 * HOUR).toISOString(),
      endsAt: new Date(NOW.getTime() + 25 * HOUR).toISOString(),
    });
    expect(slot.status).toBe(201);
    const student = await token(await (await launch('ada')).text());
    const asked = await api.post('/api/session/request', student, { slotId: slot.body.id, message: 'From the LMS' });
    expect(asked.status).toBe(201);
    const approved = await api.put(`/api/session/approve/${asked.body.id}`, educator, {
      meetingLink: 'https://meet.example.com/x',
    });
    expect(approved.body.status).toBe('approved');
  });

  it('makes an educator of a teaching assistant and an administrator, and shows anyone else a page saying whom it is for', async () => {
    PEOPLE.mentor.roles = [`http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant`];
    expect(await (await launch('mentor')).text()).toContain('<session-requests');
    PEOPLE.mentor.roles = [`http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator`];
    expect(await (await launch('mentor')).text()).toContain('<availability-manager');
    PEOPLE.mentor.roles = [`http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor`];
    const before = await launches();
    const res = await launch('mentor');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('for the course’s students and teachers');
    expect(await launches()).toBe(before);
  });

  it('keeps the address, language and time zone a launch gives, ignoring a malformed one, never refusing the launch for it', async () => {
    const { state, nonce } = await loginState('ada');
    const claims = platform.claimsFor(PEOPLE.ada, nonce);
    Object.assign(claims, { email: 'ada@lms.example.edu', zoneinfo: 'Europe/Lisbon' });
    claims[`${LTI}launch_presentation`] = { locale: 'pt_BR' };
    expect((await postForm('/lti/launch', { id_token: await platform.sign(claims), state })).status).toBe(200);
    const userId = `${(await api.db.select().from(ltiPlatforms))[0].id}:${PEOPLE.ada.sub}`;
    const kept = () => api.db.select().from(userContacts).where(eq(userContacts.userId, userId)).get();
    expect(await kept()).toMatchObject({ email: 'ada@lms.example.edu', locale: 'pt-BR', timeZone: 'Europe/Lisbon' });

    const again = await loginState('ada');
    const odd = platform.claimsFor(PEOPLE.ada, again.nonce);
    Object.assign(odd, { email: 'not an address', zoneinfo: 12 });
    odd[`${LTI}launch_presentation`] = { locale: 'es' };
    expect((await postForm('/lti/launch', { id_token: await platform.sign(odd), state: again.state })).status).toBe(200);
    expect(await kept()).toMatchObject({ email: 'ada@lms.example.edu', locale: 'es', timeZone: 'Europe/Lisbon' });
  });

  it('never writes a claim into the page unescaped', async () => {
    const { state, nonce } = await loginState('ada');
    const claims = platform.claimsFor(PEOPLE.ada, nonce);
    claims[`${LTI}context`] = { id: 'c"><script>alert(1)</script>', title: '<img src=x onerror=alert(1)>' };
    claims[`${LTI}launch_presentation`] = { locale: '"><script>alert(2)</script>' };
    const page = await (await postForm('/lti/launch', { id_token: await platform.sign(claims), state })).text();
    expect(page).not.toMatch(/<script>alert|<img src=x/);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toMatch(/<html lang="en"/);
  });

  it('gives no token for an unknown handle, or once the launch is 8 hours old', async () => {
    const page = await (await launch('ada')).text();
    expect((await request('/lti/token', { method: 'POST', headers: { Authorization: 'Bearer not-a-launch' } })).status).toBe(401);
    expect((await request('/lti/token', { method: 'POST' })).status).toBe(401);
    api.setNow(new Date(NOW.getTime() + 8 * HOUR - MINUTE));
    const late = await json(request('/lti/token', { method: 'POST', headers: { Authorization: `Bearer ${handleOf(page)}` } }));
    expect(Date.parse(late.expiresAt)).toBe(NOW.getTime() + 8 * HOUR);
    api.setNow(new Date(NOW.getTime() + 8 * HOUR));
    expect((await request('/lti/token', { method: 'POST', headers: { Authorization: `Bearer ${handleOf(page)}` } })).status).toBe(
      401,
    );
  });

  it('reads the platform’s keys only through the guarded fetch: without LTI_ALLOW_LOOPBACK a loopback platform is never asked', async () => {
    const closed = await setup({ config: { lti: {} }, lti: { jwksCooldownMs: 0 } });
    const urls = { authUrl: `${platform.issuer}/auth`, tokenUrl: `${platform.issuer}/token`, jwksUrl: `${platform.issuer}/jwks` };
    await savePlatform(closed.db, { issuer: platform.issuer, clientId: CLIENT_ID, deploymentIds: [DEPLOYMENT_ID], ...urls }, NOW);
    const res = await closed.app.request(relative(platform.loginUrl('ada')));
    const state = new URL(res.headers.get('Location') as string).searchParams;
    const idToken = await platform.sign(platform.claimsFor(PEOPLE.ada, state.get('nonce') as string));
    const asked = platform.asked.length;
    const launched = await closed.app.request('/lti/launch', {
      method: 'POST',
      body: new URLSearchParams({ id_token: idToken, state: state.get('state') as string }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(launched.status).toBe(401);
    expect(await launched.text()).toContain('key set could not be read.');
    expect(platform.asked.slice(asked)).toEqual([]);
    closed.db.$client.close();
  });

  it('follows a platform that rotates its signing key', async () => {
    expect((await launch('ada')).status).toBe(200);
    await platform.rotateKey();
    expect((await launch('ada')).status).toBe(200);
  });

  describe('refuses, with a page that says why, and creates nothing', () => {
    /** A launch with a forged or replayed id_token: its status and page, and no launch recorded. */
    async function refused(change: (claims: Record<string, unknown>) => void, signing: Signing = {}) {
      const { state, nonce } = await loginState('ada');
      const claims = platform.claimsFor(PEOPLE.ada, nonce) as Record<string, unknown>;
      change(claims);
      const before = await launches();
      const res = await postForm('/lti/launch', { id_token: await platform.sign(claims, signing), state });
      expect(await launches()).toBe(before);
      expect(res.headers.get('Set-Cookie')).toBeNull();
      return { status: res.status, page: await res.text() };
    }
    const seconds = () => Math.floor(api.now().getTime() / 1000);

    it.each([
      ['a token signed with another key', () => {}, { foreignKey: true }, 401, 'signature does not match'],
      ['a key the platform does not publish', () => {}, { foreignKey: true, kid: 'unknown-kid' }, 401, 'key set does not have'],
      ['alg: none', () => {}, { alg: 'none' }, 401, 'not signed with RS256'],
      [
        'another audience',
        (c: Record<string, unknown>) => Object.assign(c, { aud: 'another-tool', azp: 'another-tool' }),
        {},
        401,
        '(aud)',
      ],
      ['another issuer', (c: Record<string, unknown>) => Object.assign(c, { iss: 'https://evil.example.com' }), {}, 401, '(iss)'],
      [
        'an expired token',
        (c: Record<string, unknown>) => Object.assign(c, { exp: seconds() - 301, iat: seconds() - 900 }),
        {},
        401,
        'expired',
      ],
      ['a token from the future', (c: Record<string, unknown>) => Object.assign(c, { iat: seconds() + 301 }), {}, 401, '(iat)'],
      ['another nonce', (c: Record<string, unknown>) => Object.assign(c, { nonce: 'forged' }), {}, 401, 'nonce'],
      ['an azp for another tool', (c: Record<string, unknown>) => Object.assign(c, { azp: 'another-tool' }), {}, 401, '(azp)'],
      [
        'an unknown deployment',
        (c: Record<string, unknown>) => Object.assign(c, { [`${LTI}deployment_id`]: 'rogue' }),
        {},
        401,
        'Deployment rogue',
      ],
      ['LTI 1.1', (c: Record<string, unknown>) => Object.assign(c, { [`${LTI}version`]: '1.1' }), {}, 400, 'not LTI 1.3.0'],
      ['no course', (c: Record<string, unknown>) => delete c[`${LTI}context`], {}, 400, 'context'],
      ['no user', (c: Record<string, unknown>) => delete c.sub, {}, 400, 'sub'],
    ] as const)('%s', async (_, change, signing, status, says) => {
      const { status: answered, page } = await refused(change, signing as Signing);
      expect(answered).toBe(status);
      expect(page).toContain(says);
    });

    it('a token that is not a JWT at all', async () => {
      const { state } = await loginState('ada');
      const res = await postForm('/lti/launch', { id_token: 'not.a-jwt', state });
      expect(res.status).toBe(401);
      expect(await launches()).toBe(0);
    });

    it('a replayed launch (the same state and token again)', async () => {
      const authorization = await login('ada');
      const fields = formFields(await (await fetch(authorization)).text());
      expect((await postForm('/lti/launch', fields)).status).toBe(200);
      const before = await launches();
      const replay = await postForm('/lti/launch', fields);
      expect(replay.status).toBe(401);
      expect(await replay.text()).toContain('already used');
      expect(await launches()).toBe(before);
    });

    it('a login older than ten minutes, a launch without a login, and a launch without a token', async () => {
      const authorization = await login('ada');
      const fields = formFields(await (await fetch(authorization)).text());
      api.setNow(new Date(NOW.getTime() + 10 * MINUTE));
      expect(await (await postForm('/lti/launch', fields)).text()).toContain('longer than ten minutes');
      api.setNow(NOW);
      const stray = await postForm('/lti/launch', { ...fields, state: 'never-issued' });
      expect(stray.status).toBe(401);
      expect((await postForm('/lti/launch', { state: 'x' })).status).toBe(400);
      expect(await launches()).toBe(0);
    });

    it('a login from an unknown platform, for another tool, or for an unknown deployment', async () => {
      const unknown = await request('/lti/login?iss=https%3A%2F%2Funknown.example.com&login_hint=ada');
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain('No platform with issuer https://unknown.example.com');
      const url = new URL(platform.loginUrl('ada'));
      url.searchParams.set('target_link_uri', 'https://elsewhere.example.com/launch');
      expect((await request(relative(url.href))).status).toBe(400);
      url.searchParams.set('target_link_uri', 'http://localhost/lti/launch');
      url.searchParams.set('lti_deployment_id', 'rogue');
      expect((await request(relative(url.href))).status).toBe(400);
    });
  });
});

describe('deep linking', () => {
  beforeEach(async () => {
    expect((await register()).status).toBe(200);
  });

  it('offers the choice as a plain form, and answers the platform with a signed LtiDeepLinkingResponse', async () => {
    const res = await launch('grace', 'deep-link');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<form method="post" action="/lti/deep-link">');
    expect(page).toContain('name="view" value="educator"');
    expect(page).not.toMatch(/<script(?! type="module" src="\/)/);
    const { handle } = formFields(page);

    const answer = await postForm('/lti/deep-link', { handle, view: 'educator' });
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain(`action="${platform.issuer}/deep-link-return"`);
    expect(answer.headers.get('Content-Security-Policy')).toContain(`form-action 'self' ${platform.issuer}`);
    const { JWT } = formFields(html);
    const jwks = createLocalJWKSet(await json(request('/lti/jwks')));
    const { payload, protectedHeader } = await jwtVerify(JWT, jwks, {
      issuer: CLIENT_ID,
      audience: platform.issuer,
      currentDate: NOW,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: DEPLOYMENT_ID,
      'https://purl.imsglobal.org/spec/lti-dl/claim/data': 'opaque-platform-data',
      'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': [
        { type: 'ltiResourceLink', url: 'http://localhost/lti/launch', custom: { view: 'educator' } },
      ],
    });
    expect(payload.nonce).toBeTruthy();
    expect((await postForm('/lti/deep-link', { handle, view: 'booking' })).status).toBe(401);
  });

  it('is for instructors only', async () => {
    const res = await launch('ada', 'deep-link');
    expect(res.status).toBe(403);
  });
});

describe('the LTI settings', () => {
  it('read LTI_REGISTRATION_KEY, PUBLIC_URL (its origin) and LTI_PRIVATE_KEY (newlines written as \\n) from the environment', () => {
    const config = loadConfig({
      LTI_REGISTRATION_KEY: 'k',
      PUBLIC_URL: 'https://sessions.example.edu/',
      LTI_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----',
    });
    expect(config.lti).toEqual({
      registrationKey: 'k',
      publicUrl: 'https://sessions.example.edu',
      privateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      allowLoopback: false,
    });
    expect(loadConfig({ LTI_ALLOW_LOOPBACK: '1' }).lti?.allowLoopback).toBe(true);
    expect(() => loadConfig({ PUBLIC_URL: 'sessions.example.edu' })).toThrow(/^PUBLIC_URL: /);
  });
});
