// LTI Advantage services (SPEC §15): the scopes the tool asks for, the service URLs a launch names for its course,
// and access tokens from the platform's token endpoint by OAuth 2 client credentials with a JWT client assertion
// signed by the tool's key (RFC 7523). Every request goes through the guarded fetch (SPEC §18).
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { ltiCourseServices, ltiUsers } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import { TOOL_ALG, type ToolKey, toolKeySource } from './keys.ts';
import { type PlatformFetch, platformFetch, SMALL_ANSWER } from './platform-fetch.ts';
import type { Platform } from './platforms.ts';

export const SCOPE = {
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

/** The scopes dynamic registration asks for: the roster, the line items and the scores. */
export const SERVICE_SCOPES = [SCOPE.memberships, SCOPE.lineItem, SCOPE.score] as const;

export const SERVICE_CLAIM = {
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
} as const;

const serviceUrl = z.url({ protocol: /^https?$/ }).max(2048);

const NrpsClaim = z.object({ context_memberships_url: serviceUrl });
const AgsClaim = z.object({
  scope: z.array(z.string().max(255)).max(20),
  lineitems: serviceUrl.optional(),
  lineitem: serviceUrl.optional(),
});

/** The services a launch names, each claim read leniently: a missing or malformed one is left out. */
export function servicesOf(payload: Record<string, unknown>) {
  const nrps = NrpsClaim.safeParse(payload[SERVICE_CLAIM.nrps]);
  const ags = AgsClaim.safeParse(payload[SERVICE_CLAIM.ags]);
  return { nrps: nrps.success ? nrps.data : undefined, ags: ags.success ? ags.data : undefined };
}

/**
 * The statements that record what a launch tells about services: the course's service URLs (a claim the launch
 * carries replaces what an earlier launch gave) and the platform's own id for the user.
 */
export function recordServices(
  db: Database,
  launch: { platformId: string; courseId: string; userId: string; sub: string; payload: Record<string, unknown> },
  now: Date,
) {
  const at = now.toISOString();
  const { nrps, ags } = servicesOf(launch.payload);
  const user = db
    .insert(ltiUsers)
    .values({ userId: launch.userId, platformId: launch.platformId, sub: launch.sub, updatedAt: at })
    .onConflictDoUpdate({ target: ltiUsers.userId, set: { platformId: launch.platformId, sub: launch.sub, updatedAt: at } });
  if (!nrps && !ags) return [user];
  const urls = {
    ...(nrps ? { membershipsUrl: nrps.context_memberships_url } : {}),
    ...(ags ? { lineItemsUrl: ags.lineitems ?? null, lineItemUrl: ags.lineitem ?? null, agsScopes: ags.scope.join(' ') } : {}),
  };
  const course = db
    .insert(ltiCourseServices)
    .values({ courseId: launch.courseId, platformId: launch.platformId, ...urls, updatedAt: at })
    .onConflictDoUpdate({ target: ltiCourseServices.courseId, set: { platformId: launch.platformId, ...urls, updatedAt: at } });
  return [user, course];
}

/** A client assertion lives this long. */
const ASSERTION_SECONDS = 5 * 60;
/** A token is taken again this long before the platform says it expires. */
const EXPIRY_MARGIN_MS = 60_000;
/** The most tokens kept at once (a platform and scope set each); the oldest goes first. */
const MAX_TOKENS = 1000;

/** A platform's token endpoint that gave no bearer token; the message says why, for the logs. */
export class ServiceTokenRefused extends Error {
  override name = 'ServiceTokenRefused';
}

const TokenAnswer = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});

/**
 * Gets access tokens for a platform's services; the result is the token, kept in memory until shortly before it
 * expires. `renew` takes a new one in place of the one kept (which the platform refused).
 */
export type ServiceToken = (
  platform: Platform,
  scopes: readonly string[],
  now: Date,
  options?: { renew?: boolean },
) => Promise<string>;

/** What reaching the platforms' services takes: the guarded fetch, the tool's key, and a token source over both. */
export interface ServiceAccess {
  fetchPlatform: PlatformFetch;
  toolKey: () => Promise<ToolKey>;
  serviceToken: ServiceToken;
}

/** The accesses made so far, per database: one per settings, clock and fetch. */
const accesses = new WeakMap<Database, { config: AppConfig; clock: Clock; given?: PlatformFetch; access: ServiceAccess }[]>();

/**
 * What every user of the platforms' services (launches, the roster, the score sender) shares: the guarded fetch unless
 * a test gives its own, the tool's key, and a token source over both. One per database, settings, clock and fetch, so
 * that a process keeps one cache of access tokens, and asks an LMS once for a token its parts all use.
 */
export function serviceAccess(db: Database, config: AppConfig, clock: Clock, fetchPlatform?: PlatformFetch): ServiceAccess {
  const made = accesses.get(db) ?? [];
  accesses.set(db, made);
  const found = made.find((one) => one.config === config && one.clock === clock && one.given === fetchPlatform);
  if (found) return found.access;
  const reach = fetchPlatform ?? platformFetch({ allowLoopback: config.lti?.allowLoopback === true });
  const toolKey = toolKeySource(db, clock, config.lti?.privateKeyPem);
  const access = { fetchPlatform: reach, toolKey, serviceToken: serviceTokens({ fetchPlatform: reach, toolKey }) };
  made.push({ config, clock, given: fetchPlatform, access });
  return access;
}

/** Access tokens by OAuth 2 client credentials with a JWT client assertion (RFC 7523), cached per platform and scopes. */
export function serviceTokens({
  fetchPlatform,
  toolKey,
  maxTokens = MAX_TOKENS,
}: {
  fetchPlatform: PlatformFetch;
  toolKey: () => Promise<ToolKey>;
  maxTokens?: number;
}): ServiceToken {
  const kept = new Map<string, { token: string; until: number }>();
  return async (platform, scopes, now, options) => {
    const scope = [...new Set(scopes)].sort().join(' ');
    const cacheKey = `${platform.id} ${platform.tokenUrl} ${scope}`;
    const cached = kept.get(cacheKey);
    if (cached && cached.until > now.getTime() && !options?.renew) return cached.token;
    kept.delete(cacheKey);

    const key = await toolKey();
    const seconds = Math.floor(now.getTime() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: TOOL_ALG, kid: key.kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.authServer ?? platform.tokenUrl)
      .setJti(randomBytes(16).toString('base64url'))
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + ASSERTION_SECONDS)
      .sign(key.privateKey);
    const res = await fetchPlatform(platform.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope,
      }).toString(),
      maxBytes: SMALL_ANSWER,
    });
    if (!res.ok) throw new ServiceTokenRefused(`${platform.tokenUrl} answered ${res.status}`);
    let answer: z.infer<typeof TokenAnswer>;
    try {
      answer = TokenAnswer.parse(await res.json());
    } catch {
      throw new ServiceTokenRefused(`${platform.tokenUrl} did not answer a bearer token`);
    }
    // Without `expires_in`, an hour, as OAuth servers commonly give.
    const lifetimeMs = (answer.expires_in ?? 3600) * 1000;
    const until = now.getTime() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);
    if (kept.size >= maxTokens) kept.delete(kept.keys().next().value as string);
    kept.set(cacheKey, { token: answer.access_token, until });
    return answer.access_token;
  };
}
