// Attendance in the LMS gradebook (SPEC §15), as the writes of the domain see it: recording attendance marks the
// student's score as due to post, in the same batch; a new attendance goal marks the course's scores again; and each
// request reads whether its student's score after it has reached the LMS. The posting itself is in lti/scores.ts.
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { coursePolicies, ltiCourseServices, ltiGradePosts, ltiLineItems, ltiUsers, sessionRequests as r } from '../db/schema.ts';
import { SCOPE } from '../lti/services.ts';

/** The scopes a course's latest launch must have granted for the tool to keep its gradebook column. */
export const GRADEBOOK_SCOPES = [SCOPE.lineItem, SCOPE.score] as const;

const granted = (scope: string) => sql`instr(' ' || ${ltiCourseServices.agsScopes} || ' ', ${` ${scope} `}) > 0`;

/** The course `courseId` (a column or a value) has a gradebook: its latest AGS claim named the line items and both scopes. */
export function hasGradebook(courseId: SQL | string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${ltiCourseServices} WHERE ${ltiCourseServices.courseId} = ${courseId}
    AND ${ltiCourseServices.lineItemsUrl} IS NOT NULL AND ${sql.join(GRADEBOOK_SCOPES.map(granted), sql` AND `)})`;
}

const requestCourse = sql`session_requests.course_id`;
const requestStudent = sql`session_requests.student_id`;

/** The request in scope is gradable: its course has a gradebook and the LMS has told the tool its student's own id. */
const gradable = sql`(${hasGradebook(requestCourse)}
  AND EXISTS (SELECT 1 FROM ${ltiUsers} WHERE ${ltiUsers.userId} = ${requestStudent}))`;

/**
 * `gradeSync` of the request in scope (`session_requests`): null without attendance or a grade mark; sent once the
 * student's posts have covered the mark its attendance made; failed when the post gave up (MAX_ATTEMPTS failures in a
 * row: the score must be entered in the LMS, or attendance recorded again); pending until then.
 */
export const gradeSyncOf = sql<'pending' | 'sent' | 'failed' | null>`CASE WHEN ${r.attended} IS NULL OR ${r.gradeMark} IS NULL
  THEN NULL ELSE coalesce((SELECT CASE WHEN grade.sent_mark >= ${r.gradeMark} THEN 'sent' WHEN grade.next_attempt_at IS NULL
    THEN 'failed' ELSE 'pending' END FROM ${ltiGradePosts} AS grade WHERE grade.course_id = ${requestCourse}
    AND grade.student_id = ${requestStudent}), 'pending') END`;

/** A post is due now, or keeps its backoff if it is failing; one that gave up starts again. */
const dueAgain = (at: string) => ({
  nextAttemptAt: sql`CASE WHEN ${ltiGradePosts.attempts} = 0 OR ${ltiGradePosts.nextAttemptAt} IS NULL THEN ${at}
    ELSE ${ltiGradePosts.nextAttemptAt} END`,
  attempts: sql`CASE WHEN ${ltiGradePosts.nextAttemptAt} IS NULL THEN 0 ELSE ${ltiGradePosts.attempts} END`,
  updatedAt: at,
});

/**
 * The statements of an attendance write that put its student's score in the gradebook outbox, after the statement
 * that marked request `requestId` with `op`: the student's mark goes up, and the request keeps the mark it made.
 * Nothing happens in a course without a gradebook.
 */
export function markGrade(db: Database, requestId: string, op: string, at: string): SQL[] {
  const written = sql`session_requests.id = ${requestId} AND session_requests.op = ${op}`;
  return [
    sql`INSERT INTO ${ltiGradePosts} (course_id, student_id, mark, sent_mark, attempts, next_attempt_at, updated_at)
      SELECT ${requestCourse}, ${requestStudent}, 1, 0, 0, ${at}, ${at} FROM ${r} WHERE ${written} AND ${gradable}
      ON CONFLICT (course_id, student_id) DO UPDATE SET mark = ${ltiGradePosts.mark} + 1,
        next_attempt_at = ${dueAgain(at).nextAttemptAt}, attempts = ${dueAgain(at).attempts}, updated_at = ${at}`,
    db
      .update(r)
      .set({
        gradeMark: sql`CASE WHEN ${gradable} THEN (SELECT grade.mark FROM ${ltiGradePosts} AS grade
          WHERE grade.course_id = ${requestCourse} AND grade.student_id = ${requestStudent}) END`,
      })
      .where(written)
      .getSQL(),
  ];
}

/**
 * After a policy change, marks every score of the course to post again when its attendance goal is no longer the
 * maximum its line item has (a score's maximum and progress follow the goal).
 */
export function markCourseGrades(db: Database, courseId: string, defaultGoal: number, at: string): SQL {
  const goal = sql`coalesce((SELECT ${coursePolicies.attendanceGoal} FROM ${coursePolicies}
    WHERE ${coursePolicies.courseId} = ${courseId}), ${defaultGoal})`;
  const maximum = sql`(SELECT ${ltiLineItems.scoreMaximum} FROM ${ltiLineItems} WHERE ${ltiLineItems.courseId} = ${courseId})`;
  return db
    .update(ltiGradePosts)
    .set({ mark: sql`${ltiGradePosts.mark} + 1`, ...dueAgain(at) })
    .where(sql`${ltiGradePosts.courseId} = ${courseId} AND ${maximum} IS NOT ${goal}`)
    .getSQL();
}
