// What is sent, and to whom (SPEC §14's table): which emails each outbox event calls for, and what each kind of
// email says. Another kind is one more entry here (its event, its recipients, its letter) and units in the catalog.
import type { CourseSlot, RequestView } from '@one-on-one/contract/resources';
import type { Party } from '@one-on-one/contract/vocabulary';
import type { InviteMethod } from './invite.ts';
import { leadTime, type Reader, reasonText, sessionTime, wordsOf } from './words.ts';

/** The kinds about a session request: the letter reads the request. */
export type RequestMailKind = 'request' | 'approved' | 'rejected' | 'expired' | 'cancelled' | 'reminder';
/** `opened`: a time opened for a student on the course's waitlist; the letter reads the slot. */
export type MailKind = RequestMailKind | 'opened';

/** One email an event calls for: its kind and the person it goes to. */
export interface PlannedMail {
  kind: MailKind;
  recipientId: string;
  role: Party;
}

/** An event as the planner reads it from the outbox. */
export interface MailEvent {
  type: string;
  payload: string;
  /** The student an event about the waitlist is for. */
  studentId?: string | null;
}

const toStudent = (kind: MailKind, request: RequestView): PlannedMail[] => [
  { kind, recipientId: request.studentId, role: 'student' },
];
const both = (kind: MailKind, request: RequestView): PlannedMail[] => [
  { kind, recipientId: request.studentId, role: 'student' },
  { kind, recipientId: request.educatorId, role: 'educator' },
];

/**
 * The emails an event calls for. Never to the person who acted, except the calendar messages, which both receive
 * so that both calendars follow: a new request goes to the educator, a booking and a cancellation after approval
 * to both, a rejection or an expiry to the student.
 */
export function mailsFor(event: MailEvent): PlannedMail[] {
  // The planner sends it only when the student still waits and had none about the course in the last hour.
  if (event.type === 'waitlist.opened') {
    return event.studentId ? [{ kind: 'opened', recipientId: event.studentId, role: 'student' }] : [];
  }
  if (!event.type.startsWith('request.')) return [];
  const request = JSON.parse(event.payload) as RequestView;
  switch (event.type) {
    case 'request.created':
      // A request for an instant slot is booked as it is made.
      return request.status === 'approved'
        ? both('approved', request)
        : [{ kind: 'request', recipientId: request.educatorId, role: 'educator' }];
    case 'request.approved':
      return both('approved', request);
    case 'request.rejected':
      return toStudent('rejected', request);
    case 'request.expired':
      return toStudent('expired', request);
    case 'request.cancelled':
      // Only a session that was approved (it has a meeting link) is in anyone's calendar, or news to the educator.
      return request.meetingLink ? both('cancelled', request) : [];
    case 'request.attendance':
      // The educator recorded it and the student was there (or was not): news to no one.
      return [];
    default:
      return [];
  }
}

/** What a letter is made from: the session, its reader and what the engine worked out for it. */
export interface LetterContext {
  request: RequestView;
  role: Party;
  reader: Reader;
  /** The recipient's part of the links: the decide page of a new request. */
  decideUrl?: string;
  /** Requests waiting for the educator's decision, this one included. */
  waiting?: number;
  leadMinutes?: number;
}

/** An email before its layout: a subject, paragraphs, labelled facts, buttons, and a calendar part. */
export interface Letter {
  subject: string;
  paragraphs: string[];
  facts: { label: string; value: string; href?: string }[];
  actions: { label: string; href: string; tone: 'primary' | 'danger' | 'plain' }[];
  invite?: InviteMethod;
  course: string;
}

/** The letter of `kind` for its reader: every sentence a whole message of the catalog, in their language. */
export function letterOf(kind: RequestMailKind, context: LetterContext): Letter {
  const { request, role, reader } = context;
  const words = wordsOf(reader);
  const student = request.studentName ?? words['someone.student']();
  const educator = request.educatorName ?? words['someone.educator']();
  const other = role === 'student' ? educator : student;
  const course = request.courseTitle ?? request.courseId;
  const when = sessionTime(reader, request.startsAt, request.endsAt);
  const whenFact = { label: words['label.when'](), value: when };
  const courseFact = { label: words['label.course'](), value: course };
  const reason = reasonText(reader, request.reasonCode, request.rejectionReason ?? request.cancellationReason);
  const reasonFacts = reason ? [{ label: words['label.reason'](), value: reason }] : [];
  const link = request.meetingLink;
  const linkFacts = link ? [{ label: words['label.meetingLink'](), value: link, href: link }] : [];
  const join = link ? [{ label: words['action.join'](), href: link, tone: 'primary' as const }] : [];
  const base = { course, facts: [whenFact, courseFact], actions: [] };
  switch (kind) {
    case 'request': {
      const decide = context.decideUrl ?? '';
      return {
        ...base,
        subject: words['request.subject']({ student, when }),
        paragraphs: [
          words['request.intro']({ student, course }),
          words['request.waiting']({ count: context.waiting ?? 1 }),
          words['request.decide'](),
        ],
        facts: [whenFact, courseFact, ...(request.message ? [{ label: words['label.message'](), value: request.message }] : [])],
        actions: [
          { label: words['action.approve'](), href: `${decide}#approve`, tone: 'primary' },
          { label: words['action.reject'](), href: `${decide}#reject`, tone: 'danger' },
        ],
      };
    }
    case 'approved':
      return {
        ...base,
        subject:
          role === 'student'
            ? words['approved.subject.student']({ when })
            : words['approved.subject.educator']({ student, when }),
        paragraphs: [
          role === 'student'
            ? words['approved.intro.student']({ educator, course })
            : words['approved.intro.educator']({ student, course }),
          words['calendar.added'](),
        ],
        facts: [whenFact, courseFact, ...linkFacts],
        actions: join,
        invite: 'REQUEST',
      };
    case 'rejected':
    case 'expired':
      return {
        ...base,
        subject: words[`${kind}.subject`]({ when }),
        paragraphs: [words[`${kind}.intro`]({ educator, course })],
        facts: [whenFact, courseFact, ...reasonFacts],
      };
    case 'cancelled':
      return {
        ...base,
        subject: words['cancelled.subject']({ when }),
        paragraphs: [
          words['cancelled.intro']({ actor: request.cancelledBy === role ? 'self' : 'other', other, course }),
          words['calendar.removed'](),
        ],
        facts: [whenFact, courseFact, ...reasonFacts],
        invite: 'CANCEL',
      };
    case 'reminder': {
      const lead = leadTime(reader, context.leadMinutes ?? 0);
      return {
        ...base,
        subject: words['reminder.subject']({ other, lead }),
        paragraphs: [words['reminder.intro']({ other, course, lead })],
        facts: [whenFact, courseFact, ...linkFacts],
        actions: join,
      };
    }
  }
}

/**
 * The letter telling a waiting student that `slot` opened: when, with whom, in which course, and where to book it
 * (the course's booking page: the tool does not know its address in the LMS).
 */
export function openedLetterOf(slot: CourseSlot, reader: Reader): Letter {
  const words = wordsOf(reader);
  const course = slot.courseTitle ?? slot.courseId;
  const educator = slot.educatorName ?? words['someone.educator']();
  const when = sessionTime(reader, slot.startsAt, slot.endsAt);
  return {
    course,
    subject: words['opened.subject']({ when }),
    paragraphs: [words['opened.intro']({ educator, course }), words['opened.book']({ course }), words['opened.limit']()],
    facts: [
      { label: words['label.when'](), value: when },
      { label: words['label.course'](), value: course },
    ],
    actions: [],
  };
}
