// A user's calendar feed: a secret URL that any calendar app subscribes to without a header, made once and
// the same until revoked, and the sessions it lists, read a bounded number at a time from an index.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestView } from '@one-on-one/contract/resources';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../db/client.ts';
import { calendarFeeds, inCalendar, sessionRequests as r } from '../db/schema.ts';
import { feedCalendar } from './calendar.ts';
import { addMs, DAY_MS } from './clock.ts';
import { requestColumns } from './views.ts';

/** A feed lists sessions from this many days ago on. */
export const FEED_DAYS_BACK = 30;
/** A feed lists at most this many sessions: the first from `FEED_DAYS_BACK` days ago on, by start. */
export const FEED_MAX_SESSIONS = 1000;

/** 43 base64url characters: an HMAC-SHA256. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The feed secret of `userId` under the deployment's key, from the feed's random nonce. */
function deriveSecret(key: string, userId: string, nonce: string): string {
  return createHmac('sha256', key).update(`calendar-feed\n${userId}\n${nonce}`).digest('base64url');
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('base64url');

function newFeed(key: string, userId: string, now: Date) {
  const nonce = randomBytes(16).toString('base64url');
  return { userId, nonce, secretHash: hashOf(deriveSecret(key, userId, nonce)), createdAt: now.toISOString() };
}

/**
 * The secret of the user's feed, made on first use and the same on every later call until it is revoked. A
 * feed whose secret no longer derives from `key` (AUTH_SECRET changed) is replaced by a new one.
 */
export async function feedSecretOf(db: Database, key: string, userId: string, now: Date): Promise<string> {
  // A pass that writes reads again; the second finds the row it (or a concurrent reader) wrote.
  for (let pass = 0; pass < 3; pass++) {
    const feed = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get();
    if (feed) {
      const secret = deriveSecret(key, userId, feed.nonce);
      if (hashOf(secret) === feed.secretHash) return secret;
      // Only the reader that still sees the old nonce replaces it; a concurrent one reads the new row.
      await writeAtomically(db, [
        db
          .update(calendarFeeds)
          .set(newFeed(key, userId, now))
          .where(and(eq(calendarFeeds.userId, userId), eq(calendarFeeds.nonce, feed.nonce))),
      ]);
    } else {
      await writeAtomically(db, [
        db
          .insert(calendarFeeds)
          .values(newFeed(key, userId, now))
          .onConflictDoNothing(),
      ]);
    }
  }
  throw new Error('The calendar feed changed while it was being read.');
}

/** Revokes the user's feed: its URL answers 404 from now on, and the next read makes a new one. */
export async function revokeFeed(db: Database, userId: string): Promise<void> {
  await writeAtomically(db, [db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId))]);
}

/** The owner of the feed with this secret, or undefined: one indexed lookup, nothing read for a malformed one. */
export async function feedOwner(db: Database, key: string, secret: string): Promise<string | undefined> {
  if (!SECRET_PATTERN.test(secret)) return undefined;
  const feed = await db
    .select()
    .from(calendarFeeds)
    .where(eq(calendarFeeds.secretHash, hashOf(secret)))
    .get();
  if (!feed) return undefined;
  const expected = Buffer.from(deriveSecret(key, feed.userId, feed.nonce));
  return timingSafeEqual(expected, Buffer.from(secret)) ? feed.userId : undefined;
}

/**
 * The sessions of `ownerId`'s feed at `now`, as student and as educator: those a calendar shows (approved,
 * completed, cancelled after approval) starting from `FEED_DAYS_BACK` days ago, the first `FEED_MAX_SESSIONS`
 * by start. Each role reads at most that many rows, in order, from its partial index.
 */
export async function feedSessions(db: Database, ownerId: string, now: Date): Promise<RequestView[]> {
  const at = now.toISOString();
  const since = addMs(at, -FEED_DAYS_BACK * DAY_MS);
  const asParty = (party: typeof r.studentId | typeof r.educatorId) =>
    db
      .select(requestColumns(at))
      .from(r)
      .where(and(eq(party, ownerId), gte(r.startsAt, since), sql`(${inCalendar})`))
      .orderBy(asc(r.startsAt), asc(r.id))
      .limit(FEED_MAX_SESSIONS);
  const [asStudent, asEducator] = await Promise.all([asParty(r.studentId), asParty(r.educatorId)]);
  return [...asStudent, ...asEducator]
    .sort((a, b) => (a.startsAt === b.startsAt ? (a.id < b.id ? -1 : 1) : a.startsAt < b.startsAt ? -1 : 1))
    .slice(0, FEED_MAX_SESSIONS);
}

/** A feed as served: its entity tag, and its text, rendered only when asked for. */
export interface FeedFile {
  etag: string;
  text(): string;
}

/** Rendered feeds kept, by entity tag, up to this many characters in all. */
const RENDERED_FEEDS_MAX_CHARS = 16 * 1024 * 1024;

/**
 * Reads feeds. The entity tag is a hash of the owner and of the sessions as read, so a poll that changes nothing
 * is answered (304, or the same text again) without rendering: rendering a thousand events takes a while, and an
 * app may poll often. Rendered texts are kept for the most recent tags, within a bound.
 */
export function feedReader(db: Database) {
  const rendered = new Map<string, string>();
  let chars = 0;
  const keep = (etag: string, text: string) => {
    rendered.set(etag, text);
    chars += text.length;
    for (const [oldest, old] of rendered) {
      if (chars <= RENDERED_FEEDS_MAX_CHARS) break;
      rendered.delete(oldest);
      chars -= old.length;
    }
  };
  return async (ownerId: string, now: Date): Promise<FeedFile> => {
    const sessions = await feedSessions(db, ownerId, now);
    const etag = `"${createHash('sha256')
      .update(JSON.stringify([ownerId, sessions]))
      .digest('base64url')}"`;
    return {
      etag,
      text() {
        const known = rendered.get(etag);
        if (known !== undefined) return known;
        const text = feedCalendar(sessions, ownerId);
        keep(etag, text);
        return text;
      },
    };
  };
}
