// A pending request whose session started undecided reads rejected as expired; the sweep here records that once
// as a `request.expired` event (SPEC §7), so streams, webhooks and email hear of it. Bounded: a batch a call.
import { and, asc, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../../db/client.ts';
import { sessionRequests as r } from '../../db/schema.ts';
import { newId } from '../atomic.ts';
import { recordRequestEvents } from '../events.ts';

/** Requests one sweep call records at most. */
export const EXPIRY_BATCH = 100;

/**
 * Records `request.expired` for up to `limit` pending requests whose start passed at `at` and that no sweep has
 * recorded yet, oldest start first; resolves with how many it recorded. Safe in several processes at once: the
 * mark and the events are one atomic batch, so a request another process recorded meanwhile is left out.
 */
export async function recordExpiries(db: Database, at: string, limit = EXPIRY_BATCH): Promise<number> {
  const unrecorded = and(sql`${r.status} = 'pending'`, isNull(r.expiryRecordedAt), lte(r.startsAt, at));
  const due = await db.select({ id: r.id }).from(r).where(unrecorded).orderBy(asc(r.startsAt)).limit(limit);
  if (due.length === 0) return 0;
  const ids = due.map((row) => row.id);
  const op = newId();
  const [marked] = await writeAtomically(db, [
    db
      .update(r)
      .set({ expiryRecordedAt: at, op })
      .where(and(inArray(r.id, ids), unrecorded)),
    recordRequestEvents('request.expired', op, at, inArray(r.id, ids)),
  ]);
  return marked.rowsAffected;
}
