// The OIDC login and the launch of LTI 1.3 (SPEC §13): the login keeps `state` and `nonce` on the server, single
// use; the launch verifies the platform's id_token against the platform's keys and every claim the SPEC names,
// and only then records the launch. A failed check says what failed and changes nothing but the spent state.
import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import { createRemoteJWKSet, customFetch, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Database, writeAtomically } from '../db/client.ts';
import { ltiLaunches, ltiStates } from '../db/schema.ts';
import { CLAIM, LaunchClaims, roleOf } from './claims.ts';
import { PLATFORM_TIMEOUT_MS, type PlatformFetch, SMALL_ANSWER } from './platform-fetch.ts';
import { findPlatform, isDeployed, LtiError, type Platform, platformById } from './platforms.ts';

const STATE_MS = 10 * 60_000;
/** A launch's page may get widget tokens for this long. */
export const LAUNCH_MS = 8 * 60 * 60_000;
const SKEW_SECONDS = 5 * 60;

const randomToken = () => randomBytes(32).toString('base64url');
export const hashHandle = (handle: string) => createHash('sha256').update(handle).digest('base64url');

export interface LoginParams {
  iss?: string;
  login_hint?: string;
  target_link_uri?: string;
  lti_message_hint?: string;
  client_id?: string;
  lti_deployment_id?: string;
}

/**
 * Logins in progress the tool keeps at most: a login is an unauthenticated write, so a flood of them is bounded
 * (each lives ten minutes) rather than allowed to fill the database.
 */
export const MAX_OPEN_LOGINS = 10_000;

/** Starts a login: checks the platform, keeps a fresh state and nonce, and gives the platform's authorization URL. */
export async function startLogin(
  db: Database,
  params: LoginParams,
  launchUrl: string,
  now: Date,
  maxOpen = MAX_OPEN_LOGINS,
): Promise<string> {
  if (!params.iss || !params.login_hint) throw new LtiError(400, 'The login request needs iss and login_hint.');
  const platform = await findPlatform(db, params.iss, params.client_id);
  if (!platform) throw new LtiError(400, `No platform with issuer ${params.iss} is registered with this tool.`);
  if (params.lti_deployment_id && !(await isDeployed(db, platform.id, params.lti_deployment_id))) {
    throw new LtiError(400, `Deployment ${params.lti_deployment_id} is not registered for this platform.`);
  }
  const [open] = await db.select({ n: count() }).from(ltiStates).where(gt(ltiStates.expiresAt, now.toISOString()));
  if (open.n >= maxOpen) throw new LtiError(400, 'Too many logins are in progress; try again in a few minutes.');
  const [state, nonce] = [randomToken(), randomToken()];
  await writeAtomically(db, [
    db.delete(ltiStates).where(lt(ltiStates.expiresAt, now.toISOString())),
    db
      .insert(ltiStates)
      .values({ state, nonce, platformId: platform.id, expiresAt: new Date(now.getTime() + STATE_MS).toISOString() }),
  ]);
  const url = new URL(platform.authUrl);
  const query = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: params.login_hint,
    state,
    nonce,
    ...(params.lti_message_hint ? { lti_message_hint: params.lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.href;
}

/**
 * The platform's key set, fetched through the guarded fetch when first needed, cached, and fetched again when a
 * token names an unknown key (at most once per `cooldownMs`).
 */
export function platformKeys(fetchPlatform: PlatformFetch, cooldownMs = 30_000): (platform: Platform) => JWTVerifyGetKey {
  const sets = new Map<string, JWTVerifyGetKey>();
  return (platform) => {
    let keys = sets.get(platform.jwksUrl);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(platform.jwksUrl), {
        cooldownDuration: cooldownMs,
        timeoutDuration: PLATFORM_TIMEOUT_MS,
        [customFetch]: (url, { headers, signal }) => fetchPlatform(url, { headers, signal, maxBytes: SMALL_ANSWER }),
      });
      sets.set(platform.jwksUrl, keys);
    }
    return keys;
  };
}

/** What jose's refusal means, for the page. */
function reasonOf(error: unknown): LtiError {
  if (error instanceof errors.JWTExpired) return new LtiError(401, 'The id_token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claims: Record<string, string> = {
      iss: 'The id_token comes from another issuer than the platform that started the login (iss).',
      aud: 'The id_token is meant for another tool (aud).',
      iat: 'The id_token is dated in the future (iat).',
      nbf: 'The id_token is not valid yet (nbf).',
    };
    return new LtiError(401, claims[error.claim] ?? `The id_token's ${error.claim} claim is missing or wrong.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new LtiError(401, 'The id_token is not signed with RS256.');
  if (error instanceof errors.JWKSNoMatchingKey)
    return new LtiError(401, "The id_token is signed with a key the platform's key set does not have.");
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new LtiError(401, "The id_token's signature does not match the platform's key.");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) {
    return new LtiError(401, `The id_token could not be verified: ${error.message}`);
  }
  return new LtiError(401, "The platform's key set could not be read.");
}

export interface VerifiedLaunch {
  platform: Platform;
  claims: LaunchClaims;
}

/**
 * Verifies a launch: the state is spent (whatever follows), then the id_token's signature against the platform's
 * keys, `iss`, `aud`/`azp`, `exp`/`iat` within five minutes of skew, the nonce of the state, the LTI version, the
 * message's claims and a registered deployment.
 */
export async function verifyLaunch(
  db: Database,
  keysOf: (platform: Platform) => JWTVerifyGetKey,
  form: { id_token?: string; state?: string },
  now: Date,
): Promise<VerifiedLaunch> {
  if (!form.id_token || !form.state) throw new LtiError(400, 'The launch carries no id_token or no state.');
  const [login] = await db.delete(ltiStates).where(eq(ltiStates.state, form.state)).returning();
  if (!login) throw new LtiError(401, 'This launch did not start with a login here, or it was already used (unknown state).');
  if (login.expiresAt <= now.toISOString()) throw new LtiError(401, 'The login took longer than ten minutes; start it again.');
  const platform = await platformById(db, login.platformId);
  if (!platform) throw new LtiError(401, 'The platform of this login is no longer registered.');

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(form.id_token, keysOf(platform), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256'],
      clockTolerance: SKEW_SECONDS,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'nonce'],
    }));
  } catch (error) {
    throw reasonOf(error);
  }
  if ((payload.iat as number) > now.getTime() / 1000 + SKEW_SECONDS)
    throw new LtiError(401, 'The id_token is dated in the future (iat).');
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LtiError(401, 'The id_token is meant for another tool (azp).');
  }
  if (payload.nonce !== login.nonce) throw new LtiError(401, 'The id_token does not carry the nonce of this login.');
  if (payload[CLAIM.version] !== '1.3.0') throw new LtiError(400, 'The launch is not LTI 1.3.0.');
  const parsed = LaunchClaims.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const claim = String(issue.path[0] ?? '').replace(/^https:\/\/purl\.imsglobal\.org\/spec\/lti(-dl)?\/claim\//, '');
    throw new LtiError(400, `The launch's ${claim || 'claims'} claim is missing or malformed.`);
  }
  const claims = parsed.data;
  if (!(await isDeployed(db, platform.id, claims[CLAIM.deploymentId]))) {
    throw new LtiError(401, `Deployment ${claims[CLAIM.deploymentId]} is not registered for this platform.`);
  }
  if (claims[CLAIM.messageType] === 'LtiResourceLinkRequest' && !claims[CLAIM.resourceLink]) {
    throw new LtiError(400, "The launch's resource_link claim is missing.");
  }
  if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest' && !claims[CLAIM.deepLinkingSettings]) {
    throw new LtiError(400, "The launch's deep_linking_settings claim is missing.");
  }
  return { platform, claims };
}

/** The identity of SPEC §3 a verified launch gives: ids prefixed with the platform's id. */
export function identityOf({ platform, claims }: VerifiedLaunch) {
  const role = roleOf(claims[CLAIM.roles]);
  return {
    userId: `${platform.id}:${claims.sub}`,
    name: claims.name ?? null,
    courseId: `${platform.id}:${claims[CLAIM.context].id}`,
    courseTitle: claims[CLAIM.context].title ?? null,
    role,
  };
}

/** Records a launch the page can get tokens for; resolves with its handle (only its hash is stored). */
export async function recordLaunch(
  db: Database,
  launch: VerifiedLaunch,
  identity: ReturnType<typeof identityOf> & { role: 'student' | 'educator' },
  now: Date,
): Promise<string> {
  const handle = randomToken();
  const settings = launch.claims[CLAIM.deepLinkingSettings];
  await writeAtomically(db, [
    db.delete(ltiLaunches).where(lt(ltiLaunches.expiresAt, now.toISOString())),
    db.insert(ltiLaunches).values({
      handleHash: hashHandle(handle),
      platformId: launch.platform.id,
      deploymentId: launch.claims[CLAIM.deploymentId],
      kind: settings ? 'deep_linking' : 'resource',
      userId: identity.userId,
      name: identity.name,
      courseId: identity.courseId,
      courseTitle: identity.courseTitle,
      role: identity.role,
      deepLinkReturnUrl: settings?.deep_link_return_url ?? null,
      deepLinkData: settings?.data ?? null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LAUNCH_MS).toISOString(),
    }),
  ]);
  return handle;
}

/** The rows of `kind` a handle stands for, while the launch is young enough. */
const launchWhere = (handle: string, kind: 'resource' | 'deep_linking', now: Date) =>
  and(eq(ltiLaunches.handleHash, hashHandle(handle)), eq(ltiLaunches.kind, kind), gt(ltiLaunches.expiresAt, now.toISOString()));

/** The resource launch a handle stands for, while it is young enough; the page trades it for tokens again and again. */
export async function launchOf(db: Database, handle: string, now: Date) {
  const [launch] = await db
    .select()
    .from(ltiLaunches)
    .where(launchWhere(handle, 'resource', now));
  return launch;
}

/** The deep-linking launch a handle stands for, spent in the same statement: a second choice finds nothing. */
export async function spendDeepLink(db: Database, handle: string, now: Date) {
  const [launch] = await db
    .delete(ltiLaunches)
    .where(launchWhere(handle, 'deep_linking', now))
    .returning();
  return launch;
}
