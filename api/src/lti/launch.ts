// The launch of LTI 1.3 (SPEC §13): it reads the state the login signed, verifies the platform's id_token against
// the platform's keys and every claim the SPEC names, spends the login's nonce once (SPEC §18), and only then records
// the launch. A failed check says what failed and changes nothing but a nonce spent by a platform-signed token.
import { createHash, type KeyObject, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, lte } from 'drizzle-orm';
import { type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Database, writeAtomically } from '../db/client.ts';
import { ltiLaunches, ltiNonces } from '../db/schema.ts';
import { contactClaims } from '../domain/contacts.ts';
import { CLAIM, LaunchClaims, roleOf } from './claims.ts';
import { readState } from './login-state.ts';
import { keyRefusal } from './platform-keys.ts';
import { isDeployed, LtiError, type Platform, platformById } from './platforms.ts';
import { recordServices } from './services.ts';

/** A launch's page may get widget tokens for this long. */
export const LAUNCH_MS = 8 * 60 * 60_000;
const SKEW_SECONDS = 5 * 60;

const randomToken = () => randomBytes(32).toString('base64url');
export const hashHandle = (handle: string) => createHash('sha256').update(handle).digest('base64url');

export interface VerifiedLaunch {
  platform: Platform;
  claims: LaunchClaims;
}

/** Records that a platform-signed launch spent `nonce`; false when one already had (a replay). */
async function spendNonce(db: Database, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  const [, spent] = await writeAtomically(db, [
    // A nonce whose login has expired can launch nothing any more: it need not be kept.
    db.delete(ltiNonces).where(lte(ltiNonces.expiresAt, now.toISOString())),
    db.insert(ltiNonces).values({ nonce, expiresAt: expiresAt.toISOString() }).onConflictDoNothing(),
  ]);
  return spent.rowsAffected === 1;
}

/**
 * Verifies a launch: the state the login signed, then the id_token's signature against the keys of the state's
 * platform, `iss`, `aud`/`azp`, `exp`/`iat` within five minutes of skew, the nonce the state names (spent here,
 * once), the LTI version, the message's claims and a registered deployment.
 */
export async function verifyLaunch(
  db: Database,
  loginKey: KeyObject,
  keysOf: (platform: Platform) => JWTVerifyGetKey,
  form: { id_token?: string; state?: string },
  now: Date,
): Promise<VerifiedLaunch> {
  if (!form.id_token || !form.state) throw new LtiError(400, 'The launch carries no id_token or no state.');
  const login = readState(loginKey, form.state);
  if (!login) throw new LtiError(401, 'This launch did not start with a login here (unknown state).');
  if (login.expiresAt <= now) throw new LtiError(401, 'The login took longer than ten minutes; start it again.');
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
    throw keyRefusal(error);
  }
  if ((payload.iat as number) > now.getTime() / 1000 + SKEW_SECONDS)
    throw new LtiError(401, 'The id_token is dated in the future (iat).');
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LtiError(401, 'The id_token is meant for another tool (azp).');
  }
  if (payload.nonce !== login.nonce) throw new LtiError(401, 'The id_token does not carry the nonce of this login.');
  if (!(await spendNonce(db, login.nonce, login.expiresAt, now))) {
    throw new LtiError(401, 'This login was already used: open the tool from the course again.');
  }
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

/**
 * The identity of SPEC §3 a verified launch gives (ids prefixed with the platform's id), and how to reach its user
 * (SPEC §14: `email`, `launch_presentation.locale`, `zoneinfo`, each kept only when well formed).
 */
export function identityOf({ platform, claims }: VerifiedLaunch) {
  const role = roleOf(claims[CLAIM.roles]);
  return {
    userId: `${platform.id}:${claims.sub}`,
    name: claims.name ?? null,
    contact: { ...contactClaims(claims, claims[CLAIM.launchPresentation]?.locale), name: claims.name ?? null },
    courseId: `${platform.id}:${claims[CLAIM.context].id}`,
    courseTitle: claims[CLAIM.context].title ?? null,
    role,
  };
}

/**
 * Records a launch the page can get tokens for, with the services it names for its course and the platform's id for
 * its user; resolves with its handle (only its hash is stored).
 */
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
    ...recordServices(
      db,
      {
        platformId: launch.platform.id,
        courseId: identity.courseId,
        userId: identity.userId,
        sub: launch.claims.sub,
        payload: launch.claims,
      },
      now,
    ),
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
