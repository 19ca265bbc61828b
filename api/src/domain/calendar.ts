// The RFC 5545 calendar file of a session, for its student and educator.

import type { SessionRequest } from '@one-on-one/contract/resources';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DomainError } from './errors.ts';
import type { User } from './identity.ts';

/** The UID of a session's calendar event: every download, invitation and cancellation of it names the same event. */
export const sessionUid = (requestId: string) => `${requestId}@one-on-one`;

/**
 * The `.ics` of an approved or completed session, or of one cancelled after approval
 * (`STATUS:CANCELLED` with a higher `SEQUENCE`, so calendars that imported it update).
 * The UID is the request's, so every download describes the same event.
 */
export function sessionCalendar(request: SessionRequest, viewer: User): string {
  const cancelled = request.status === 'cancelled' && request.meetingLink !== null;
  if (!cancelled && request.status !== 'approved' && request.status !== 'completed') {
    throw new DomainError('invalid_state', 'Only an approved session, or one cancelled after approval, has a calendar entry.');
  }
  const other = viewer.id === request.studentId ? request.educatorName : request.studentName;
  const course = request.courseTitle ?? request.courseId;
  const calendar = ical({
    prodId: { company: 'One-on-one', product: 'sessions', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: sessionUid(request.id),
    sequence: cancelled ? 1 : 0,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: new Date(request.updatedAt),
    start: new Date(request.startsAt),
    end: new Date(request.endsAt),
    summary: other ? `One-on-one: ${course} with ${other}` : `One-on-one: ${course}`,
    description: cancelled && request.cancellationReason ? `Cancelled: ${request.cancellationReason}` : request.message,
    location: request.meetingLink,
    url: request.meetingLink,
  });
  return calendar.toString();
}
