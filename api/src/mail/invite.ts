// The calendar part of an email (RFC 5546 iTIP over RFC 6047 iMIP): an invitation when a session is booked and its
// cancellation when it is called off after approval, with the UID `GET /api/session/calendar/:id` gives, so that
// Outlook, Gmail and Apple Calendar add, update and remove the same event.
import type { RequestView } from '@one-on-one/contract/resources';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { sessionUid } from '../domain/calendar.ts';

/** Who the event names: the educator organises, the student attends. An address may be unknown. */
export interface InviteParties {
  educator: { name: string; email: string | null };
  student: { name: string; email: string | null };
  /** The tool's own address, which organises in the educator's name when the educator's address is unknown. */
  sender: string;
}

export type InviteMethod = 'REQUEST' | 'CANCEL';

/**
 * The iCalendar text of an invitation (`METHOD:REQUEST`, SEQUENCE 0) or cancellation (`METHOD:CANCEL`, SEQUENCE 1)
 * of the session of `request`, with `summary` in the reader's language.
 */
export function sessionInvite(method: InviteMethod, request: RequestView, parties: InviteParties, summary: string, stamp: Date) {
  const cancelled = method === 'CANCEL';
  const calendar = ical({
    prodId: { company: 'One-on-one', product: 'sessions', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const { educator, student } = parties;
  calendar.createEvent({
    id: sessionUid(request.id),
    sequence: cancelled ? 1 : 0,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp,
    start: new Date(request.startsAt),
    end: new Date(request.endsAt),
    summary,
    description: request.meetingLink,
    location: request.meetingLink,
    url: request.meetingLink,
    organizer: { name: educator.name, email: educator.email ?? parties.sender },
    attendees: student.email
      ? [
          {
            name: student.name,
            email: student.email,
            role: ICalAttendeeRole.REQ,
            status: cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
          },
        ]
      : [],
  });
  return calendar.toString();
}
