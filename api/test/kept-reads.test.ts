// A known caller's course listing, answered ahead of the protected chain, is the chain's answer to the byte: status,
// every header but Date, and body, over a socket and through app.request, for every query, token, encoding,
// If-None-Match and origin; what the kept answer cannot know goes through the chain.
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userContacts } from '../src/db/schema.ts';
import { at, MINUTE, NOW, setup, type TestUser, tokenFor, users } from './helpers.ts';
import { keptReadsWorld, ORIGIN, ROWS_KEPT, type Transport } from './kept-reads-world.ts';

const listing = '/api/availability/course/c-101';
const BROWSER = 'gzip, deflate, br';
const seconds = NOW.getTime() / 1000;
const ada: TestUser = { sub: 'st-5', name: 'Ada Lovelace', courses: [{ id: 'c-101', role: 'student' }] };

/**
 * A request; a header given null is left out. `fast` says whether the kept app answers its second sending without the
 * chain (unset: not judged).
 */
interface Case {
  label: string;
  path?: string;
  method?: string;
  auth?: string;
  headers?: Record<string, string | null>;
  fast?: boolean;
}

const tokens = {
  student: tokenFor(users.student),
  educator: tokenFor(users.educator),
  stranger: tokenFor(users.stranger),
  expiring: tokenFor(users.student, NOW, { exp: seconds + 60 }),
  notYet: tokenFor(users.otherStudent, NOW, { nbf: seconds + 60 }),
  ada: tokenFor(ada, NOW, { email: 'ada@example.edu' }),
  adaRenamed: tokenFor({ ...ada, name: 'Ada King' }, NOW, { email: 'ada.king@example.edu' }),
};
let fresh = 0;

/** The `Authorization` headers the cases send, by name: kept tokens, new ones, broken ones. */
async function authorizations(): Promise<Record<string, [string | undefined, boolean | undefined]>> {
  const t = Object.fromEntries(await Promise.all(Object.entries(tokens).map(async ([k, v]) => [k, await v])));
  const newcomer = await tokenFor({ sub: `st-new-${++fresh}`, courses: [{ id: 'c-101', role: 'student' }] });
  return {
    student: [`Bearer ${t.student}`, true],
    educator: [`Bearer ${t.educator}`, true],
    'stranger (not in the course)': [`Bearer ${t.stranger}`, false],
    'expiring in a minute': [`Bearer ${t.expiring}`, undefined],
    'not valid for a minute': [`Bearer ${t.notYet}`, undefined],
    'a contact': [`Bearer ${t.ada}`, true],
    'the same user, renamed, another email': [`Bearer ${t.adaRenamed}`, true],
    'the first contact again': [`Bearer ${t.ada}`, true],
    'never seen': [`Bearer ${newcomer}`, true],
    'lowercase bearer': [`bearer ${t.student}`, true],
    'two spaces': [`Bearer  ${t.student}`, true],
    'a forged signature': [`Bearer ${t.student.slice(0, -4)}AAAA`, false],
    'not a token': ['Bearer not-a-token', undefined],
    'three empty-ish parts': ['Bearer a.b.c', undefined],
    'Basic scheme': [`Basic ${t.student}`, undefined],
    'no Authorization': [undefined, undefined],
  };
}

async function listingCases(tags: { gzip: string; plain: string }): Promise<Case[]> {
  const cursor = 'WyIyMDI2LTEyLTAzVDEwOjAwOjAwLjAwMFoiLCJ4Il0';
  const queries = [1, 50, 55, 100, 200].map((n) => [`?limit=${n}`, n < ROWS_KEPT] as const);
  const refused = ['?limit=0', '?limit=201', '?limit=01', '?limit=1.5', '?limit=abc', '?limit=', '?limit=5&limit=6'];
  const others = [...refused, '?limit=5&', '?LIMIT=5', '?limit=%35', '?limit=+5', '?limit=1e1', '?', '?other=1'];
  const windows = [`?cursor=${cursor}`, `?limit=10&cursor=${cursor}`, '?cursor=nope', `?from=${encodeURIComponent(at(-1))}`];
  windows.push(`?from=${encodeURIComponent(at(30))}`, `?to=${encodeURIComponent(at(40))}`, `?from=${at(5)}&to=${at(2)}`);
  const strong = tags.gzip.slice(2);
  const cases: Case[] = [
    { label: 'no query', fast: true },
    ...[...queries, ...[...others, ...windows].map((q) => [q, false] as const)].map(([q, fast]) => ({
      label: `query ${q}`,
      path: `${listing}${q}`,
      fast,
    })),
    ...['c-999', 'c-404', 'x'.repeat(128), 'x'.repeat(129)].map((id) => ({
      label: `course ${id}`,
      path: `/api/availability/course/${id}`,
      fast: false,
    })),
    { label: 'an escaped course id', path: '/api/availability/course/c%2D101', fast: true },
    {
      label: "the stranger's own course",
      path: '/api/availability/course/c-999',
      auth: 'stranger (not in the course)',
      fast: true,
    },
    ...[undefined, '', 'identity', 'gzip;q=0', 'br', '*', 'gzip;q=0.5, identity', 'GZIP'].map((coding) => ({
      label: `Accept-Encoding ${coding}`,
      headers: { 'Accept-Encoding': coding ?? null },
      fast: true,
    })),
  ];
  const conditions: [string, string, boolean][] = [
    ['its tag', tags.gzip, true],
    ["the identity body's tag", tags.plain, true],
    ['another tag', 'W/"nope"', true],
    ['*', '*', true],
    ['a list naming it', `"a", ${tags.gzip}`, true],
    ['its tag, strong', strong, true],
    ['tags without commas', `"a" ${strong}`, false],
    ['another tag and *', 'W/"nope", *', true],
  ];
  for (const [name, value, fast] of conditions)
    cases.push({ label: `If-None-Match ${name}`, headers: { 'If-None-Match': value }, fast });
  cases.push({ label: 'identity, its tag', headers: { 'Accept-Encoding': null, 'If-None-Match': tags.plain }, fast: true });
  for (const origin of [ORIGIN, 'https://evil.example.com'])
    for (const condition of [{}, { 'If-None-Match': tags.gzip }] as Record<string, string>[])
      cases.push({
        label: `Origin ${origin} ${JSON.stringify(condition)}`,
        headers: { Origin: origin, ...condition },
        fast: true,
      });
  cases.push({ label: 'HEAD', method: 'HEAD', fast: true });
  cases.push({ label: 'HEAD, its tag', method: 'HEAD', headers: { 'If-None-Match': tags.gzip }, fast: true });
  for (const [auth, [, fast]] of Object.entries(await authorizations())) cases.push({ label: `token: ${auth}`, auth, fast });
  return cases;
}

describe.each(['socket', 'app.request'] as Transport[])('over %s', (transport) => {
  let world: Awaited<ReturnType<typeof keptReadsWorld>>;
  let sent = 0;
  beforeAll(async () => {
    world = await keptReadsWorld();
    const educator = { Authorization: `Bearer ${await tokenFor(users.educator)}`, 'Content-Type': 'application/json' };
    for (let k = 0; k < 60; k++) {
      const body = JSON.stringify({ courseId: 'c-101', startsAt: at(2 + k * 2), endsAt: at(3 + k * 2) });
      await world.chain.request('/api/availability/create', { method: 'POST', headers: educator, body });
    }
    const first = await world.chain.request(listing, { headers: { Authorization: `Bearer ${await tokens.student}` } });
    const slotId = ((await first.json()) as { items: { id: string }[] }).items[3].id;
    const student = { Authorization: `Bearer ${await tokens.student}`, 'Content-Type': 'application/json' };
    await world.chain.request('/api/session/request', { method: 'POST', headers: student, body: JSON.stringify({ slotId }) });
  });
  afterAll(() => world.close());

  /** Sends each case twice to both apps; every pair of answers is the same, and the fast ones were fast. */
  async function check(cases: Case[]) {
    const auths = await authorizations();
    for (const { label, path = listing, method = 'GET', auth = 'student', headers = {}, fast } of cases) {
      const authorization = auths[auth][0];
      const given = { 'Accept-Encoding': BROWSER, Authorization: authorization ?? null, ...headers };
      const sending = Object.fromEntries(Object.entries(given).filter((entry): entry is [string, string] => entry[1] !== null));
      for (const round of [1, 2]) {
        const answers = await world.both(transport, method, path, sending);
        sent += 2;
        expect(answers.kept, `${label}, sent ${round}`).toEqual(answers.chain);
        if (round === 2 && fast !== undefined) expect(answers.viaChain, `${label}: through the chain`).toBe(!fast);
      }
    }
  }

  const tagsOf = async () => {
    const auth = { Authorization: `Bearer ${await tokens.student}` };
    const etag = async (coding: string) =>
      (await world.both(transport, 'GET', listing, { ...auth, 'Accept-Encoding': coding })).chain.headers.etag;
    return { gzip: await etag(BROWSER), plain: await etag('identity') };
  };

  it('answers the listing as the chain does, now and once a minute has passed', async () => {
    await check(await listingCases(await tagsOf()));
    world.setNow(new Date(NOW.getTime() + 2 * MINUTE));
    await check(await listingCases(await tagsOf()));
    expect(sent).toBeGreaterThan(500);
    console.info(`${transport}: ${sent} requests, each answered alike by both apps`);
  });

  it('shows a slot created and deleted as the chain does, and a stale tag gets the new listing', async () => {
    world.setNow(NOW);
    const { gzip } = await tagsOf();
    const educator = { Authorization: `Bearer ${await tokenFor(users.educator)}`, 'Content-Type': 'application/json' };
    const body = JSON.stringify({ courseId: 'c-101', startsAt: at(1.25), endsAt: at(1.5) });
    const created = await world.kept.request('/api/availability/create', { method: 'POST', headers: educator, body });
    const made = (await created.json()) as { id: string };
    await check([
      { label: 'after a slot is made', fast: true },
      { label: 'with the old tag', headers: { 'If-None-Match': gzip }, fast: true },
    ]);
    const shown = await world.both(transport, 'GET', listing, { Authorization: `Bearer ${await tokens.student}` });
    expect(JSON.parse(Buffer.from(shown.kept.body, 'base64').toString()).items[0].id).toBe(made.id);
    await world.chain.request(`/api/availability/delete/${made.id}`, { method: 'DELETE', headers: educator });
    await check([
      { label: 'after it is deleted', fast: true },
      { label: 'with the tag of before', headers: { 'If-None-Match': gzip }, fast: true },
    ]);
    const after = await world.both(transport, 'GET', listing, {
      Authorization: `Bearer ${await tokens.student}`,
      'Accept-Encoding': BROWSER,
    });
    expect(after.kept.headers.etag).toBe(gzip);
    expect(JSON.parse(gunzipSync(Buffer.from(after.kept.body, 'base64')).toString()).items[0].id).not.toBe(made.id);
  });
});

describe('a kept token whose user changed their contact since', () => {
  it('keeps the contact again before the listing answers', async () => {
    const api = await setup();
    const first = await tokens.ada;
    const renamed = await tokens.adaRenamed;
    for (const token of [first, first, renamed, renamed, first]) expect((await api.get(listing, token)).status).toBe(200);
    const kept = await api.db.select().from(userContacts).where(eq(userContacts.userId, ada.sub)).get();
    expect([kept?.name, kept?.email]).toEqual(['Ada Lovelace', 'ada@example.edu']);
  });
});
