// A move taking effect: the request it replaces is cancelled as moved, and an approved one's slot opens again.
// Both a move made at once and an educator's approval of a move end with these statements.
import type { RequestView } from '@one-on-one/contract/resources';
import { and, eq, sql } from 'drizzle-orm';
import type { Statement } from '../../db/client.ts';
import { sessionRequests as r, slots as s } from '../../db/schema.ts';
import { recordRequestEvents, recordSlotEvent, requestClaimed } from '../events.ts';
import { SYSTEM_REASONS } from '../states.ts';
import { recordOpenings } from '../waitlist/openings.ts';

/**
 * The statements that make a move take effect once `moveId` is claimed by `op`: the original, if it is
 * still what the student held, is cancelled as moved, and an approved original's slot opens again.
 */
export function takeEffect(
  original: Pick<RequestView, 'id' | 'slotId' | 'status'>,
  moveId: string,
  op: string,
  at: string,
): Statement[] {
  const cancelled = and(eq(r.id, original.id), eq(r.op, op));
  return [
    sql`UPDATE ${r} SET status = 'cancelled', cancelled_by = 'student', cancellation_reason = ${SYSTEM_REASONS.moved},
      reason_code = 'moved', replaced_by = ${moveId}, updated_at = ${at}, op = ${op}
      WHERE ${r.id} = ${original.id} AND ${r.status} = ${original.status} AND ${r.startsAt} > ${at} AND ${requestClaimed(moveId, op)}`,
    recordRequestEvents('request.cancelled', op, at, eq(r.id, original.id)),
    // An approved original held its slot: it opens again (a pending one held nothing).
    ...(original.status === 'approved'
      ? [
          sql`UPDATE ${s} SET updated_at = ${at}, op = ${op} WHERE ${s.id} = ${original.slotId}
            AND EXISTS (SELECT 1 FROM session_requests WHERE ${cancelled})`,
          recordSlotEvent('slot.updated', op, at, original.slotId),
          recordOpenings(op, at, eq(s.id, original.slotId)),
        ]
      : []),
  ];
}
