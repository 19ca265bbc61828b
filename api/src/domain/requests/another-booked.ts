// An approval rejects its slot's other pending requests as `another_booked`: written once for both ways an approval
// is made, the planned path (with values) and the direct batch (compiled once with placeholders).
import { and, eq, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { sessionRequests as r } from '../../db/schema.ts';
import { recordRequestEvents, requestClaimed } from '../events.ts';
import { type Instant, SYSTEM_REASONS } from '../states.ts';

/**
 * The two statements of approving request `id` (marked `op`, at `at`) that reject the other pending requests of its
 * slot (`slot`: the slot's id, or SQL that reads it) once the approval has claimed it: the rejection, and its
 * `request.rejected` events, each in its place in the approval's batch. Values or placeholders alike.
 */
export function rejectOthersOfSlot(
  db: Database,
  slot: string | SQL,
  id: string | Placeholder,
  op: string | Placeholder,
  at: Instant,
) {
  const othersOfSlot = sql`${r.slotId} = ${slot} AND ${r.id} <> ${id}`;
  const when = sql`${at}`;
  return {
    reject: db
      .update(r)
      .set({
        status: 'rejected',
        rejectionReason: SYSTEM_REASONS.another_booked,
        reasonCode: 'another_booked',
        decidedAt: when,
        updatedAt: when,
        op: sql`${op}`,
      })
      .where(and(othersOfSlot, eq(r.status, 'pending'), requestClaimed(id, op))),
    recordRejected: recordRequestEvents('request.rejected', op, at, othersOfSlot),
  };
}
