// The signed tokens of the links in an email: one to decide a request from the inbox (one request, one educator,
// until the session starts) and one to unsubscribe (one user, one click). Each is the base64url of its JSON and an
// HMAC-SHA256 over it under a key derived from AUTH_SECRET for that purpose alone, so no other token of the tool,
// nor one altered by a single character, passes.
import { createHmac, timingSafeEqual } from 'node:crypto';

type Purpose = 'decide' | 'unsubscribe';

/** What a decide link names: the request, its educator, and when the link stops working (the session's start). */
export interface DecideGrant {
  requestId: string;
  educatorId: string;
  expiresAt: string;
}

/** What an unsubscribe link names: whose email it turns off. */
export interface UnsubscribeGrant {
  userId: string;
}

const keyOf = (secret: string, purpose: Purpose) => createHmac('sha256', secret).update(`one-on-one mail ${purpose}`).digest();

function sign(secret: string, purpose: Purpose, claims: object): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${createHmac('sha256', keyOf(secret, purpose)).update(body).digest('base64url')}`;
}

function verify(secret: string, purpose: Purpose, token: string): Record<string, unknown> | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const expected = createHmac('sha256', keyOf(secret, purpose)).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  // A signature must be the canonical text of the expected bytes: base64url that decodes alike is refused too.
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString('base64url') !== signature) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? claims : undefined;
  } catch {
    return undefined;
  }
}

export const signDecide = (secret: string, grant: DecideGrant) =>
  sign(secret, 'decide', { r: grant.requestId, e: grant.educatorId, x: grant.expiresAt });

/** The grant of a decide token, or undefined when it was not signed here for deciding (altered, made up). */
export function readDecide(secret: string, token: string): DecideGrant | undefined {
  const claims = verify(secret, 'decide', token);
  const { r, e, x } = claims ?? {};
  return typeof r === 'string' && typeof e === 'string' && typeof x === 'string'
    ? { requestId: r, educatorId: e, expiresAt: x }
    : undefined;
}

export const signUnsubscribe = (secret: string, grant: UnsubscribeGrant) => sign(secret, 'unsubscribe', { u: grant.userId });

export function readUnsubscribe(secret: string, token: string): UnsubscribeGrant | undefined {
  const u = verify(secret, 'unsubscribe', token)?.u;
  return typeof u === 'string' ? { userId: u } : undefined;
}
