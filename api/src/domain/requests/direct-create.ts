// A student's request as one batch that reads nothing first: the slot, the course's policy and the student's counts
// are read by the guarded insert itself. Every guard of the planned path is in it, and those the planned path checks
// before its batch too (the slot exists, the caller studies in its course); a refusal goes to the planned path.
import type { SessionRequest } from '@one-on-one/contract/resources';
import { and, eq, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { compile } from '../../db/bound.ts';
import type { Database } from '../../db/client.ts';
import { coursePolicies, sessionRequests as r, slots as s } from '../../db/schema.ts';
import { recordRequestEvents, recordSlotEvent, requestClaimed } from '../events.ts';
import type { User } from '../identity.ts';
import { stopWaitingOnRequest } from '../waitlist/entries.ts';
import type { RequestContext } from './core.ts';
import { applyDirect, compiledPerDatabase } from './direct.ts';
import { type Bounds, slotRequestable, underLimits } from './requestable.ts';

const p = sql.placeholder;
const ISO = '%Y-%m-%dT%H:%M:%fZ';

/** A field of the slot's course policy as the statement runs, over the deployment's default (bound). */
const policyField = (column: AnySQLiteColumn, fallback: ReturnType<typeof p>) =>
  sql`coalesce((SELECT ${column} FROM ${coursePolicies} WHERE ${coursePolicies.courseId} = ${s.courseId}), ${fallback})`;

/** The bounds of the slot's course policy at `now`, read by the statement (`addMs` of the planned path, in SQL). */
const bounds: Bounds = {
  earliest: sql`strftime(${ISO}, ${p('now')}, (${policyField(coursePolicies.minNoticeMinutes, p('minNotice'))} * 60) || ' seconds')`,
  latest: sql`strftime(${ISO}, ${p('now')}, ${policyField(coursePolicies.maxDaysAhead, p('maxDays'))} || ' days')`,
  maxPending: policyField(coursePolicies.maxPendingPerStudent, p('maxPending')),
  maxUpcoming: sql`coalesce((SELECT ${coursePolicies.maxUpcomingPerStudent} FROM ${coursePolicies}
    WHERE ${coursePolicies.courseId} = ${s.courseId}), ${p('maxUpcoming')}, ${Number.MAX_SAFE_INTEGER})`,
};

/** The caller's student courses (`p('courses')`, JSON) that hold the slot's course, with its title. */
const studentCourse = sql`FROM json_each(${p('courses')}) AS course WHERE json_extract(course.value, '$.id') = ${s.courseId}`;

/** The batch of `makeRequest`, for the slot `p('slot')` read in the insert; `p('id')` is the request and its write mark. */
function compileRequest(db: Database) {
  const id = p('id');
  const instant = (value: unknown) => sql`CASE WHEN ${s.instant} THEN ${value} END`;
  const insert = sql`INSERT INTO ${r} (id, slot_id, course_id, course_title, educator_id, educator_name, student_id, student_name,
      starts_at, ends_at, message, status, meeting_link, decided_at, replaces, created_at, updated_at, op)
    SELECT ${id}, ${s.id}, ${s.courseId}, coalesce(${s.courseTitle}, (SELECT json_extract(course.value, '$.title') ${studentCourse} LIMIT 1)),
      ${s.educatorId}, ${s.educatorName}, ${p('student')}, ${p('studentName')}, ${s.startsAt}, ${s.endsAt}, ${p('message')},
      CASE WHEN ${s.instant} THEN 'approved' ELSE 'pending' END, ${instant(s.meetingLink)}, ${instant(p('now'))}, NULL,
      ${p('now')}, ${p('now')}, ${id}
    FROM ${s} WHERE ${s.id} = ${p('slot')} AND EXISTS (SELECT 1 ${studentCourse})
      AND ${slotRequestable({ id: p('slot') }, p('student'), p('now'), bounds)}
      AND ${underLimits(p('student'), s.courseId, p('now'), bounds)}`;
  const claimed = requestClaimed(id, id);
  const courseOfRequest = sql`(SELECT made.course_id FROM ${r} AS made WHERE made.id = ${id})`;
  return [
    insert,
    recordRequestEvents('request.created', id, p('now'), eq(r.id, id)),
    stopWaitingOnRequest(db, courseOfRequest, p('student'), claimed),
    // An instant slot is booked by the request, in the same step.
    db
      .update(s)
      .set({ updatedAt: sql`${p('now')}`, op: sql`${id}` })
      .where(and(eq(s.id, p('slot')), eq(s.instant, true), claimed)),
    recordSlotEvent('slot.updated', id, p('now'), p('slot')),
  ].map(compile);
}

const compiled = compiledPerDatabase(compileRequest);
const studentCourses = new WeakMap<User, string>();

/** The caller's courses as a student, as the statement reads them (kept per user object, which a token's cache keeps). */
function coursesOf(user: User): string {
  let json = studentCourses.get(user);
  if (json === undefined) {
    json = JSON.stringify(user.courses.filter((course) => course.role === 'student').map(({ id, title }) => ({ id, title })));
    studentCourses.set(user, json);
  }
  return json;
}

/** Requests the slot in one batch; undefined when it was refused (nothing written), for the planned path to explain. */
export function requestDirectly(
  ctx: RequestContext,
  id: string,
  slotId: string,
  message: string | null | undefined,
): Promise<SessionRequest | undefined> {
  const { user, defaults } = ctx;
  return applyDirect(ctx, compiled(ctx.db), {
    id,
    slot: slotId,
    student: user.id,
    studentName: user.name,
    message: message ?? null,
    courses: coursesOf(user),
    minNotice: defaults.minNoticeMinutes,
    maxDays: defaults.maxDaysAhead,
    maxPending: defaults.maxPendingPerStudent,
    maxUpcoming: defaults.maxUpcomingPerStudent,
  });
}
