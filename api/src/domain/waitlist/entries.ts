// A course's waitlist: a student waits for a time to open inside a window of theirs, until they leave, request a
// session in the course, or the window ends. Also how often they may be emailed about it.
import type { WaitlistInput } from '@one-on-one/contract/inputs';
import type { WaitlistEntry } from '@one-on-one/contract/resources';
import { and, eq, isNull, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../../db/client.ts';
import { waitlistEntries as w } from '../../db/schema.ts';
import { written } from '../atomic.ts';
import { addMs, DAY_MS, MINUTE_MS } from '../clock.ts';
import { DomainError, invalidField, notFound } from '../errors.ts';
import { membership, type User } from '../identity.ts';
import { MAX_LEAD_DAYS, MAX_LEAD_MS } from '../limits.ts';
import { type PolicyRules, policyOf } from '../policy.ts';

const entryColumns = { courseId: w.courseId, from: w.windowFrom, to: w.windowTo, createdAt: w.createdAt };

const ofStudent = (courseId: string | SQLWrapper, studentId: string | SQLWrapper) =>
  and(eq(w.courseId, courseId), eq(w.studentId, studentId));

function requireStudent(user: User, courseId: string): void {
  if (!membership(user, courseId, 'student')) {
    throw new DomainError('forbidden', 'Only students of this course can wait for a time in it.');
  }
}

/**
 * The window of a join: each bound the caller left out is the course's booking window's (now + minimum notice,
 * now + days ahead). It must end in the future, within the furthest a slot may start, after it begins.
 */
function windowOf(input: WaitlistInput, policy: PolicyRules, at: string) {
  const from = input.from ?? addMs(at, policy.minNoticeMinutes * MINUTE_MS);
  const to = input.to ?? addMs(at, policy.maxDaysAhead * DAY_MS);
  if (input.to !== undefined && to <= at) throw invalidField('to', 'Must be in the future');
  if (Date.parse(to) - Date.parse(at) > MAX_LEAD_MS) throw invalidField('to', `Must be at most ${MAX_LEAD_DAYS} days ahead`);
  if (from >= to) {
    throw input.to !== undefined
      ? invalidField('to', 'Must be after from')
      : invalidField('from', "Must be before the end of the course's booking window");
  }
  return { from, to };
}

/**
 * `POST /api/courses/:courseId/waitlist`: the caller waits in the course with this window, or replaces the window
 * they wait with. `created` is false for a replacement; an entry whose window had ended counts as new.
 */
export async function joinWaitlist(
  db: Database,
  user: User,
  courseId: string,
  input: WaitlistInput,
  now: Date,
  defaults: PolicyRules,
): Promise<{ entry: WaitlistEntry; created: boolean }> {
  const at = now.toISOString();
  const { from, to } = windowOf(input, await policyOf(db, courseId, defaults), at);
  requireStudent(user, courseId);
  const before = await db.select(entryColumns).from(w).where(ofStudent(courseId, user.id)).get();
  await writeAtomically(db, [
    db
      .insert(w)
      .values({ courseId, studentId: user.id, windowFrom: from, windowTo: to, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({
        target: [w.courseId, w.studentId],
        // Every right-hand side reads the row as it was: an ended entry starts afresh.
        set: {
          windowFrom: from,
          windowTo: to,
          updatedAt: at,
          createdAt: sql`CASE WHEN ${w.windowTo} <= ${at} THEN ${at} ELSE ${w.createdAt} END`,
        },
      }),
  ]);
  const entry = await written(db.select(entryColumns).from(w).where(ofStudent(courseId, user.id)).get());
  return { entry, created: !before || before.to <= at };
}

/** `GET /api/courses/:courseId/waitlist`: the caller's entry; 404 when they do not wait (or their window ended). */
export async function readWaitlistEntry(db: Database, user: User, courseId: string, now: Date): Promise<WaitlistEntry> {
  requireStudent(user, courseId);
  const entry = await db.select(entryColumns).from(w).where(ofStudent(courseId, user.id)).get();
  if (!entry || entry.to <= now.toISOString()) throw notFound('resource');
  return entry;
}

/** `DELETE /api/courses/:courseId/waitlist`: the caller stops waiting (also when they were not). */
export async function leaveWaitlist(db: Database, user: User, courseId: string): Promise<void> {
  requireStudent(user, courseId);
  await writeAtomically(db, [db.delete(w).where(ofStudent(courseId, user.id))]);
}

/** The entry of a student who requested a session in the course goes, in the batch that makes the request. */
export const stopWaitingOnRequest = (
  db: Database,
  courseId: string | SQLWrapper,
  studentId: string | SQLWrapper,
  requestMade: SQL,
) => db.delete(w).where(and(ofStudent(courseId, studentId), requestMade));

const SWEEP_BATCH = 500;

/**
 * Removes entries whose window ended by `now`, a batch at a time from the window index; returns how many. With
 * none to remove it only reads, so an idle sweep never takes the write lock.
 */
export async function removeEndedEntries(db: Database, now: Date): Promise<number> {
  const ended = lte(w.windowTo, now.toISOString());
  if (!(await db.select({ courseId: w.courseId }).from(w).where(ended).limit(1).get())) return 0;
  let removed = 0;
  for (;;) {
    const [result] = await writeAtomically(db, [
      sql`DELETE FROM ${w} WHERE rowid IN (SELECT rowid FROM ${w} WHERE ${ended} LIMIT ${SWEEP_BATCH})`,
    ]);
    removed += result.rowsAffected;
    if (result.rowsAffected < SWEEP_BATCH) return removed;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** At most one email about openings per student and course in this long. */
export const WAITLIST_EMAIL_INTERVAL_MS = 60 * MINUTE_MS;

/** The student still waits in the course at `at` and has had no email about it in the last hour. */
export const waitlistEmailDue = (courseId: string, studentId: string, at: string): SQL =>
  sql`${and(
    ofStudent(courseId, studentId),
    sql`${w.windowTo} > ${at}`,
    or(isNull(w.emailedAt), lte(w.emailedAt, addMs(at, -WAITLIST_EMAIL_INTERVAL_MS))),
  )}`;

/** Whether the student still waits in the course at `at` (their window has not ended). */
export async function isWaiting(db: Database, courseId: string, studentId: string, at: string): Promise<boolean> {
  const entry = await db
    .select({ to: w.windowTo })
    .from(w)
    .where(and(ofStudent(courseId, studentId), sql`${w.windowTo} > ${at}`))
    .get();
  return Boolean(entry);
}

/** Records an email about openings at `at`, if one is due: for the batch that claims sending it. */
export const markWaitlistEmailed = (db: Database, courseId: string, studentId: string, at: string) =>
  db
    .update(w)
    .set({ emailedAt: at })
    .where(waitlistEmailDue(courseId, studentId, at));

/**
 * Claims the one email an hour that may tell `studentId` of openings in `courseId`: true (and recorded) when
 * it is due, false when they no longer wait or were emailed less than an hour ago. Safe across processes.
 */
export async function claimWaitlistEmail(db: Database, courseId: string, studentId: string, now: Date): Promise<boolean> {
  const [result] = await writeAtomically(db, [markWaitlistEmailed(db, courseId, studentId, now.toISOString())]);
  return result.rowsAffected === 1;
}
