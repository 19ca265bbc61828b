// The `state` and `nonce` of an OIDC login, signed by the tool rather than stored (SPEC §18), so that no number of
// unauthenticated logins fills anything. Both carry the platform, the expiry and the login's random id, each under
// an HMAC with a label of its own: the state comes back in the launch's form post, the nonce inside the id_token the
// platform signs. The nonce is the one the state names (same platform, expiry and id), so a state of one platform
// cannot launch as another, and nobody can pair their own login's nonce with someone else's state. Single use is
// the launch's to enforce: it records the nonce once the platform's signature is verified.

import type { KeyObject } from 'node:crypto';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a login may take, from the tool's redirect to the platform's form post. */
export const LOGIN_MS = 10 * 60_000;

/** What a state the tool signed says. */
export interface LoginState {
  platformId: string;
  expiresAt: Date;
  /** The nonce the id_token must carry. */
  nonce: string;
}

const mac = (key: KeyObject, label: 'state' | 'nonce', claims: string) =>
  createHmac('sha256', key).update(`${label}\n${claims}`).digest('base64url');

/** `platform.expiry.id`: platform ids are `[\w-]`, the expiry is in seconds, the id base64url. */
const CLAIMS = /^([\w-]{1,64})\.(\d{1,12})\.([\w-]{22})$/;

const nonceOf = (key: KeyObject, claims: string) => `${claims}.${mac(key, 'nonce', claims)}`;

/** A new login's state and nonce for `platformId`, valid for LOGIN_MS from `now`. */
export function issueLogin(key: KeyObject, platformId: string, now: Date): { state: string; nonce: string } {
  const expiry = Math.floor((now.getTime() + LOGIN_MS) / 1000);
  const claims = `${platformId}.${expiry}.${randomBytes(16).toString('base64url')}`;
  return { state: `${claims}.${mac(key, 'state', claims)}`, nonce: nonceOf(key, claims) };
}

/** What `state` says, when the tool signed it (expired or not); undefined for anything else. */
export function readState(key: KeyObject, state: string): LoginState | undefined {
  const cut = state.lastIndexOf('.');
  const claims = state.slice(0, cut);
  const match = CLAIMS.exec(claims);
  if (cut < 0 || !match) return undefined;
  const given = Buffer.from(state.slice(cut + 1));
  const expected = Buffer.from(mac(key, 'state', claims));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { platformId: match[1], expiresAt: new Date(Number(match[2]) * 1000), nonce: nonceOf(key, claims) };
}
