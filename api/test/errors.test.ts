// The error contract of SPEC §3–4: problem+json, every status code, check order, identity faults,
// limits, CORS and the served documents.
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { sign } from 'hono/jwt';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { at, NOW, SECRET, setup, type TestApi, tokenFor, users } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

const nowSeconds = Math.floor(NOW.getTime() / 1000);

describe('problem responses', () => {
  it('have the RFC 9457 shape with a code', async () => {
    const res = await api.get('/api/availability/course/c-101', users.stranger);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      code: 'forbidden',
      detail: expect.any(String),
    });
  });

  it('answer an unknown path with 404 not_found', async () => {
    const res = await api.get('/api/nothing-here', users.student);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('answer an internal fault with 500 internal and no stack trace', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    api.db.$client.close();
    const res = await api.get('/api/session/my-requests', users.student);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      code: 'internal',
      detail: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at |\.ts|libsql/i);
    expect((await api.get('/api/health')).status).toBe(503);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});

describe('validation (400)', () => {
  it('refuses malformed JSON', async () => {
    const res = await api.call('POST', '/api/availability/create', users.educator, '{"courseId": "c-101",');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('names unknown fields', async () => {
    const res = await api.post('/api/availability/create', users.educator, {
      courseId: 'c-101',
      startsAt: at(24),
      endsAt: at(25),
      isAdmin: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'isAdmin', message: 'Unknown field' }]);
  });

  it('lists every failing field', async () => {
    const res = await api.post('/api/availability/create', users.educator, { startsAt: 'tomorrow' });
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['courseId', 'endsAt', 'startsAt']);
  });

  it('counts a missing body, or an empty one, as {}', async () => {
    const first = await api.request((await api.slot(24)).id);
    expect((await api.call('PUT', `/api/session/cancel/${first.id}`, users.student)).status).toBe(200);
    const second = await api.request((await api.slot(48)).id);
    const res = await api.call('PUT', `/api/session/cancel/${second.id}`, users.student, '', {
      'Content-Type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect((await api.call('POST', '/api/availability/create', users.educator)).body.code).toBe('validation_failed');
  });

  it('refuses a time that leaves the four-digit years once made UTC', async () => {
    const res = await api.get('/api/availability/educator/slots?to=9999-12-31T23:00:00-14:00', users.educator);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('to');
  });

  it('refuses a body that is not JSON', async () => {
    const res = await api.call('POST', '/api/session/request', users.student, 'slotId=1', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });
});

describe('identity (401)', () => {
  const claims = { ...users.student, exp: nowSeconds + 600 };
  const cases: [string, () => Promise<string>][] = [
    ['an expired token', () => sign({ ...claims, exp: nowSeconds - 1 }, SECRET, 'HS256')],
    ['a token that expires now', () => sign({ ...claims, exp: nowSeconds }, SECRET, 'HS256')],
    ['a token not valid yet (nbf)', () => sign({ ...claims, nbf: nowSeconds + 60 }, SECRET, 'HS256')],
    ['a token without exp', () => sign({ ...users.student }, SECRET, 'HS256')],
    ['a token without sub', () => sign({ courses: [], exp: nowSeconds + 600 }, SECRET, 'HS256')],
    ['a sub over 128 characters', () => sign({ ...claims, sub: 'x'.repeat(129) }, SECRET, 'HS256')],
    ['an unknown role', () => sign({ ...claims, courses: [{ id: 'c-101', role: 'admin' }] }, SECRET, 'HS256')],
    [
      'more than 500 courses',
      () =>
        sign({ ...claims, courses: Array.from({ length: 501 }, (_, i) => ({ id: `c-${i}`, role: 'student' })) }, SECRET, 'HS256'),
    ],
    ['a name over 200 characters', () => sign({ ...claims, name: 'x'.repeat(201) }, SECRET, 'HS256')],
    ['an HS512 token', () => sign(claims, SECRET, 'HS512')],
    ['an unsigned (alg none) token', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
    ['a token signed with another key', () => sign(claims, 'another-secret-another-secret-another', 'HS256')],
    ['a garbled token', async () => 'not.a.token'],
  ];

  it.each(cases)('refuses %s', async (_, makeToken) => {
    const res = await api.get('/api/me', await makeToken());
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer a b'], ['']])('refuses the Authorization header %j', async (header) => {
    const res = await api.call('GET', '/api/me', undefined, undefined, { Authorization: header });
    expect(res.status).toBe(401);
  });

  it.each([
    ['a padded signature', ([header, payload, signature]: string[]) => `${header}.${payload}.${signature}=`],
    [
      'a signature with other unused bits',
      ([header, payload, signature]: string[]) => `${header}.${payload}.${otherTail(signature)}`,
    ],
    [
      'a signature in the standard alphabet',
      ([header, payload, signature]: string[]) => `${header}.${payload}.${standard(signature)}`,
    ],
    [
      'a payload in padded standard base64, signed as sent',
      ([header, payload]: string[]) => signedAsSent(header, padded(payload)),
    ],
    ['a header with padding, signed as sent', ([header, payload]: string[]) => signedAsSent(`${header}=`, payload)],
  ])('refuses %s: one token has one spelling, also once the canonical one is known', async (_, respell) => {
    const token = await standardSigned();
    expect((await api.get('/api/me', token)).status).toBe(200);
    const other = respell(token.split('.'));
    expect(other).not.toBe(token);
    const res = await api.get('/api/me', other);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it.each([
    ['expired', 'an expired token', () => sign({ ...claims, exp: nowSeconds - 1 }, SECRET, 'HS256')],
    ['invalid', 'a token signed with another key', () => sign(claims, 'another-secret-another-secret-another', 'HS256')],
    ['invalid', 'a garbled token', async () => 'not.a.token'],
    ['invalid', 'a token without sub', () => sign({ courses: [], exp: nowSeconds + 600 }, SECRET, 'HS256')],
    ['invalid', 'an expired token signed with another key', () => sign({ ...claims, exp: 1 }, 'another-secret-another', 'HS256')],
  ])('says the reason is %s for %s', async (reason, _, makeToken) => {
    const res = await api.get('/api/me', await makeToken());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'unauthenticated', reason });
  });

  it.each([[{}], [{ Authorization: '' }], [{ Authorization: 'Basic dXNlcjpwYXNz' }]])(
    'says the reason is missing when no bearer token is sent (%j)',
    async (headers) => {
      const res = await api.call('GET', '/api/me', undefined, undefined, headers);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'unauthenticated', reason: 'missing' });
    },
  );

  it('judges expiry by the server clock, and honours nbf once reached', async () => {
    const token = await sign({ ...claims, nbf: nowSeconds - 5 }, SECRET, 'HS256');
    expect((await api.get('/api/me', token)).status).toBe(200);
    api.setNow(new Date((nowSeconds + 600) * 1000));
    expect((await api.get('/api/me', token)).status).toBe(401);
  });

  it('ignores other claims', async () => {
    expect((await api.get('/api/me', await tokenFor(users.student, NOW, { iss: 'lms', role: 'root', iat: 1 }))).status).toBe(200);
  });
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A part in standard base64, padded as that alphabet is. */
const padded = (part: string) => Buffer.from(part, 'base64url').toString('base64');
/** A part in the standard base64 alphabet (`+` and `/` for `-` and `_`). */
const standard = (part: string) => part.replace(/-/g, '+').replace(/_/g, '/');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The signature spelt with another last character that decodes to the same 32 bytes (its two spare bits set). */
const otherTail = (signature: string) => `${signature.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(signature.at(-1) ?? 'A') ^ 1]}`;
/** `header.payload` signed with the secret exactly as written. */
const signedAsSent = (header: string, payload: string) =>
  `${header}.${payload}.${createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url')}`;
/** A valid token whose payload and signature both hold a character that the two base64 alphabets spell differently. */
async function standardSigned(): Promise<string> {
  for (let n = 0; ; n++) {
    const token = await tokenFor({ ...users.student, name: `Ada ${'?'.repeat(n)}` });
    const [, payload, signature] = token.split('.');
    if (/[-_]/.test(payload) && /[-_]/.test(signature)) return token;
  }
}

describe('check order: 401, 400, 404, 403, 409', () => {
  it('401 before 400', async () => {
    expect((await api.post('/api/availability/create', undefined, { nonsense: true })).status).toBe(401);
  });
  it('400 before 404', async () => {
    expect((await api.put('/api/availability/update/no-such-slot', users.educator, { startsAt: 'soon' })).status).toBe(400);
  });
  it('404 before 403', async () => {
    expect((await api.post('/api/session/request', users.stranger, { slotId: 'no-such-slot' })).status).toBe(404);
  });
  it('403 before 409', async () => {
    const slot = await api.slot(24);
    await api.approve((await api.request(slot.id)).id);
    expect((await api.post('/api/session/request', users.stranger, { slotId: slot.id })).status).toBe(403);
  });
});

describe('limits', () => {
  it('refuses a body over 16 KiB with 413', async () => {
    const res = await api.post('/api/session/request', users.student, { slotId: 'x', message: 'x'.repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('limits writes per user per minute with 429 and Retry-After; reads are not counted', async () => {
    const limited = await setup({ config: { rateLimitPerMinute: 3 } });
    for (let i = 0; i < 3; i++) {
      expect((await limited.put('/api/availability/update/none', users.educator, { note: 'x' })).status).toBe(404);
    }
    const res = await limited.put('/api/availability/update/none', users.educator, { note: 'x' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('rate_limited');
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await limited.get('/api/me', users.educator)).status).toBe(200);
    expect((await limited.put('/api/availability/update/none', users.otherEducator, { note: 'x' })).status).toBe(404);
  });
});

describe('cross-origin use', () => {
  it('sends no CORS headers when ALLOWED_ORIGINS is unset', async () => {
    const res = await api.call('GET', '/api/me', users.student, undefined, { Origin: 'https://lms.example.edu' });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('allows exactly the configured origins, preflight included', async () => {
    const cors = await setup({ config: { allowedOrigins: ['https://lms.example.edu'] } });
    const preflight = await cors.call('OPTIONS', '/api/session/request', undefined, undefined, {
      Origin: 'https://lms.example.edu',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://lms.example.edu');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toMatch(/Authorization/i);
    const other = await cors.call('GET', '/api/me', users.student, undefined, { Origin: 'https://evil.example.com' });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('sets secure headers on the API; only the health check may be read from another origin without CORS', async () => {
    const res = await api.get('/api/me', users.student);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    // The widgets probe it with `no-cors` to tell "your origin is not allowed" from "the service is offline".
    const health = await api.get('/api/health');
    expect(health.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(health.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
  });
});

describe('served documents', () => {
  it('serves the OpenAPI 3.1 document with every path', async () => {
    const doc = await api.get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/api/availability/course/{courseId}',
      '/api/availability/create',
      '/api/availability/delete/{slotId}',
      '/api/availability/educator/slots',
      '/api/availability/series',
      '/api/availability/series/{seriesId}',
      '/api/availability/update/{slotId}',
      '/api/calendar/feed',
      '/api/courses/{courseId}/policy',
      '/api/courses/{courseId}/roster',
      '/api/courses/{courseId}/sessions.csv',
      '/api/courses/{courseId}/stats',
      '/api/courses/{courseId}/waitlist',
      '/api/events',
      '/api/health',
      '/api/me',
      '/api/me/notifications',
      '/api/session/approve/{requestId}',
      '/api/session/attendance/{requestId}',
      '/api/session/calendar/{requestId}',
      '/api/session/cancel/{requestId}',
      '/api/session/educator/requests',
      '/api/session/my-requests',
      '/api/session/reject/{requestId}',
      '/api/session/request',
      '/api/session/reschedule/{requestId}',
      '/calendar/{file}',
    ]);
    expect(doc.body.components.schemas.SessionRequest.properties.meetingLink).toBeDefined();
  });

  it('serves the widget bundle cacheable and loadable from any origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'widgets-'));
    writeFileSync(join(dir, 'widgets.js'), 'export {};');
    const served = await setup({ config: { widgetsBundlePath: join(dir, 'widgets.js') } });
    const res = await served.get('/widgets.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(res.headers.get('Cache-Control')).toMatch(/max-age/);
    const again = await served.call('GET', '/widgets.js', undefined, undefined, {
      'If-None-Match': res.headers.get('ETag') ?? '',
    });
    expect(again.status).toBe(304);
    expect((await api.get('/widgets.js')).status).toBe(404);
  });

  it('serves the locale modules from beside the bundle, loadable from any origin, and nothing else under /locales', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'widgets-'));
    writeFileSync(join(dir, 'widgets.js'), 'export {};');
    mkdirSync(join(dir, 'locales'));
    writeFileSync(join(dir, 'locales', 'pt-BR.js'), "export const templates = { a: 'Olá' };");
    writeFileSync(join(dir, 'locales', 'pt-BR.js.gz'), gzipSync("export const templates = { a: 'Olá' };"));
    const served = await setup({ config: { widgetsBundlePath: join(dir, 'widgets.js') } });
    const res = await served.app.request('/locales/pt-BR.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toContain('Olá');
    expect((await served.get('/locales/es.js')).status).toBe(404);
    expect((await served.get('/locales/..%2Fwidgets.js')).status).toBe(404);
    expect((await served.get('/locales/xx.js')).status).toBe(404);
  });

  it('serves the precompressed bundle the client accepts, each with its own ETag, revalidated with 304', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'widgets-'));
    const code = `export const big = ${JSON.stringify('lit '.repeat(2_000))};`;
    writeFileSync(join(dir, 'widgets.js'), code);
    writeFileSync(join(dir, 'widgets.js.br'), brotliCompressSync(code));
    writeFileSync(join(dir, 'widgets.js.gz'), gzipSync(code));
    const served = await setup({ config: { widgetsBundlePath: join(dir, 'widgets.js') } });
    const fetchWith = (headers: Record<string, string>) => served.app.request('/widgets.js', { headers });
    const br = await fetchWith({ 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(code);
    const gz = await fetchWith({ 'Accept-Encoding': 'gzip, br;q=0' });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(code);
    const plain = await fetchWith({ 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.text()).toBe(code);
    for (const res of [br, gz, plain]) expect(res.headers.get('Vary')).toBe('Accept-Encoding');
    const tags = [br, gz, plain].map((res) => res.headers.get('ETag'));
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) expect(tag).toMatch(/^"[\w-]+"$/);
    const revalidated = await fetchWith({ 'Accept-Encoding': 'br', 'If-None-Match': tags[0] ?? '' });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('ETag')).toBe(tags[0]);
    expect((await fetchWith({ 'Accept-Encoding': 'br', 'If-None-Match': tags[2] ?? '' })).status).toBe(200);
  });
});
