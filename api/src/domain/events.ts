// Outbox statements: each change records its events in the same atomic batch as the change.
import { type SQL, sql } from 'drizzle-orm';
import { outbox, sessionRequests as r, slots as s } from '../db/schema.ts';

export type RequestEventType = 'request.created' | 'request.approved' | 'request.rejected' | 'request.cancelled';
export type SlotEventType = 'slot.created' | 'slot.updated' | 'slot.deleted';

/** Records `type` for the requests in `scope` that the write `op` touched. */
export function recordRequestEvents(type: RequestEventType, op: string, now: string, scope: SQL): SQL {
  return sql`INSERT INTO ${outbox} (type, slot_id, request_id, course_id, educator_id, student_id, created_at)
    SELECT ${type}, ${r.slotId}, ${r.id}, ${r.courseId}, ${r.educatorId}, ${r.studentId}, ${now}
    FROM ${r} WHERE ${scope} AND ${r.op} = ${op}`;
}

/** Records `type` for the slot if the write `op` touched it. */
export function recordSlotEvent(type: SlotEventType, op: string, now: string, slotId: string): SQL {
  return sql`INSERT INTO ${outbox} (type, slot_id, request_id, course_id, educator_id, student_id, created_at)
    SELECT ${type}, ${s.id}, NULL, ${s.courseId}, ${s.educatorId}, NULL, ${now}
    FROM ${s} WHERE ${s.id} = ${slotId} AND ${s.op} = ${op}`;
}

/** True inside a batch once its claiming statement has marked request `id` with `op`. */
export function requestClaimed(id: string, op: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${r} AS claim WHERE claim.id = ${id} AND claim.op = ${op})`;
}

/** True inside a batch once its claiming statement has marked slot `id` with `op`. */
export function slotClaimed(id: string, op: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${s} AS claim WHERE claim.id = ${id} AND claim.op = ${op})`;
}
