// Outbox statements: each change records its events, with the resource as it now reads, in the same
// atomic batch as the change.
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import { outbox, sessionRequests as r, slots as s } from '../db/schema.ts';
import type { Instant } from './states.ts';
import { educatorSlotColumns, jsonObjectOf, requestColumns } from './views.ts';

export type RequestEventType =
  | 'request.created'
  | 'request.approved'
  | 'request.rejected'
  | 'request.expired'
  | 'request.attendance'
  | 'request.cancelled';
export type SlotEventType = 'slot.created' | 'slot.updated' | 'slot.deleted';

/** A write's mark or a row's id: a value, or the placeholder of a statement compiled once and bound at each run. */
type Mark = string | Placeholder;

/** Records `type` for the requests in `scope` that the write `op` touched. */
export function recordRequestEvents(type: RequestEventType, op: Mark, now: Instant, scope: SQL): SQL {
  return recordEventsOfRequests(type, now, sql`${scope} AND ${r.op} = ${op}`);
}

/** Records `type` for every request in `scope`, as it reads at `now`. */
export function recordEventsOfRequests(type: RequestEventType, now: Instant, scope: SQL): SQL {
  return sql`INSERT INTO ${outbox} (type, slot_id, request_id, course_id, educator_id, student_id, created_at, payload)
    SELECT ${type}, ${r.slotId}, ${r.id}, ${r.courseId}, ${r.educatorId}, ${r.studentId}, ${now}, ${jsonObjectOf(requestColumns(now))}
    FROM ${r} WHERE ${scope}`;
}

/** The students who hold a pending or approved request for the slot in scope. */
const activeRequesters = sql`(SELECT json_group_array(active.student_id) FROM session_requests AS active
  WHERE active.slot_id = slots.id AND active.status IN ('pending', 'approved'))`;

/** Records `type` for the slots in `scope` that the write `op` touched, in start order. */
export function recordSlotEvents(type: SlotEventType, op: Mark, now: Instant, scope: SQL): SQL {
  return sql`INSERT INTO ${outbox} (type, slot_id, request_id, course_id, educator_id, student_id, created_at, payload, requested_by)
    SELECT ${type}, ${s.id}, NULL, ${s.courseId}, ${s.educatorId}, NULL, ${now}, ${jsonObjectOf(educatorSlotColumns(now))}, ${activeRequesters}
    FROM ${s} WHERE ${scope} AND ${s.op} = ${op} ORDER BY ${s.startsAt}`;
}

/** Records `type` for the slot if the write `op` touched it. */
export function recordSlotEvent(type: SlotEventType, op: Mark, now: Instant, slotId: Mark): SQL {
  return recordSlotEvents(type, op, now, sql`${s.id} = ${slotId}`);
}

/** True inside a batch once its claiming statement has marked request `id` with `op`. */
export function requestClaimed(id: Mark, op: Mark): SQL {
  return sql`EXISTS (SELECT 1 FROM ${r} AS claim WHERE claim.id = ${id} AND claim.op = ${op})`;
}

/** True inside a batch once its claiming statement has marked slot `id` with `op`. */
export function slotClaimed(id: string, op: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${s} AS claim WHERE claim.id = ${id} AND claim.op = ${op})`;
}
