// Posting scores to LMS gradebooks (SPEC §15): a bounded step takes the due rows of the gradebook outbox, each under
// a lease, counts the student's attended sessions as it sends (so the latest count wins), and posts the score to the
// course's column through the guarded fetch. A failure waits with capped backoff; a success ends the row's pending
// state and tells the student and the educator, in the same batch (`request.attendance`, `gradeSync: "sent"`), as
// giving up after MAX_ATTEMPTS does (`gradeSync: "failed"`).
import { and, asc, count, eq, lte, sql } from 'drizzle-orm';
import { writeAtomically } from '../db/client.ts';
import { ltiGradePosts, sessionRequests as r } from '../db/schema.ts';
import { newId } from '../domain/atomic.ts';
import { recordEventsOfRequests } from '../domain/events.ts';
import { type PolicyRules, policyOf } from '../domain/policy.ts';
import { retryDelayMs } from '../jobs/background.ts';
import {
  type GradebookDeps,
  GradebookRefused,
  gradebookOf,
  gradebookRequest,
  platformSubOf,
  SCORE_TYPE,
  scoresUrl,
} from './ags.ts';
import { LineItemBusy, lineItemFor } from './line-item.ts';

/** The most scores one step posts. */
export const SCORES_PER_STEP = 20;
/** How long a post's lease lasts: longer than its requests can take (the column's, then the score's: 10 s each). */
const LEASE_MS = 15 * 60_000;
/** When another process holds the course's column, the score waits this long (no attempt counted). */
const BUSY_WAIT_MS = 5_000;
/** After this many failed attempts in a row (about a day and a half) a post gives up until attendance changes again. */
export const MAX_ATTEMPTS = 48;

/** What posting needs: the gradebook's deps, the deployment's default policy, and this process's lease owner. */
export interface ScoreSender extends GradebookDeps {
  defaults: PolicyRules;
  owner: string;
}

/** What one step did: scores posted, posts that failed (and wait), and rows it left for later. */
export interface StepOutcome {
  posted: number;
  failed: number;
  skipped: number;
}

type Key = { courseId: string; studentId: string };

const keyOf = ({ courseId, studentId }: Key) => and(eq(ltiGradePosts.courseId, courseId), eq(ltiGradePosts.studentId, studentId));

/** The student's requests whose attendance a post of `row` carries: marked after its last success, up to its mark. */
const coveredBy = (key: Key, row: { sentMark: number; mark: number }) =>
  sql`${r.courseId} = ${key.courseId} AND ${r.studentId} = ${key.studentId} AND ${r.gradeMark} > ${row.sentMark}
    AND ${r.gradeMark} <= ${row.mark}`;

/** The score the student has now: their sessions in the course marked attended, capped at the goal. */
async function scoreOf(sender: ScoreSender, key: Key, goal: number, userId: string, at: string) {
  const [{ attended }] = await sender.db
    .select({ attended: count() })
    .from(r)
    .where(and(eq(r.studentId, key.studentId), eq(r.courseId, key.courseId), eq(r.attended, true)));
  return {
    userId,
    scoreGiven: Math.min(attended, goal),
    scoreMaximum: goal,
    activityProgress: attended >= goal ? 'Completed' : 'InProgress',
    gradingProgress: 'FullyGraded',
    timestamp: at,
  };
}

/** Posts the score of one due row under its lease; what became of it. */
async function postOne(sender: ScoreSender, key: Key, now: Date): Promise<'posted' | 'failed' | 'skipped'> {
  const { db, owner } = sender;
  const at = now.toISOString();
  const [claim] = await writeAtomically(db, [
    db
      .update(ltiGradePosts)
      .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where(
        sql`${keyOf(key)} AND mark > sent_mark AND ${lte(ltiGradePosts.nextAttemptAt, at)}
          AND (${ltiGradePosts.leaseUntil} IS NULL OR ${ltiGradePosts.leaseUntil} <= ${at})`,
      ),
  ]);
  if (claim.rowsAffected !== 1) return 'skipped';
  const ours = and(keyOf(key), eq(ltiGradePosts.leaseOwner, owner));
  const [row] = await db.select().from(ltiGradePosts).where(ours);
  if (!row) return 'skipped';
  const release = { leaseOwner: null, leaseUntil: null, updatedAt: at };
  try {
    const [book, sub] = [await gradebookOf(db, key.courseId), await platformSubOf(db, key.studentId)];
    if (!book || !sub) throw new GradebookRefused('the course has no gradebook now, or the LMS never named the student');
    const { attendanceGoal } = await policyOf(db, key.courseId, sender.defaults);
    const lineItem = await lineItemFor(sender, book, attendanceGoal, now, owner);
    const score = await scoreOf(sender, key, attendanceGoal, sub, at);
    const res = await gradebookRequest(
      sender,
      book.platform,
      scoresUrl(lineItem),
      { method: 'POST', headers: { 'Content-Type': SCORE_TYPE }, body: JSON.stringify(score) },
      now,
    );
    if (!res.ok) throw new GradebookRefused(`${new URL(lineItem).origin} answered ${res.status} for a score`);
    const op = newId();
    await writeAtomically(db, [
      db
        .update(ltiGradePosts)
        .set({ ...release, sentMark: sql`max(sent_mark, ${row.mark})`, attempts: 0, nextAttemptAt: at, lastError: null, op })
        .where(ours),
      // The requests whose attendance this post was the first to cover now read `gradeSync: "sent"`.
      recordEventsOfRequests(
        'request.attendance',
        at,
        sql`${coveredBy(key, row)} AND EXISTS (SELECT 1 FROM ${ltiGradePosts} AS posted
          WHERE posted.course_id = ${key.courseId} AND posted.student_id = ${key.studentId} AND posted.op = ${op})`,
      ),
    ]);
    return 'posted';
  } catch (error) {
    if (error instanceof LineItemBusy) {
      await writeAtomically(db, [
        db
          .update(ltiGradePosts)
          .set({ ...release, nextAttemptAt: new Date(now.getTime() + BUSY_WAIT_MS).toISOString() })
          .where(ours),
      ]);
      return 'skipped';
    }
    const attempts = row.attempts + 1;
    const retryAt = attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await writeAtomically(db, [
      db
        .update(ltiGradePosts)
        .set({ ...release, attempts, nextAttemptAt: retryAt, lastError })
        .where(ours),
      // Given up: the requests whose attendance it was to post now read `gradeSync: "failed"`, and say so live.
      ...(retryAt ? [] : [recordEventsOfRequests('request.attendance', at, coveredBy(key, row))]),
    ]);
    console.warn(
      `A score for ${key.courseId} was not posted (${lastError}); ${retryAt ? `retrying at ${retryAt}` : 'giving up'}.`,
    );
    return 'failed';
  }
}

/**
 * Posts up to `limit` due scores, one at a time, oldest due first. After a failure in a course, its other scores
 * wait for the next step, so a platform that is down is asked once a step rather than once a student.
 */
export async function postDueScores(sender: ScoreSender, now: Date, limit = SCORES_PER_STEP): Promise<StepOutcome> {
  const due = await sender.db
    .select({ courseId: ltiGradePosts.courseId, studentId: ltiGradePosts.studentId })
    .from(ltiGradePosts)
    .where(sql`mark > sent_mark AND ${lte(ltiGradePosts.nextAttemptAt, now.toISOString())}`)
    .orderBy(asc(ltiGradePosts.nextAttemptAt))
    .limit(limit);
  const outcome: StepOutcome = { posted: 0, failed: 0, skipped: 0 };
  const failing = new Set<string>();
  for (const key of due) {
    const result = failing.has(key.courseId) ? 'skipped' : await postOne(sender, key, now);
    if (result === 'failed') failing.add(key.courseId);
    outcome[result]++;
  }
  return outcome;
}
