// Telling waiting students that a time opened. A change that makes slots requestable queues them in its own
// batch (one row a slot, only when someone waits in the course); a background step then writes `waitlist.opened`
// to the outbox for the course's waiting students, a bounded batch of them per step, so a slot that opens for
// ten thousand students costs its request one row and the announcement a few short steps.
import { and, asc, eq, gt, lte, type SQL, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../../db/client.ts';
import { outbox, slots as s, slotOpenings, waitlistEntries as w } from '../../db/schema.ts';
import { newId } from '../atomic.ts';
import { addMs, DAY_MS, MINUTE_MS } from '../clock.ts';
import { type PolicyRules, policyOf } from '../policy.ts';
import { courseSlotJson } from '../views.ts';

/**
 * Queues the slots in `scope` that the write `op` made requestable, if anyone waits in their course.
 * `previousStartsAt` is the slot's start before a change of its time.
 */
export function recordOpenings(op: string, at: string, scope: SQL, previousStartsAt: string | null = null): SQL {
  return sql`INSERT INTO ${slotOpenings} (change, slot_id, course_id, starts_at, previous_starts_at, created_at)
    SELECT ${op}, ${s.id}, ${s.courseId}, ${s.startsAt}, ${previousStartsAt}, ${at} FROM ${s}
    WHERE ${scope} AND ${s.op} = ${op} AND EXISTS (SELECT 1 FROM ${w} AS waiting WHERE waiting.course_id = slots.course_id)`;
}

/** Waiting students told per step: each step reads at most this many entries and writes at most this many events. */
export const ANNOUNCE_BATCH = 500;

type Opening = typeof slotOpenings.$inferSelect;

/**
 * For the waiting student in scope (`waitlist_entries`), the earliest slot of `change` still requestable at `at`
 * under `policy` that starts inside their window (and, for a slot whose time changed, did not before).
 */
function firstOpenedFor(opening: Opening, at: string, policy: PolicyRules): SQL {
  const earliest = addMs(at, Math.max(1, policy.minNoticeMinutes * MINUTE_MS));
  const latest = addMs(at, policy.maxDaysAhead * DAY_MS);
  return sql`(SELECT opened.slot_id FROM ${slotOpenings} AS opened JOIN ${s} AS candidate ON candidate.id = opened.slot_id
    WHERE opened.change = ${opening.change}
      AND opened.starts_at >= waitlist_entries.window_from AND opened.starts_at < waitlist_entries.window_to
      AND NOT (opened.previous_starts_at IS NOT NULL AND opened.previous_starts_at >= waitlist_entries.window_from
        AND opened.previous_starts_at < waitlist_entries.window_to)
      AND candidate.starts_at = opened.starts_at AND candidate.deleted_at IS NULL
      AND candidate.starts_at >= ${earliest} AND candidate.starts_at <= ${latest}
      AND candidate.educator_id <> waitlist_entries.student_id
      AND NOT EXISTS (SELECT 1 FROM session_requests AS booking WHERE booking.slot_id = candidate.id AND booking.status = 'approved')
    ORDER BY opened.starts_at LIMIT 1)`;
}

/**
 * One step of announcing the oldest queued change: the next `ANNOUNCE_BATCH` waiting students of its course (by
 * id) each get one `waitlist.opened` carrying the first of its slots inside their window, as the course listing
 * shows it to them. A change whose students have all been told is removed. Several processes may run it: a step
 * claims its batch in the write itself, and a step that lost the race writes nothing. Returns whether more waits.
 */
export async function announceOpenings(db: Database, now: Date, defaults: PolicyRules): Promise<boolean> {
  const opening = await db.select().from(slotOpenings).orderBy(asc(slotOpenings.id)).limit(1).get();
  if (!opening) return false;
  if (opening.announced) {
    await writeAtomically(db, [db.delete(slotOpenings).where(eq(slotOpenings.change, opening.change))]);
    return true;
  }
  const at = now.toISOString();
  const page = await db
    .select({ studentId: w.studentId })
    .from(w)
    .where(and(eq(w.courseId, opening.courseId), gt(w.studentId, opening.announcedUpTo)))
    .orderBy(asc(w.studentId))
    .limit(ANNOUNCE_BATCH);
  const last = page.length === ANNOUNCE_BATCH ? page[page.length - 1].studentId : undefined;
  const claim = newId();
  const claimed = sql`EXISTS (SELECT 1 FROM ${slotOpenings} AS claimed WHERE claimed.id = ${opening.id} AND claimed.claim = ${claim})`;
  const batch = and(
    eq(w.courseId, opening.courseId),
    gt(w.studentId, opening.announcedUpTo),
    last === undefined ? undefined : lte(w.studentId, last),
    claimed,
  );
  const slot = firstOpenedFor(opening, at, await policyOf(db, opening.courseId, defaults));
  await writeAtomically(db, [
    db
      .update(slotOpenings)
      .set({ announcedUpTo: last ?? opening.announcedUpTo, announced: last === undefined, claim })
      .where(
        and(
          eq(slotOpenings.id, opening.id),
          eq(slotOpenings.announcedUpTo, opening.announcedUpTo),
          eq(slotOpenings.announced, false),
        ),
      ),
    sql`INSERT INTO ${outbox} (type, slot_id, request_id, course_id, educator_id, student_id, created_at, payload)
      SELECT 'waitlist.opened', ${s.id}, NULL, ${s.courseId}, ${s.educatorId}, ${w.studentId}, ${at}, ${courseSlotJson(at, w.studentId)}
      FROM ${w} JOIN ${s} ON ${s.id} = ${slot} WHERE ${batch} ORDER BY ${w.studentId}`,
    db
      .update(w)
      .set({ notifiedAt: at })
      .where(and(batch, sql`${slot} IS NOT NULL`)),
  ]);
  return true;
}
