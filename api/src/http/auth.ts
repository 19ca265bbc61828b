// Identity: the host platform's HS256 token, checked against the shared secret and the clock.
import type { MiddlewareHandler } from 'hono';
import { verify } from 'hono/jwt';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { DomainError } from '../domain/errors.ts';
import type { User } from '../domain/identity.ts';
import type { AppEnv } from './router.ts';

const Claims = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().max(200).optional(),
  courses: z
    .array(
      z.object({
        id: z.string().min(1).max(128),
        role: z.enum(['student', 'educator']),
        title: z.string().max(200).optional(),
      }),
    )
    .max(500),
  exp: z.number(),
  nbf: z.number().optional(),
});

const unauthenticated = (detail: string) => new DomainError('unauthenticated', detail);

/** Verifies a token and returns its user and expiry; any fault is a 401. Expiry is judged by `now`. */
export async function verifyToken(token: string, key: CryptoKey, now: Date): Promise<{ user: User; expiresAt: Date }> {
  let payload: unknown;
  try {
    payload = await verify(token, key, { alg: 'HS256', exp: false, nbf: false, iat: false });
  } catch {
    throw unauthenticated('The token is not a valid HS256 token signed for this service.');
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw unauthenticated('The token lacks a required claim or has a malformed one.');
  const seconds = now.getTime() / 1000;
  if (claims.data.exp <= seconds) throw unauthenticated('The token has expired.');
  if (claims.data.nbf !== undefined && claims.data.nbf > seconds) throw unauthenticated('The token is not valid yet.');
  const { sub, name, courses, exp } = claims.data;
  return {
    user: {
      id: sub,
      name: name ?? null,
      courses: courses.map(({ id, role, title }) => ({ id, role, ...(title === undefined ? {} : { title }) })),
    },
    expiresAt: new Date(exp * 1000),
  };
}

/** Requires `Authorization: Bearer <jwt>` and puts the caller in `c.var.user`. */
/**
 * The HMAC key of `AUTH_SECRET`'s UTF-8 bytes, imported once rather than on every request (and never
 * mistaken for a PEM key, whatever the secret's text).
 */
export function importSecret(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

export function authenticate(secret: string, clock: Clock): MiddlewareHandler<AppEnv> {
  const key = importSecret(secret);
  return async (c, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!token) throw unauthenticated('A bearer token is required.');
    const { user, expiresAt } = await verifyToken(token, await key, clock());
    c.set('user', user);
    c.set('tokenExpiresAt', expiresAt);
    await next();
  };
}
