// Reading and ageing the outbox: a viewer's missed events a window at a time, what is still kept,
// and retention, each a bounded query so no replay or clean-up holds the process for long.
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { mailState, outbox, webhookState } from '../db/schema.ts';
import { DAY_MS } from '../domain/clock.ts';
import { runInBackground } from '../jobs/background.ts';
import type { OutboxEvent } from './hub.ts';
import type { Viewer } from './views.ts';

/** Outbox ids one replay query looks at: it reads at most this many rows, whoever asks. */
export const REPLAY_WINDOW = 500;

/** The viewer's events with ids in (after, until], oldest first; `until - after` stays within a window. */
export function missedEvents(db: Database, viewer: Viewer, after: number, until: number): Promise<OutboxEvent[]> {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        gt(outbox.id, after),
        lte(outbox.id, until),
        or(
          eq(outbox.educatorId, viewer.id),
          eq(outbox.studentId, viewer.id),
          and(isNull(outbox.requestId), inArray(outbox.courseId, [...viewer.courseIds])),
        ),
      ),
    )
    .orderBy(asc(outbox.id));
}

/**
 * Whether a stream can resume after `lastEventId`: every later event is still kept, and the id is
 * not from the future (a database restored from an older copy).
 */
export async function canResumeAfter(db: Database, lastEventId: number): Promise<boolean> {
  const row = await db.get<{ oldest: number | null; issued: number | null }>(
    sql`SELECT (SELECT min(id) FROM ${outbox}) AS oldest, (SELECT seq FROM sqlite_sequence WHERE name = 'outbox') AS issued`,
  );
  const issued = Number(row?.issued ?? 0);
  const oldestKept = row?.oldest ?? issued + 1;
  return lastEventId >= oldestKept - 1 && lastEventId <= issued;
}

const PRUNE_BATCH = 500;

/** Which readers of the outbox are on, and so must find their events still there. */
export interface OutboxReaders {
  webhook?: boolean;
  mail?: boolean;
}

/**
 * Removes events created before `cutoff`, oldest first, a batch at a time. Events the webhook has not delivered yet,
 * or email has not planned yet, stay however old while that reader is on.
 */
export async function pruneOutbox(db: Database, cutoff: string, readers: OutboxReaders = {}): Promise<number> {
  const delivered = sql.join(
    [
      readers.webhook ? sql`AND ${outbox.id} <= coalesce((SELECT ${webhookState.deliveredUpTo} FROM ${webhookState}), 0)` : sql``,
      readers.mail ? sql`AND ${outbox.id} <= coalesce((SELECT ${mailState.plannedUpTo} FROM ${mailState}), 0)` : sql``,
    ],
    sql` `,
  );
  let removed = 0;
  for (;;) {
    const result = await db.run(sql`DELETE FROM ${outbox} WHERE ${outbox.id} IN
      (SELECT id FROM ${outbox} ORDER BY id LIMIT ${PRUNE_BATCH}) AND ${outbox.createdAt} < ${cutoff} ${delivered}`);
    removed += result.rowsAffected;
    if (result.rowsAffected < PRUNE_BATCH) return removed;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const RETENTION_EVERY_MS = 60 * 60_000;

/** Prunes events older than `days` now and then every hour; returns the stop function. */
export function startOutboxRetention(
  db: Database,
  days: number,
  readers: OutboxReaders,
  clock: () => Date = () => new Date(),
  everyMs = RETENTION_EVERY_MS,
): () => void {
  return runInBackground(
    'Pruning old events',
    async () => {
      await pruneOutbox(db, new Date(clock().getTime() - days * DAY_MS).toISOString(), readers);
      return everyMs;
    },
    everyMs,
  );
}
