// The calendar feed: `GET`/`DELETE /api/calendar/feed` for its owner, and `/calendar/<secret>.ics` for any
// calendar app, with no header, an ETag and 304s for the apps that poll it.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { FEED_DAYS_BACK, FEED_MAX_SESSIONS, feedOwner, feedReader, feedSecretOf, revokeFeed } from '../domain/calendar-feed.ts';
import { notFound } from '../domain/errors.ts';
import { createRouter, type Deps } from '../http/router.ts';
import { CalendarFeed } from '../schemas.ts';
import { bearer, json, problems } from './openapi.ts';

const tags = ['Calendar'];

const feedContents = [
  `It lists your sessions as student and as educator from ${FEED_DAYS_BACK} days ago on: approved and completed ones, and`,
  'those cancelled after approval as `STATUS:CANCELLED`, with the UIDs of `GET /api/session/calendar/{requestId}`.',
  `It lists at most ${FEED_MAX_SESSIONS} sessions: the first ${FEED_MAX_SESSIONS} from ${FEED_DAYS_BACK} days ago on, by start.`,
].join(' ');

const getFeedRoute = createRoute({
  method: 'get',
  path: '/feed',
  operationId: 'getCalendarFeed',
  tags,
  security: bearer,
  summary: 'Your calendar feed URL, made on first use',
  description: [
    'A secret URL (`/calendar/<secret>.ics`, 256 bits) that any calendar app can subscribe to without a header; the',
    'same on every call until you revoke it. Subscribe with the `webcal:` scheme in its place to open a calendar app.',
    feedContents,
  ].join(' '),
  responses: { 200: json(CalendarFeed, 'The URL of your feed'), ...problems() },
});

const revokeFeedRoute = createRoute({
  method: 'delete',
  path: '/feed',
  operationId: 'revokeCalendarFeed',
  tags,
  security: bearer,
  summary: 'Revoke your calendar feed URL',
  description: 'The URL answers 404 from now on; the next `GET /api/calendar/feed` makes a new one.',
  responses: { 204: { description: 'Revoked (also when there was none)' }, ...problems() },
});

/** The tool's public origin: PUBLIC_URL, or the request's own. */
const originOf = (c: Context, publicUrl: string | undefined) => publicUrl ?? new URL(c.req.url).origin;

/** `/api/calendar/*`, behind the token. */
export function calendarFeedRoutes({ db, config, clock }: Deps) {
  return createRouter()
    .openapi(getFeedRoute, async (c) => {
      const secret = await feedSecretOf(db, config.authSecret, c.var.user.id, clock());
      return c.json({ url: `${originOf(c, config.lti?.publicUrl)}/calendar/${secret}.ics` }, 200);
    })
    .openapi(revokeFeedRoute, async (c) => {
      await revokeFeed(db, c.var.user.id);
      return c.body(null, 204);
    });
}

const subscriptionRoute = createRoute({
  method: 'get',
  path: '/calendar/{file}',
  operationId: 'getCalendarFeedFile',
  tags,
  security: [],
  summary: 'A calendar feed, for calendar apps',
  description: [
    'The URL `GET /api/calendar/feed` gives (`{file}` is `<secret>.ics`); no header needed. An unknown or revoked',
    `secret answers 404. ${feedContents} Answers an \`ETag\` and honours \`If-None-Match\` with 304.`,
  ].join(' '),
  request: { params: z.object({ file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: 'Zm9v….ics' }) }) },
  responses: {
    200: { content: { 'text/calendar': { schema: z.string() } }, description: 'RFC 5545 calendar' },
    304: { description: 'Unchanged since the `ETag` given in `If-None-Match`' },
    ...problems(404),
  },
});

/** Calendar apps poll: each poll asks again, and a 304 answers it when nothing changed. The URL is a secret. */
const FEED_HEADERS = {
  'Cache-Control': 'private, no-cache',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
  'X-Content-Type-Options': 'nosniff',
};

/** Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for it). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** `/calendar/<secret>.ics`: public, for calendar apps. */
export function calendarSubscriptionRoutes({ db, config, clock }: Deps) {
  const readFeed = feedReader(db);
  return createRouter().openapi(subscriptionRoute, async (c) => {
    const secret = /^(.+)\.ics$/.exec(c.req.valid('param').file)?.[1];
    const ownerId = secret && (await feedOwner(db, config.authSecret, secret));
    if (!ownerId) throw notFound('resource');
    const feed = await readFeed(ownerId, clock());
    const headers = { ...FEED_HEADERS, ETag: feed.etag };
    if (matches(c.req.header('If-None-Match'), feed.etag)) return c.body(null, 304, headers);
    return c.body(feed.text(), 200, { ...headers, 'Content-Type': 'text/calendar; charset=utf-8' });
  });
}
