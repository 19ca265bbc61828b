// Identity: the host platform's HS256 token, checked against the shared secret and the clock.
import type { Context, MiddlewareHandler, Next } from 'hono';
import { sign, verify } from 'hono/jwt';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { type ContactClaims, contactClaims } from '../domain/contacts.ts';
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

/** The claims of a host token (SPEC §3), with the optional ones that say how to reach its user (SPEC §14). */
export type TokenClaims = z.input<typeof Claims> & { email?: string; locale?: string; zoneinfo?: string };

/** Signs a token as a host's backend does (SPEC §3): HS256 with the shared secret. The demo and LTI launches use it. */
export const signToken = (claims: TokenClaims, secret: string): Promise<string> => sign({ ...claims }, secret, 'HS256');

/** Why a token was refused (SPEC §16): the widgets tell an expired sign-in from one that was never valid. */
type Reason = 'expired' | 'invalid' | 'missing';
const unauthenticated = (detail: string, reason: Reason = 'invalid') =>
  new DomainError('unauthenticated', detail, undefined, { reason });

interface Verified {
  user: User;
  /** The optional `email`, `locale` and `zoneinfo` claims, each ignored when malformed (SPEC §14). */
  contact: ContactClaims;
  exp: number;
  nbf?: number;
}

/**
 * Each part of the token is canonical base64url (RFC 7515 §2): its own alphabet, no padding, no stray bits, so
 * that a token has one spelling. A part is canonical when decoding and encoding it again gives it back.
 */
const isCanonical = (token: string) =>
  token.split('.').every((part) => Buffer.from(part, 'base64url').toString('base64url') === part);

/** Checks the spelling, the signature and the claims; any fault is a 401. The times are judged later, per request. */
async function verifySigned(token: string, key: CryptoKey): Promise<Verified> {
  if (!isCanonical(token)) throw unauthenticated('The token is not a valid HS256 token signed for this service.');
  let payload: unknown;
  try {
    payload = await verify(token, key, { alg: 'HS256', exp: false, nbf: false, iat: false });
  } catch {
    throw unauthenticated('The token is not a valid HS256 token signed for this service.');
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw unauthenticated('The token lacks a required claim or has a malformed one.');
  const { sub, name, courses, exp, nbf } = claims.data;
  const user = {
    id: sub,
    name: name ?? null,
    courses: courses.map(({ id, role, title }) => ({ id, role, ...(title === undefined ? {} : { title }) })),
  };
  const contact = { ...contactClaims(payload as Record<string, unknown>), ...(name === undefined ? {} : { name }) };
  return { user, contact, exp, nbf };
}

/**
 * Tokens already verified, by their text: a widget sends the same token with every request, and the
 * signature and claims of a given text never change. Only a text that passed `verifySigned` is kept, so
 * another spelling of a known token finds nothing here and is judged afresh. Bounded; the oldest is forgotten first.
 */
class VerifiedTokens {
  readonly #entries = new Map<string, Verified>();
  constructor(readonly limit = 10_000) {}

  /** The token's claims if this text was verified before. */
  known(token: string): Verified | undefined {
    return this.#entries.get(token);
  }

  async verify(token: string, key: CryptoKey): Promise<Verified> {
    const known = this.#entries.get(token);
    if (known) return known;
    const verified = await verifySigned(token, key);
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(token, verified);
    return verified;
  }
}

/**
 * The HMAC key of `AUTH_SECRET`'s UTF-8 bytes, imported once rather than on every request (and never
 * mistaken for a PEM key, whatever the secret's text).
 */
export function importSecret(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

/**
 * Requires `Authorization: Bearer <jwt>` and puts the caller in `c.var.user`. A token text seen before is judged
 * without waiting for anything (its times against the clock on every request).
 */
export function authenticate(secret: string, clock: Clock): MiddlewareHandler<AppEnv> {
  const key = importSecret(secret);
  const verified = new VerifiedTokens();
  const admit = (c: Context<AppEnv>, next: Next, { user, contact, exp, nbf }: Verified) => {
    const seconds = clock().getTime() / 1000;
    if (exp <= seconds) throw unauthenticated('The token has expired.', 'expired');
    if (nbf !== undefined && nbf > seconds) throw unauthenticated('The token is not valid yet.');
    c.set('user', user);
    c.set('contact', contact);
    c.set('tokenExpiresAt', new Date(exp * 1000));
    return next();
  };
  return (c, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!token) throw unauthenticated('A bearer token is required.', 'missing');
    const known = verified.known(token);
    if (known) return admit(c, next, known);
    return key.then((ready) => verified.verify(token, ready)).then((found) => admit(c, next, found));
  };
}
