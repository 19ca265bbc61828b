// Identity: the host platform's HS256 token, checked against the shared secret and the clock.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { sign } from 'hono/jwt';
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

/** A token that passed its checks: the caller, how to reach them, and its times. */
export interface Verified {
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

const utf8 = new TextDecoder();
const partOf = (part: string): unknown => JSON.parse(utf8.decode(Buffer.from(part, 'base64url')));

/** A JOSE header `hono/jwt`'s `verify` accepts for HS256: that algorithm, no `crit`, and a `typ` of JWT if any. */
function isHs256Header(header: unknown): boolean {
  if (typeof header !== 'object' || header === null || !('alg' in header) || header.alg !== 'HS256' || 'crit' in header)
    return false;
  return !('typ' in header) || (typeof header.typ === 'string' && /^(application\/)?jwt$/i.test(header.typ));
}

/**
 * The payload of a token that `key` signed with HS256, else undefined: what `verify` of `hono/jwt` accepts (without
 * its time checks), judged with one synchronous HMAC rather than a Web Crypto job per token.
 */
function signedPayload(token: string, key: Buffer): unknown {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let header: unknown;
  let payload: unknown;
  try {
    header = partOf(parts[0]);
    payload = partOf(parts[1]);
  } catch {
    return undefined;
  }
  if (!isHs256Header(header)) return undefined;
  const signature = Buffer.from(parts[2], 'base64url');
  const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? payload : undefined;
}

/** Checks the spelling, the signature and the claims; any fault is a 401. The times are judged later, per request. */
function verifySigned(token: string, key: Buffer): Verified {
  const payload = isCanonical(token) ? signedPayload(token, key) : undefined;
  if (payload === undefined) throw unauthenticated('The token is not a valid HS256 token signed for this service.');
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
export class VerifiedTokens {
  readonly #entries = new Map<string, Verified>();
  constructor(readonly limit = 10_000) {}

  verify(token: string, key: Buffer): Verified {
    const known = this.#entries.get(token);
    if (known) return known;
    const verified = verifySigned(token, key);
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(token, verified);
    return verified;
  }

  /** The token's claims if it was verified and kept here already; nothing is checked or kept. */
  known(token: string): Verified | undefined {
    return this.#entries.get(token);
  }
}

const bearerToken = (authorization: string | undefined) => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

/** Why a token's times refuse it at `seconds` (Unix time), or undefined while it is valid. */
function timeFault({ exp, nbf }: Verified, seconds: number): DomainError | undefined {
  if (exp <= seconds) return unauthenticated('The token has expired.', 'expired');
  if (nbf !== undefined && nbf > seconds) return unauthenticated('The token is not valid yet.');
  return undefined;
}

/**
 * The caller named by an `Authorization` header whose token `tokens` already verified, when `authenticate` would let it
 * through at `now`; undefined otherwise (no bearer token, one not seen yet, expired or not valid yet), for the
 * middleware to judge. Synchronous, and it changes nothing.
 */
export function keptCaller(tokens: VerifiedTokens, authorization: string | undefined, now: Date): Verified | undefined {
  const token = bearerToken(authorization);
  const verified = token ? tokens.known(token) : undefined;
  return verified && !timeFault(verified, now.getTime() / 1000) ? verified : undefined;
}

/**
 * Requires `Authorization: Bearer <jwt>` and puts the caller in `c.var.user`. Nothing here waits: a token text seen
 * before is found in memory (in `verified`, which `keptCaller` reads too), a new one checked with one HMAC (its times
 * against the clock on every request).
 */
export function authenticate(secret: string, clock: Clock, verified = new VerifiedTokens()): MiddlewareHandler<AppEnv> {
  // The HMAC key is `AUTH_SECRET`'s UTF-8 bytes (never mistaken for a PEM key, whatever the secret's text).
  const key = Buffer.from(secret, 'utf8');
  return (c, next) => {
    const token = bearerToken(c.req.header('Authorization'));
    if (!token) throw unauthenticated('A bearer token is required.', 'missing');
    const caller = verified.verify(token, key);
    const fault = timeFault(caller, clock().getTime() / 1000);
    if (fault) throw fault;
    c.set('user', caller.user);
    c.set('contact', caller.contact);
    c.set('tokenExpiresAt', new Date(caller.exp * 1000));
    return next();
  };
}
