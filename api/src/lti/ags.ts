// The LMS gradebook as the tool calls it (LTI Assignment and Grade Services 2.0, SPEC §15): its media types, the
// tool's column, the courses that have a gradebook, and one authorized request through the guarded fetch (SPEC §18),
// taking a fresh token and trying once more when the platform refuses the kept one.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { ltiCourseServices, ltiUsers } from '../db/schema.ts';
import { GRADEBOOK_SCOPES, hasGradebook } from '../domain/grades.ts';
import type { PlatformFetch, PlatformRequest } from './platform-fetch.ts';
import { type Platform, platformById } from './platforms.ts';
import type { ServiceToken } from './services.ts';

export const LINE_ITEM_TYPE = 'application/vnd.ims.lis.v2.lineitem+json';
export const LINE_ITEMS_TYPE = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
export const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json';

/** The tool's one column in each course's gradebook, as it finds it again. */
export const RESOURCE_ID = 'one-on-one-attendance';
export const LINE_ITEM_LABEL = 'One-on-one sessions attended';

/** What talking to gradebooks needs: the database, the guarded fetch and the access tokens. */
export interface GradebookDeps {
  db: Database;
  fetchPlatform: PlatformFetch;
  serviceToken: ServiceToken;
}

/** A gradebook request the platform refused or answered in a way the tool cannot use; the message says why, for the logs. */
export class GradebookRefused extends Error {
  override name = 'GradebookRefused';
}

/** A course's gradebook: its platform and the line items URL of its latest launch. */
export interface Gradebook {
  courseId: string;
  platform: Platform;
  lineItemsUrl: string;
}

/** The course's gradebook, or undefined when its latest launch granted none (no line items URL, or a scope missing). */
export async function gradebookOf(db: Database, courseId: string): Promise<Gradebook | undefined> {
  const [services] = await db
    .select()
    .from(ltiCourseServices)
    .where(and(eq(ltiCourseServices.courseId, courseId), hasGradebook(courseId)));
  if (!services?.lineItemsUrl) return undefined;
  const platform = await platformById(db, services.platformId);
  return platform && { courseId, platform, lineItemsUrl: services.lineItemsUrl };
}

/** The platform's own id (the launch's `sub`) for a user of the tool, if a launch told it. */
export async function platformSubOf(db: Database, userId: string): Promise<string | undefined> {
  const [user] = await db.select({ sub: ltiUsers.sub }).from(ltiUsers).where(eq(ltiUsers.userId, userId));
  return user?.sub;
}

/** A request to the gradebook with a bearer token for its scopes; a 401 gets a fresh token and one more try. */
export async function gradebookRequest(
  { fetchPlatform, serviceToken }: GradebookDeps,
  platform: Platform,
  url: string,
  init: PlatformRequest,
  now: Date,
): Promise<Response> {
  const send = async (fresh: boolean) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${await serviceToken(platform, GRADEBOOK_SCOPES, now, { renew: fresh })}`);
    return fetchPlatform(url, { ...init, headers });
  };
  const first = await send(false);
  return first.status === 401 ? send(true) : first;
}

/** The scores endpoint of a line item: `/scores` after its path, before its query (`…/lineitems/5/lineitem/scores?type_id=1`). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.href;
}
