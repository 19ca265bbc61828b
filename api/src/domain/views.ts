// How slots and requests read: derived statuses, counts and flags computed in the query itself.

import type { RequestView, Slot } from '@one-on-one/contract/resources';
import type { ReasonCode, RequestStatus } from '@one-on-one/contract/vocabulary';
import { Column, eq, is, type Placeholder, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Database } from '../db/client.ts';
import { sessionRequests as r, slots as s } from '../db/schema.ts';
import { gradeSyncOf } from './grades.ts';
import { awaitingDecision, expiredUndecided, type Instant, SYSTEM_REASONS } from './states.ts';

export type { Instant } from './states.ts';

/** A window of time a list may be limited to: items overlapping [from, to). */
export interface TimeWindow {
  from?: string;
  to?: string;
}

/** A request's status as readers see it at `now`: ended approvals are completed, expired pendings rejected. */
function requestStatusAt(now: Instant) {
  return sql<RequestStatus>`CASE WHEN ${r.status} = 'approved' AND ${r.endsAt} <= ${now} THEN 'completed'
    WHEN ${expiredUndecided(now)} THEN 'rejected' ELSE ${r.status} END`;
}

/** The columns of a request as the API reports it at `now`. */
export const requestColumns = (now: Instant) => ({
  id: r.id,
  slotId: r.slotId,
  courseId: r.courseId,
  courseTitle: r.courseTitle,
  educatorId: r.educatorId,
  educatorName: r.educatorName,
  studentId: r.studentId,
  studentName: r.studentName,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  message: r.message,
  status: requestStatusAt(now),
  meetingLink: r.meetingLink,
  rejectionReason: sql<
    string | null
  >`CASE WHEN ${expiredUndecided(now)} THEN ${SYSTEM_REASONS.expired} ELSE ${r.rejectionReason} END`,
  cancellationReason: r.cancellationReason,
  cancelledBy: r.cancelledBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  decidedAt: sql<string | null>`CASE WHEN ${expiredUndecided(now)} THEN ${r.startsAt} ELSE ${r.decidedAt} END`,
  attended: r.attended,
  replaces: r.replaces,
  replacedBy: r.replacedBy,
  reasonCode: sql<ReasonCode | null>`CASE WHEN ${expiredUndecided(now)} THEN 'expired' ELSE ${r.reasonCode} END`,
  gradeSync: gradeSyncOf,
});

/** A request as read for the rules: its view, and whether a move of it waits for the educator. */
export type RequestFacts = RequestView & { movePending: boolean };

/** Requests as the API reports them at `now`, with the facts the rules need; add `where` and `orderBy`. */
export function selectRequests(db: Database, now: Instant) {
  const move = alias(r, 'move');
  const movePending = sql<boolean>`EXISTS (SELECT 1 FROM session_requests AS move WHERE ${move.replaces} = session_requests.id
    AND ${awaitingDecision(now, move)})`.mapWith(Boolean);
  return db
    .select({ ...requestColumns(now), movePending })
    .from(r)
    .$dynamic();
}

export async function findRequestView(db: Database, id: string, now: string): Promise<RequestFacts | undefined> {
  return selectRequests(db, now).where(eq(r.id, id)).get();
}

// Correlated subqueries name their tables explicitly: drizzle renders a single-table select's
// columns unqualified, which would bind `id` to the inner table.

/** The slot (the `slots` row in scope) has an approved (or completed) session. */
export const slotIsBooked = sql`EXISTS (SELECT 1 FROM session_requests AS booking
  WHERE booking.slot_id = slots.id AND booking.status = 'approved')`;

/** A slot's status at `now`: booked with an approved (or completed) session, else past once started. */
export function slotStatusAt(now: Instant) {
  return sql<Slot['status']>`CASE WHEN ${slotIsBooked} THEN 'booked' WHEN ${s.startsAt} <= ${now} THEN 'past' ELSE 'open' END`;
}

const slotColumns = (now: Instant) => ({
  id: s.id,
  courseId: s.courseId,
  courseTitle: s.courseTitle,
  educatorId: s.educatorId,
  educatorName: s.educatorName,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  note: s.note,
  status: slotStatusAt(now),
  seriesId: s.seriesId,
  instant: s.instant,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

const pending = alias(r, 'pending');

/** The columns of a slot as its educator sees it at `now`, with the count of live pending requests. */
export const educatorSlotColumns = (now: Instant) => ({
  ...slotColumns(now),
  meetingLink: s.meetingLink,
  pendingCount: sql<number>`(SELECT count(*) FROM session_requests AS pending WHERE ${pending.slotId} = slots.id
    AND ${awaitingDecision(now, pending)})`.mapWith(Number),
});

/** Slots as their educator sees them. */
export function selectSlots(db: Database, now: Instant) {
  return db.select(educatorSlotColumns(now)).from(s).$dynamic();
}

/** The user (a value, a placeholder or a column) holds a pending or approved request for the slot in scope. */
const requestedBy = (userId: string | Placeholder | SQLWrapper) =>
  sql<boolean>`EXISTS (SELECT 1 FROM session_requests AS mine WHERE mine.slot_id = slots.id
    AND mine.student_id = ${userId} AND mine.status IN ('pending', 'approved'))`;

/** Slots as a course's students see them: no pending count, but whether the caller asked for it. */
export function selectCourseSlots(db: Database, now: Instant, userId: string | Placeholder) {
  return db
    .select({ ...slotColumns(now), requestedByMe: requestedBy(userId).mapWith(Boolean) })
    .from(s)
    .$dynamic();
}

/** The slot in scope as `userId` sees it in the course listing, as one JSON object computed in SQL. */
export function courseSlotJson(now: Instant, userId: SQLWrapper): SQL {
  const requestedByMe = sql`CASE WHEN ${requestedBy(userId)} THEN json('true') ELSE json('false') END`;
  return jsonObjectOf({ ...slotColumns(now), requestedByMe });
}

export async function findSlotView(db: Database, id: string, now: string): Promise<Slot | undefined> {
  return selectSlots(db, now).where(eq(s.id, id)).get();
}

/** A view's columns as one JSON object computed in SQL, keyed as the API reports them; booleans as JSON booleans. */
export function jsonObjectOf(columns: Record<string, SQLWrapper>): SQL {
  const pairs = Object.entries(columns).map(([key, value]) => {
    const json = is(value, Column) && value.dataType === 'boolean' ? asJsonBoolean(value) : value;
    return sql`${sql.raw(`'${key}'`)}, ${json}`;
  });
  return sql`json_object(${sql.join(pairs, sql`, `)})`;
}

const asJsonBoolean = (column: Column) =>
  sql`CASE WHEN ${column} IS NULL THEN json('null') WHEN ${column} THEN json('true') ELSE json('false') END`;
