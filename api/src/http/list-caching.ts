// Lists answer an ETag, 304 for an `If-None-Match` that still matches, and ask browsers to check again each time.
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

/** What every list answers in `Cache-Control`: the caller's own, to be checked again before each use. */
export const LIST_CACHE_CONTROL = 'private, no-cache';

/**
 * A list is the caller's own and changes at any moment: `Cache-Control: private, no-cache` with a weak ETag (a hash
 * of the body, or the tag a handler set), so a poll that finds the list unchanged gets a 304 and no body.
 */
export function listCaching(): MiddlewareHandler {
  const tagged = etag({ weak: true });
  return async (c, next) => {
    await tagged(c, next);
    if (c.res.status === 200 || c.res.status === 304) c.res.headers.set('Cache-Control', LIST_CACHE_CONTROL);
  };
}

/**
 * Whether `listCaching` turns a 200 tagged `etag` into a 304 for this `If-None-Match`: as Hono's `etag` judges it,
 * `*` alone or any quoted tag equal to the ETag's, weak or not.
 */
export function listCachingMatches(etag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.match(/"[^"]*"/g)?.some((tag) => tag === opaque) ?? false;
}
