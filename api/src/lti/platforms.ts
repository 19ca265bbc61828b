// The LMSs the tool trusts and their deployments, in the database, so that a platform added by registration or
// by `npm run lti:add` is honoured by every running process at once.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { type Database, writeAtomically } from '../db/client.ts';
import { ltiDeployments, ltiPlatforms } from '../db/schema.ts';

export type Platform = typeof ltiPlatforms.$inferSelect;

export interface PlatformInput {
  issuer: string;
  clientId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  /** The platform's `authorization_server`, when its configuration names one. */
  authServer?: string;
  deploymentIds: string[];
  product?: string;
}

/** A refused registration or launch: what failed, in words for the person looking at the page. */
export class LtiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** A platform URL: `https:`, or `http:` on a loopback host (a platform on the same machine, as in tests). */
export function checkPlatformUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LtiError(400, `The platform's ${what} is not a URL.`);
  }
  const loopback = LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new LtiError(400, `The platform's ${what} must use https: (${url.origin}).`);
  }
  return value;
}

/** A new platform id: short, opaque, without `:` (it prefixes course and user ids). */
const newPlatformId = () => `lms-${randomBytes(6).toString('hex')}`;

/**
 * Stores a platform and its deployments; the same issuer and client id again updates its URLs and adds the
 * deployments. Resolves with the platform's id.
 */
export async function savePlatform(db: Database, input: PlatformInput, now: Date): Promise<string> {
  const urls = {
    authUrl: checkPlatformUrl(input.authUrl, 'authorization endpoint'),
    tokenUrl: checkPlatformUrl(input.tokenUrl, 'token endpoint'),
    jwksUrl: checkPlatformUrl(input.jwksUrl, 'key set (JWKS) URL'),
    authServer: input.authServer ?? null,
  };
  checkPlatformUrl(input.issuer, 'issuer');
  const id = newPlatformId();
  await writeAtomically(db, [
    db
      .insert(ltiPlatforms)
      .values({
        id,
        issuer: input.issuer,
        clientId: input.clientId,
        ...urls,
        product: input.product,
        createdAt: now.toISOString(),
      })
      .onConflictDoUpdate({ target: [ltiPlatforms.issuer, ltiPlatforms.clientId], set: { ...urls, product: input.product } }),
  ]);
  const platform = await findPlatform(db, input.issuer, input.clientId);
  if (!platform) throw new Error('The platform was not stored.');
  if (input.deploymentIds.length > 0) {
    await writeAtomically(db, [
      db
        .insert(ltiDeployments)
        .values(input.deploymentIds.map((deploymentId) => ({ platformId: platform.id, deploymentId })))
        .onConflictDoNothing(),
    ]);
  }
  return platform.id;
}

/** The registered platforms of `issuer` (of its `clientId` when given), at most `limit` of them. */
export function platformsOf(db: Database, issuer: string, clientId: string | undefined, limit: number): Promise<Platform[]> {
  return db
    .select()
    .from(ltiPlatforms)
    .where(clientId ? and(eq(ltiPlatforms.issuer, issuer), eq(ltiPlatforms.clientId, clientId)) : eq(ltiPlatforms.issuer, issuer))
    .limit(limit);
}

/** The platform of `issuer`, by its client id when given; without one, only when the issuer has one platform. */
export async function findPlatform(db: Database, issuer: string, clientId?: string): Promise<Platform | undefined> {
  const found = await platformsOf(db, issuer, clientId, 2);
  return found.length === 1 ? found[0] : undefined;
}

export async function platformById(db: Database, id: string): Promise<Platform | undefined> {
  const [platform] = await db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, id));
  return platform;
}

export async function isDeployed(db: Database, platformId: string, deploymentId: string): Promise<boolean> {
  const found = await db
    .select({ id: ltiDeployments.deploymentId })
    .from(ltiDeployments)
    .where(and(eq(ltiDeployments.platformId, platformId), eq(ltiDeployments.deploymentId, deploymentId)));
  return found.length > 0;
}
