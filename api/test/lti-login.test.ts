// The OIDC login stores nothing (SPEC §18): `state` and `nonce` are signed by the tool and carry their platform and
// expiry; a launch the platform signed spends the nonce once. No flood of logins refuses anyone, and neither a
// state of another platform nor a nonce of another login opens a launch.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { MINUTE, NOW, setup } from './helpers.ts';
import { PEOPLE, REGISTRATION_TOKEN, type SimulatedPlatform, startPlatform } from './lti-platform.ts';

// Generous: a loaded machine may be slow, and nothing here waits on an event that may never come.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const KEY = 'registration-key-0123456789';

type Api = Awaited<ReturnType<typeof setup>>;

let moodle: SimulatedPlatform;
let canvas: SimulatedPlatform;
let api: Api;

beforeAll(async () => {
  [moodle, canvas] = await Promise.all([startPlatform(() => api.now()), startPlatform(() => api.now())]);
});
afterAll(() => Promise.all([moodle.close(), canvas.close()]));

/** An app on `url` (a fresh in-memory database unless given) that reaches the simulated platforms on loopback. */
const app = (url?: string) => setup({ url, config: { lti: { registrationKey: KEY, allowLoopback: true } } });

async function register(on: Api, platform: SimulatedPlatform) {
  const query = new URLSearchParams({
    key: KEY,
    openid_configuration: platform.openIdConfigurationUrl,
    registration_token: REGISTRATION_TOKEN,
  });
  expect((await on.app.request(`/lti/register?${query}`)).status).toBe(200);
}

beforeEach(async () => {
  api = await app();
  await register(api, moodle);
  await register(api, canvas);
  // The tool's own key is made once, on first use (here: its JWKS), not by a login.
  expect((await api.app.request('/lti/jwks')).status).toBe(200);
});
afterEach(() => api.db.$client.close());

const relative = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};

/** The tool's login at `platform`: its answer, and the state and nonce it sends the browser on with. */
async function login(platform: SimulatedPlatform, on = api) {
  const res = await on.app.request(relative(platform.loginUrl('ada')));
  const authorization = new URL(res.headers.get('Location') ?? 'http://nowhere.invalid/');
  const q = authorization.searchParams;
  return { status: res.status, authorization, state: q.get('state') ?? '', nonce: q.get('nonce') ?? '' };
}

/** Posts a launch form to the tool. */
const postLaunch = (fields: Record<string, string>, on = api) =>
  on.app.request('/lti/launch', {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });

/** The id_token `platform` signs for Ada's launch with `nonce`. */
const idToken = (platform: SimulatedPlatform, nonce: string) => platform.sign(platform.claimsFor(PEOPLE.ada, nonce));

/** The number of rows in every table. */
async function rowCounts(db: Database) {
  const { rows } = await db.$client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const [row] = (await db.$client.execute(`SELECT count(*) AS n FROM "${String(name)}"`)).rows;
    counts[String(name)] = Number(row.n);
  }
  return counts;
}

describe('the OIDC login', () => {
  it('stores nothing', async () => {
    const before = await rowCounts(api.db);
    const { status, state, nonce } = await login(moodle);
    expect(status).toBe(302);
    expect(state).not.toBe(nonce);
    expect(await rowCounts(api.db)).toEqual(before);
  });

  it('refuses no one however many logins flood it, of that platform or another, and the flood stores nothing', async () => {
    const before = await rowCounts(api.db);
    const statuses = new Set<number>();
    for (let sent = 0; sent < 10_050; sent += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => login(moodle)));
      for (const { status } of batch) statuses.add(status);
    }
    expect([...statuses]).toEqual([302]);
    expect(await rowCounts(api.db)).toEqual(before);
    for (const platform of [canvas, moodle]) {
      const { authorization } = await login(platform);
      const form = await (await fetch(authorization)).text();
      const fields = Object.fromEntries(
        [...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name, value]),
      );
      expect((await postLaunch(fields)).status).toBe(200);
    }
  });

  it('is signed by the one key every process shares: a login on one process launches on another', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'lti-login-')), 'sessions.db')}`;
    const [first, second] = [await app(url), await app(url)];
    await register(first, moodle);
    const { state, nonce } = await login(moodle, first);
    expect((await postLaunch({ id_token: await idToken(moodle, nonce), state }, second)).status).toBe(200);
    // …and a replay on the first process finds the nonce spent.
    const replay = await postLaunch({ id_token: await idToken(moodle, nonce), state }, first);
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('already used');
    first.db.$client.close();
    second.db.$client.close();
  });
});

describe('a launch refuses', () => {
  it('a second token the platform signed for a spent nonce', async () => {
    const { state, nonce } = await login(moodle);
    expect((await postLaunch({ id_token: await idToken(moodle, nonce), state })).status).toBe(200);
    const again = await postLaunch({ id_token: await idToken(moodle, nonce), state });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('already used');
  });

  it('a state from another platform, with that platform’s token or its own', async () => {
    const fromMoodle = await login(moodle);
    const fromCanvas = await login(canvas);
    const crossed = [
      { id_token: await idToken(canvas, fromCanvas.nonce), state: fromMoodle.state },
      { id_token: await idToken(canvas, fromMoodle.nonce), state: fromMoodle.state },
      { id_token: await idToken(moodle, fromCanvas.nonce), state: fromCanvas.state },
    ];
    for (const fields of crossed) expect((await postLaunch(fields)).status).toBe(401);
    // Neither login was spent by the attempts.
    expect((await postLaunch({ id_token: await idToken(moodle, fromMoodle.nonce), state: fromMoodle.state })).status).toBe(200);
  });

  it('someone’s state paired with the nonce of another login', async () => {
    const victim = await login(moodle);
    const attacker = await login(moodle);
    const res = await postLaunch({ id_token: await idToken(moodle, attacker.nonce), state: victim.state });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('nonce of this login');
  });

  it('a state the tool did not sign, or one altered', async () => {
    const { state, nonce } = await login(moodle);
    const token = await idToken(moodle, nonce);
    const altered = [
      `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`,
      state.replace(/\.(\d+)\./, (_, expiry) => `.${Number(expiry) + 3600}.`),
      `x${state}`,
      'never-issued',
    ];
    for (const forged of altered) {
      const res = await postLaunch({ id_token: token, state: forged });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('did not start with a login here');
    }
  });

  it('keeps a spent nonce only until its login would have expired', async () => {
    const spent = async () => Number((await api.db.$client.execute('SELECT count(*) AS n FROM lti_nonces')).rows[0].n);
    const first = await login(moodle);
    expect((await postLaunch({ id_token: await idToken(moodle, first.nonce), state: first.state })).status).toBe(200);
    expect(await spent()).toBe(1);
    api.setNow(new Date(NOW.getTime() + 10 * MINUTE));
    const later = await login(moodle);
    expect((await postLaunch({ id_token: await idToken(moodle, later.nonce), state: later.state })).status).toBe(200);
    expect(await spent()).toBe(1);
  });
});
