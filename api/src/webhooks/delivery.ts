// Delivers every outbox event to the host's WEBHOOK_URL as a signed JSON POST: in order, at least
// once, retried with exponential backoff, with its progress in the database so a restart resumes it.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { outbox, webhookState } from '../db/schema.ts';
import { retryDelayMs, runInBackground } from '../jobs/background.ts';
import { recipientOf } from '../live/hub.ts';
import { signWebhook } from './signature.ts';

export interface WebhookConfig {
  url: string;
  secret: string;
  /** How long a receiver has to answer (10 s). */
  timeoutMs?: number;
}

const LEASE_MS = 60_000;

export { retryDelayMs };

export type Outcome =
  | { result: 'delivered'; eventId: number }
  | { result: 'idle' }
  | { result: 'waiting'; until: string }
  | { result: 'failed'; retryAt: string };

const STATE = 1;

const prepared = new WeakSet<Database>();

/**
 * The delivery state, created on first use (delivery starts with the events after that moment).
 * Creating it is a write, so it happens once per database handle, not on every poll.
 */
async function readState(db: Database) {
  if (!prepared.has(db)) {
    await db.run(sql`INSERT OR IGNORE INTO ${webhookState} (id, delivered_up_to, attempts)
      SELECT ${STATE}, coalesce(max(id), 0), 0 FROM ${outbox}`);
    prepared.add(db);
  }
  return (await db.select().from(webhookState).where(eq(webhookState.id, STATE)).get()) as typeof webhookState.$inferSelect;
}

const eventAfter = (db: Database, id: number) =>
  db.select().from(outbox).where(gt(outbox.id, id)).orderBy(asc(outbox.id)).limit(1).get();

/**
 * The JSON a host receives: the event and the resource as it was when the event happened; an event for one user
 * alone (`waitlist.opened`) also names them in `userId`.
 */
const bodyOf = (event: typeof outbox.$inferSelect) => {
  const recipient = recipientOf(event);
  const userId = recipient === undefined ? '' : `,"userId":${JSON.stringify(recipient)}`;
  return `{"id":${JSON.stringify(`evt_${event.id}`)},"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.createdAt)}${userId},"data":${event.payload}}`;
};

/**
 * Tries to deliver the next undelivered event at `now`. One call, one attempt: the caller loops.
 * A lease held in the database makes this safe to run in several processes at once.
 */
export async function deliverNext(
  db: Database,
  hook: WebhookConfig,
  now: Date,
  owner: string,
  signal = AbortSignal.timeout(hook.timeoutMs ?? 10_000),
): Promise<Outcome> {
  const at = now.toISOString();
  // Nothing to send, or not yet time: answered from reads alone, without taking the write lock.
  const seen = await readState(db);
  if (!(await eventAfter(db, seen.deliveredUpTo))) return { result: 'idle' };
  if (seen.nextAttemptAt && seen.nextAttemptAt > at) return { result: 'waiting', until: seen.nextAttemptAt };

  const claimed = await db
    .update(webhookState)
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where(
      and(
        eq(webhookState.id, STATE),
        or(isNull(webhookState.leaseUntil), lt(webhookState.leaseUntil, at), eq(webhookState.leaseOwner, owner)),
        or(isNull(webhookState.nextAttemptAt), sql`${webhookState.nextAttemptAt} <= ${at}`),
      ),
    )
    .returning();
  const state = claimed[0];
  if (!state) {
    const current = await readState(db);
    return { result: 'waiting', until: current.nextAttemptAt ?? current.leaseUntil ?? at };
  }
  const release = { leaseOwner: null, leaseUntil: null };
  const ours = and(eq(webhookState.id, STATE), eq(webhookState.leaseOwner, owner));
  // Read again under the lease: another process may have delivered it since.
  const event = await eventAfter(db, state.deliveredUpTo);
  if (!event) {
    await db.update(webhookState).set(release).where(ours);
    return { result: 'idle' };
  }

  const body = bodyOf(event);
  const messageId = `evt_${event.id}`;
  const timestamp = Math.floor(now.getTime() / 1000);
  let failure: string | undefined;
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'webhook-id': messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(hook.secret, messageId, timestamp, body),
      },
      body,
      signal,
    });
    if (!res.ok) failure = `HTTP ${res.status}`;
    await res.body?.cancel();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }

  if (!failure) {
    await db
      .update(webhookState)
      .set({ ...release, deliveredUpTo: event.id, attempts: 0, nextAttemptAt: null, lastError: null })
      .where(ours);
    return { result: 'delivered', eventId: event.id };
  }
  const attempts = state.attempts + 1;
  const retryAt = new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
  await db
    .update(webhookState)
    .set({ ...release, attempts, nextAttemptAt: retryAt, lastError: failure.slice(0, 500) })
    .where(ours);
  return { result: 'failed', retryAt };
}

const IDLE_POLL_MS = 500;

/** Runs delivery in the background until stopped; returns the stop function. */
export function startWebhookDelivery(db: Database, hook: WebhookConfig, clock: () => Date = () => new Date()): () => void {
  const owner = randomUUID();
  return runInBackground(
    'Webhook delivery',
    async () => {
      const outcome = await deliverNext(db, hook, clock(), owner);
      if (outcome.result === 'delivered') return 0;
      if (outcome.result === 'idle') return IDLE_POLL_MS;
      if (outcome.result === 'failed') console.warn(`Webhook delivery failed; retrying at ${outcome.retryAt}.`);
      const until = outcome.result === 'waiting' ? outcome.until : outcome.retryAt;
      return Math.max(IDLE_POLL_MS, Date.parse(until) - clock().getTime());
    },
    IDLE_POLL_MS,
  );
}
