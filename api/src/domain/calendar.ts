// The RFC 5545 calendar entries of sessions: one session's file, and a user's feed of them. One event builder
// serves both, so a session has the same UID and the same description wherever a calendar gets it.

import type { RequestView } from '@one-on-one/contract/resources';
import ical, { type ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DomainError } from './errors.ts';

/** What a calendar entry says of a session. */
export type CalendarSession = Pick<
  RequestView,
  | 'id'
  | 'status'
  | 'meetingLink'
  | 'studentId'
  | 'studentName'
  | 'educatorName'
  | 'courseId'
  | 'courseTitle'
  | 'startsAt'
  | 'endsAt'
  | 'message'
  | 'cancellationReason'
  | 'updatedAt'
>;

/** A cancelled request that had been approved: only those had a meeting link. */
const cancelledAfterApproval = (session: CalendarSession) => session.status === 'cancelled' && session.meetingLink !== null;

/** Approved or completed sessions, and those cancelled after approval, have a calendar entry. */
export const hasCalendarEntry = (session: CalendarSession) =>
  session.status === 'approved' || session.status === 'completed' || cancelledAfterApproval(session);

/** The UID of a session's event: the request's, so every file and feed describes the same event. */
export const sessionUid = (requestId: string) => `${requestId}@one-on-one`;

const newCalendar = (options: Parameters<typeof ical>[0] = {}) =>
  ical({ prodId: { company: 'One-on-one', product: 'sessions', language: 'EN' }, ...options });

/**
 * Adds the session's event to `calendar`, worded for `viewerId` (named after the other person). One cancelled
 * after approval is `STATUS:CANCELLED` with a higher `SEQUENCE`, so calendars that had it update it.
 */
export function addSessionEvent(calendar: ICalCalendar, session: CalendarSession, viewerId: string): void {
  const cancelled = cancelledAfterApproval(session);
  const other = viewerId === session.studentId ? session.educatorName : session.studentName;
  const course = session.courseTitle ?? session.courseId;
  calendar.createEvent({
    id: sessionUid(session.id),
    sequence: cancelled ? 1 : 0,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: new Date(session.updatedAt),
    start: new Date(session.startsAt),
    end: new Date(session.endsAt),
    summary: other ? `One-on-one: ${course} with ${other}` : `One-on-one: ${course}`,
    description: cancelled && session.cancellationReason ? `Cancelled: ${session.cancellationReason}` : session.message,
    location: session.meetingLink,
    url: session.meetingLink,
  });
}

/** The `.ics` of one session for its student or educator; a session without an entry is `invalid_state`. */
export function sessionCalendar(session: CalendarSession, viewerId: string): string {
  if (!hasCalendarEntry(session)) {
    throw new DomainError('invalid_state', 'Only an approved session, or one cancelled after approval, has a calendar entry.');
  }
  const calendar = newCalendar({
    method: cancelledAfterApproval(session) ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  addSessionEvent(calendar, session, viewerId);
  return calendar.toString();
}

/** How often a subscribed calendar app is asked to look again, in seconds. */
export const FEED_REFRESH_SECONDS = 3600;

/**
 * A user's feed: each of `sessions` worded for `ownerId`. It has no `METHOD` (a subscription is not a scheduling
 * message); cancelled sessions stay in it as `STATUS:CANCELLED`, so a subscribed calendar removes them.
 */
export function feedCalendar(sessions: CalendarSession[], ownerId: string): string {
  const calendar = newCalendar({ name: 'One-on-one sessions', ttl: FEED_REFRESH_SECONDS });
  for (const session of sessions) addSessionEvent(calendar, session, ownerId);
  return calendar.toString();
}
