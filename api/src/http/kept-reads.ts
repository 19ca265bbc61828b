// The course listing answered from memory for a caller already known, ahead of the protected chain.
import type { Context, Next } from 'hono';
import type { Clock } from '../domain/clock.ts';
import type { ContactMemory } from '../domain/contacts.ts';
import type { CourseListings } from '../domain/course-listings.ts';
import { membership } from '../domain/identity.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/pages.ts';
import { keptCaller, type Verified, type VerifiedTokens } from './auth.ts';
import { preferredCoding } from './bundle.ts';
import { LIST_CACHE_CONTROL, listCachingMatches } from './list-caching.ts';
import type { AppEnv } from './router.ts';

/** What the protected chain keeps and the kept listing looks into: verified tokens, contacts kept, course listings. */
export interface KeptState {
  tokens: VerifiedTokens;
  contacts: ContactMemory;
  listings: CourseListings;
  clock: Clock;
}

/** The most characters of a course id the path validator takes (`CourseIdParam`). */
const MAX_ID_LENGTH = 128;

/**
 * The `limit` of a query the listing's validator (`CourseSlotsQuery`) reads as it is written: none (the default), or
 * `limit=N` alone with N a canonical integer in range. Undefined for any other query, which the validator judges.
 */
export function plainLimit(url: string): number | undefined {
  const start = url.indexOf('?');
  if (start === -1) return DEFAULT_PAGE_SIZE;
  const digits = /^limit=([1-9]\d{0,2})$/.exec(url.slice(start + 1))?.[1];
  const limit = digits === undefined ? undefined : Number(digits);
  return limit !== undefined && limit <= MAX_PAGE_SIZE ? limit : undefined;
}

let lastAccepted: [string | undefined, boolean] = [undefined, false];

/** Whether the listing goes gzipped (as its route judges), for the `Accept-Encoding` a browser sends again and again. */
function gzipWanted(accepted: string | undefined): boolean {
  if (accepted !== lastAccepted[0]) lastAccepted = [accepted, preferredCoding(accepted, ['gzip', 'identity']) === 'gzip'];
  return lastAccepted[1];
}

/**
 * The caller, when the protected chain would let them through at `now` without a step of its own: a token it
 * verified and kept, still valid, whose contact claims are the ones it last kept (so nothing is written). Reads
 * never enter the write rate limit.
 */
function knownCaller(c: Context<AppEnv>, { tokens, contacts }: KeptState, now: Date): Verified | undefined {
  const caller = keptCaller(tokens, c.req.header('Authorization'), now);
  return caller && contacts.knows(caller.user.id, caller.contact) ? caller : undefined;
}

/**
 * `GET /api/availability/course/:courseId` for a known member and a page the listings keep, answered with the status,
 * headers and body the protected route gives (its validators, `listCaching` and handler) in a response whose headers
 * stay a plain object. Anything else goes on to that route: another query, an unknown or expired token, claims not
 * kept yet, a course the caller is not in, a page not kept, or an `If-None-Match` that only Hono's `etag` would match.
 */
export function keptListing(state: KeptState) {
  return async (c: Context<AppEnv>, next: Next) => {
    const limit = plainLimit(c.req.url);
    const courseId = c.req.param('courseId') ?? '';
    if (limit === undefined || courseId.length === 0 || courseId.length > MAX_ID_LENGTH) return next();
    const now = state.clock();
    const caller = knownCaller(c, state, now);
    if (!caller || !membership(caller.user, courseId)) return next();
    const ifNoneMatch = c.req.header('If-None-Match');
    const gzip = gzipWanted(c.req.header('Accept-Encoding'));
    let page: Awaited<ReturnType<CourseListings['page']>>;
    try {
      page = await state.listings.page(caller.user, courseId, { limit }, now, { ifNoneMatch, gzip });
    } catch {
      return next();
    }
    if (!page) return next();
    if (page.body === undefined)
      return new Response(null, {
        status: 304,
        headers: { ETag: page.etag, Vary: 'Accept-Encoding', 'Cache-Control': LIST_CACHE_CONTROL },
      });
    if (ifNoneMatch && listCachingMatches(page.etag, ifNoneMatch)) return next();
    const headers: Record<string, string> = {
      ETag: page.etag,
      Vary: 'Accept-Encoding',
      'Content-Type': 'application/json',
      'Cache-Control': LIST_CACHE_CONTROL,
    };
    if (page.gzip) headers['Content-Encoding'] = 'gzip';
    return new Response(page.body, { status: 200, headers });
  };
}
