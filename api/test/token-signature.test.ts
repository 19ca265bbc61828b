// The API accepts a token exactly when `verify` of hono/jwt would (HS256, the shared secret) and its spelling is
// canonical: headers of every kind, payloads, other secrets and altered characters.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { verify } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOW, SECRET, setup, users } from './helpers.ts';

const part = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const isCanonical = (token: string) =>
  token.split('.').every((piece) => Buffer.from(piece, 'base64url').toString('base64url') === piece);

const headers = fc.oneof(
  fc.constant('{"alg":"HS256","typ":"JWT"}'),
  fc.constant('{"alg":"HS256"}'),
  fc.constantFrom('{"alg":"HS256","typ":"application/JWT"}', '{"alg":"HS256","typ":"JOSE"}', '{"alg":"HS256","crit":[]}'),
  fc.constant('\uFEFF{"alg":"HS256"}'),
  fc
    .record(
      {
        alg: fc.oneof(
          { arbitrary: fc.constant('HS256'), weight: 4 },
          fc.constantFrom('hs256', 'HS384', 'none', 'RS256', 7, null),
        ),
        typ: fc.constantFrom('JWT', 'jwt', 'application/JWT', 'JOSE', 'at+jwt', '', null, 1),
        crit: fc.constant(['exp']),
        kid: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((header) => JSON.stringify(header)),
  fc.constantFrom('null', '[]', '"HS256"', '{', ''),
);

const payloads = fc.oneof(
  { arbitrary: fc.constant(JSON.stringify({ ...users.student, exp: NOW.getTime() / 1000 + 3600 })), weight: 4 },
  fc.constantFrom('null', '[1]', '{"sub":"x"', '{}'),
);

/** A token of `header` and `payload` signed with `secret`, perhaps with one character replaced afterwards. */
const tokens = fc
  .record({
    header: headers,
    payload: payloads,
    secret: fc.oneof({ arbitrary: fc.constant(SECRET), weight: 4 }, fc.constantFrom(`${SECRET}x`, '')),
    change: fc.option(fc.record({ at: fc.nat(), to: fc.constantFrom('A', 'Q', 'g', '-', '_', '=', '.', '+') }), {
      nil: undefined,
      freq: 2,
    }),
  })
  .map(({ header, payload, secret, change }) => {
    const signed = `${part(header)}.${part(payload)}`;
    let token = `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
    if (change) {
      const at = change.at % token.length;
      token = token.slice(0, at) + change.to + token.slice(at + 1);
    }
    return token;
  });

describe('token signatures', () => {
  let api: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    api = await setup();
  });

  it('accepts exactly what hono/jwt verifies with the secret, canonically spelled', async () => {
    await fc.assert(
      fc.asyncProperty(tokens, async (token) => {
        const honoAccepts = await verify(token, SECRET, { alg: 'HS256', exp: false, nbf: false, iat: false }).then(
          (payload) => typeof payload === 'object' && payload !== null && 'sub' in payload,
          () => false,
        );
        const res = await api.app.request('/api/me', { headers: { Authorization: `Bearer ${token}` } });
        expect(res.status).toBe(honoAccepts && isCanonical(token) ? 200 : 401);
      }),
      { numRuns: 600 },
    );
  });
});
