// The roster of an LTI course (SPEC §15): every member the platform's Names and Role Provisioning Service lists,
// read page by page through the guarded fetch (SPEC §18) with an access token for the roster's scope.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { ltiCourseServices } from '../db/schema.ts';
import { isEmailAddress } from '../domain/contacts.ts';
import { roleOf } from './claims.ts';
import { PAGE_ANSWER, type PlatformFetch } from './platform-fetch.ts';
import { platformById } from './platforms.ts';
import { SCOPE, type ServiceToken } from './services.ts';

export const NRPS_MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/** Members asked for in one page. */
export const ROSTER_PAGE_SIZE = 100;
/**
 * The most pages read for one roster (5,000 members at 100 a page): a platform whose `next` links never end
 * cannot keep the tool reading. What the pages read so far listed is the roster.
 */
export const MAX_ROSTER_PAGES = 50;
/** The most members kept of one roster (a platform may ignore `limit`): the first ones listed. */
export const MAX_ROSTER_MEMBERS = 50_000;

/** A member of the course: the tool's user id (platform id + ':' + the platform's id), and the platform's own `sub`. */
export interface RosterMember {
  userId: string;
  name: string | null;
  email?: string;
  role: 'educator' | 'student' | 'other';
  sub: string;
}

/** A roster the platform did not give; the message says why, for the logs. */
export class RosterUnavailable extends Error {
  override name = 'RosterUnavailable';
}

const text200 = z.string().transform((text) => text.slice(0, 200));

// Read leniently: a member that does not fit is skipped, a malformed email is left out.
const Member = z.object({
  // As a launch's `sub`: the prefixed id stays within the identity's 128 characters.
  user_id: z.string().min(1).max(100),
  name: text200.optional(),
  given_name: text200.optional(),
  family_name: text200.optional(),
  email: z.unknown().optional(),
  roles: z.array(z.string().max(255)).max(100),
  status: z.string().optional(),
});

const Container = z.object({ members: z.array(z.unknown()) });

/** The `rel="next"` link of a `Link` header, resolved against the page it came with. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const [, target, params] of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('next')) continue;
    try {
      return new URL(target, base).href;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function memberOf(platformId: string, raw: unknown): RosterMember | undefined {
  const parsed = Member.safeParse(raw);
  if (!parsed.success) return undefined;
  const member = parsed.data;
  // Members no longer in the course (NRPS `Inactive` or `Deleted`) are not on its roster.
  if (member.status !== undefined && member.status !== 'Active') return undefined;
  const parts = [member.given_name, member.family_name].filter(Boolean).join(' ');
  return {
    userId: `${platformId}:${member.user_id}`,
    name: member.name ?? (parts || null),
    ...(isEmailAddress(member.email) ? { email: member.email } : {}),
    role: roleOf(member.roles) ?? 'other',
    sub: member.user_id,
  };
}

/**
 * Every member of the course the platform lists, or undefined when the course has no roster service (no launch
 * named one). A page refused with 401 is asked again once with a new token. Throws RosterUnavailable when a page is
 * refused or malformed or names a `next` page on another origin, and PlatformUnreachable or ServiceTokenRefused as the
 * guarded fetch and the token endpoint do.
 */
export async function readMemberships(
  {
    db,
    fetchPlatform,
    serviceToken,
    pageSize = ROSTER_PAGE_SIZE,
  }: { db: Database; fetchPlatform: PlatformFetch; serviceToken: ServiceToken; pageSize?: number },
  courseId: string,
  now: Date,
): Promise<RosterMember[] | undefined> {
  const [services] = await db.select().from(ltiCourseServices).where(eq(ltiCourseServices.courseId, courseId));
  if (!services?.membershipsUrl) return undefined;
  const platform = await platformById(db, services.platformId);
  if (!platform) return undefined;
  const scopes = [SCOPE.memberships];
  let token = await serviceToken(platform, scopes, now);
  let renewed = false;
  const fetchPage = (pageUrl: string) =>
    fetchPlatform(pageUrl, { headers: { Accept: NRPS_MEDIA_TYPE, Authorization: `Bearer ${token}` }, maxBytes: PAGE_ANSWER });

  const first = new URL(services.membershipsUrl);
  first.searchParams.set('limit', String(pageSize));
  const members = new Map<string, RosterMember>();
  const seen = new Set<string>();
  let url: string | undefined = first.href;
  for (let page = 0; url !== undefined && page < MAX_ROSTER_PAGES && !seen.has(url); page++) {
    seen.add(url);
    let res = await fetchPage(url);
    // A kept token the platform no longer takes (revoked, or expired by its clock): a new one, once a read.
    if (res.status === 401 && !renewed) {
      renewed = true;
      token = await serviceToken(platform, scopes, now, { renew: true });
      res = await fetchPage(url);
    }
    if (!res.ok) throw new RosterUnavailable(`${first.origin} answered ${res.status} for the roster`);
    let container: z.infer<typeof Container>;
    try {
      container = Container.parse(await res.json());
    } catch {
      throw new RosterUnavailable(`${first.origin} answered a roster page that is not a membership container`);
    }
    for (const raw of container.members) {
      const member = memberOf(platform.id, raw);
      if (member && !members.has(member.userId)) members.set(member.userId, member);
      if (members.size >= MAX_ROSTER_MEMBERS) return [...members.values()];
    }
    const next = nextLink(res.headers.get('link'), url);
    if (next !== undefined && new URL(next).origin !== first.origin) {
      throw new RosterUnavailable(`${first.origin} named a next roster page on another origin (${new URL(next).origin})`);
    }
    url = next;
  }
  return [...members.values()];
}
