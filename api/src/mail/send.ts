// The mail sender: leases one due delivery row (so no two processes send it at once), composes the email in its
// recipient's language and sends it, then marks it sent; a failure is retried with backoff. Its Message-ID is
// derived from the row's key, so a message resent after a crash between lease and mark carries the same one.
import { createHash } from 'node:crypto';
import type { CourseSlot, RequestView } from '@one-on-one/contract/resources';
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { mailDeliveries as d } from '../db/schema.ts';
import { type Contact, contactsOf } from '../domain/contacts.ts';
import { awaitingDecision } from '../domain/states.ts';
import { findRequestView } from '../domain/views.ts';
import { isWaiting } from '../domain/waitlist/entries.ts';
import { retryDelayMs } from '../jobs/background.ts';
import { type Composed, type ComposeOptions, compose } from './compose.ts';
import type { RequestMailKind } from './kinds.ts';
import type { Mailer } from './transport.ts';

/** How long a sender may hold a row: far beyond the SMTP timeouts, so a live sender never loses a row it sends. */
export const LEASE_MS = 5 * 60_000;

export interface SenderOptions extends ComposeOptions {
  /** The reminder leads now configured: a reminder planned for a lead since removed is not sent. */
  reminderMinutes: number[];
}

export type SendOutcome =
  | { result: 'sent'; id: number }
  | { result: 'skipped'; id: number; why: string }
  | { result: 'failed'; id: number; retryAt: string; error: string }
  | { result: 'idle'; nextDueAt: string | null };

type Row = typeof d.$inferSelect;

/** `<hash@domain>`: the same for a row however often it is sent, and unique to its event (or lead) and recipient. */
export const messageIdOf = (key: string, fromAddress: string) =>
  `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${fromAddress.split('@')[1]}>`;

/**
 * Leases the next row due at `now` that no live lease holds; undefined when none is due. Found by a read first, so
 * an idle sender takes no write lock; the lease itself is one conditional write that another sender cannot share.
 */
async function lease(db: Database, now: string, owner: string): Promise<Row | undefined> {
  const free = and(eq(d.status, 'queued'), lte(d.dueAt, now), or(isNull(d.leaseUntil), lte(d.leaseUntil, now)));
  const until = new Date(Date.parse(now) + LEASE_MS).toISOString();
  for (let tries = 0; tries < 3; tries++) {
    // In the index's order alone (ties in the order rows were made): no sort of a backlog for each lease.
    const next = await db.select({ id: d.id }).from(d).where(free).orderBy(asc(d.dueAt)).limit(1).get();
    if (!next) return undefined;
    const [row] = await db
      .update(d)
      .set({ leaseOwner: owner, leaseUntil: until })
      .where(and(eq(d.id, next.id), free))
      .returning();
    if (row) return row;
  }
  return undefined;
}

/** What is due next, for a caller deciding how long to wait. */
async function nextDueAt(db: Database): Promise<string | null> {
  const row = await db.select({ dueAt: d.dueAt }).from(d).where(eq(d.status, 'queued')).orderBy(asc(d.dueAt)).limit(1).get();
  return row?.dueAt ?? null;
}

/** Why a row is no longer worth sending at `now`, or undefined when it is. */
async function staleness(db: Database, row: Row, request: RequestView, now: string, options: SenderOptions) {
  if (row.kind === 'reminder') {
    if (!options.reminderMinutes.includes(row.leadMinutes ?? -1)) return 'reminders at this lead are off';
    if (request.status !== 'approved' || request.startsAt <= now) return 'the session is no longer ahead';
  }
  if (row.kind === 'request') {
    const waiting = await db.get<{ waiting: number }>(
      sql`SELECT ${awaitingDecision(now)} AS waiting FROM session_requests WHERE id = ${row.resourceId}`,
    );
    if (!waiting?.waiting) return 'the request was decided, withdrawn or expired before its email went out';
  }
  return undefined;
}

async function finish(db: Database, row: Row, owner: string, values: Partial<Row>) {
  await db
    .update(d)
    .set({ ...values, leaseOwner: null, leaseUntil: null })
    .where(and(eq(d.id, row.id), eq(d.status, 'queued'), eq(d.leaseOwner, owner)));
}

/** Sends the next due email at `now`, one attempt; the caller loops. Safe in several processes at once. */
export async function sendNext(
  db: Database,
  mailer: Mailer,
  options: SenderOptions,
  now: Date,
  owner: string,
): Promise<SendOutcome> {
  const at = now.toISOString();
  const row = await lease(db, at, owner);
  if (!row) return { result: 'idle', nextDueAt: await nextDueAt(db) };
  const skip = async (why: string): Promise<SendOutcome> => {
    await finish(db, row, owner, { status: 'skipped', lastError: why });
    return { result: 'skipped', id: row.id, why };
  };
  /** Composes the row's email, sends it and records the outcome. */
  const deliver = async (composeIt: () => Promise<Composed>): Promise<SendOutcome> => {
    let composed: Composed;
    try {
      composed = await composeIt();
    } catch (error) {
      return skip(`it could not be composed: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      await mailer.send({ ...composed, messageId: messageIdOf(row.key, options.from.address), date: now });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The server refused this recipient or this message for good (a 5xx to RCPT TO or DATA, such as an unknown
      // mailbox): retrying cannot help. Anything else (down, busy, refused login) is retried.
      const { responseCode, command } = error as { responseCode?: number; command?: string };
      const refused = responseCode !== undefined && responseCode >= 500 && (command === 'RCPT TO' || command === 'DATA');
      if (refused) return skip(`the SMTP server refused it: ${message}`);
      const attempts = row.attempts + 1;
      const retryAt = new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
      await finish(db, row, owner, { attempts, dueAt: retryAt, lastError: message.slice(0, 500) });
      return { result: 'failed', id: row.id, retryAt, error: message };
    }
    await finish(db, row, owner, { status: 'sent', sentAt: at, attempts: row.attempts + 1, lastError: null });
    return { result: 'sent', id: row.id };
  };
  const contacts = await contactsOf(db, [row.recipientId]);
  const recipient: Contact | undefined = contacts.get(row.recipientId);
  if (!recipient?.email || !recipient.emailEnabled) return skip('the recipient has no address or turned email off');
  if (row.kind === 'opened') {
    const slot = JSON.parse(row.payload ?? '{}') as CourseSlot;
    if (!(await isWaiting(db, slot.courseId, row.recipientId, at))) {
      return skip('the student stopped waiting (left, booked, or their window ended) before the email went out');
    }
    return deliver(() => compose(db, { kind: 'opened', role: 'student', slot, recipient }, options, now));
  }
  const request = row.payload ? (JSON.parse(row.payload) as RequestView) : await findRequestView(db, row.resourceId, at);
  if (!request) return skip('the session no longer exists');
  const stale = await staleness(db, row, request, at, options);
  if (stale) return skip(stale);

  return deliver(() =>
    compose(
      db,
      { kind: row.kind as RequestMailKind, role: row.role, request, recipient, leadMinutes: row.leadMinutes },
      options,
      now,
    ),
  );
}
