// The resources as the API serves them, defined once: the API validates its responses and writes its
// OpenAPI document from these schemas, and the widgets take their types from them. Descriptions and
// formats are zod metadata, which the OpenAPI generator reads.
import { z } from 'zod';
import { parties, reasonCodes, requestActions, requestStatuses } from './vocabulary.ts';

export type { RequestStatus } from './vocabulary.ts';

const time = () => z.string().meta({ format: 'date-time' });
const optionalTime = (description?: string) => z.string().nullable().meta({ format: 'date-time', description });

const slotFields = {
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string().nullable(),
  educatorId: z.string(),
  educatorName: z.string().nullable(),
  startsAt: time(),
  endsAt: time(),
  note: z.string().nullable(),
  status: z.enum(['open', 'booked', 'past']),
  seriesId: z.string().nullable().meta({ description: 'The weekly series it belongs to, if any.' }),
  instant: z.boolean().meta({ description: 'A request for it is approved at once, with the meeting link.' }),
  createdAt: time(),
  updatedAt: time(),
};

/** A slot as its educator sees it. */
export const Slot = z.object({
  ...slotFields,
  pendingCount: z.number().int(),
  meetingLink: z.string().nullable().meta({ description: 'The link an instant booking gets.' }),
});
export type Slot = z.infer<typeof Slot>;

/** A slot as the students of its course see it. */
export const CourseSlot = z.object({ ...slotFields, requestedByMe: z.boolean() });
export type CourseSlot = z.infer<typeof CourseSlot>;

const requestFields = {
  id: z.string(),
  slotId: z.string(),
  courseId: z.string(),
  courseTitle: z.string().nullable(),
  educatorId: z.string(),
  educatorName: z.string().nullable(),
  studentId: z.string(),
  studentName: z.string().nullable(),
  startsAt: time(),
  endsAt: time(),
  message: z.string().nullable(),
  status: z.enum(requestStatuses),
  meetingLink: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  cancelledBy: z.enum(parties).nullable(),
  createdAt: time(),
  updatedAt: time(),
  decidedAt: optionalTime(),
  attended: z
    .boolean()
    .nullable()
    .meta({ description: 'Whether the student came, as the educator recorded it; null until then.' }),
  replaces: z.string().nullable().meta({ description: 'The request this one moves to another time, from the start.' }),
  replacedBy: z.string().nullable().meta({ description: 'The request that moved this one, once the move has taken effect.' }),
  reasonCode: z.enum(reasonCodes).nullable().meta({
    description:
      'Why the system wrote the reason (moved, another_booked, slot_removed, expired), for readers to word in their language; null when a person wrote it. The English text stays in rejectionReason or cancellationReason.',
  }),
  gradeSync: z.enum(['pending', 'sent', 'failed']).nullable().meta({
    description:
      "Whether the student's score after this attendance has reached the LMS gradebook: pending until it has, sent once it has, failed once the tool has given up (the LMS refused it for about a day and a half: enter the score in the LMS, or record the attendance again to try anew); null when the course has no gradebook (LTI Assignment and Grade Services) or no attendance is recorded.",
  }),
};

/** A request as stored and derived at a moment, before the caller's actions are added. */
export const RequestView = z.object(requestFields);
export type RequestView = z.infer<typeof RequestView>;

/** A session request as its student or educator sees it. */
export const SessionRequest = z.object({
  ...requestFields,
  actions: z.array(z.enum(requestActions)).meta({
    description: 'What the caller may do with the request now; show the buttons from this, not from the status.',
  }),
});
export type SessionRequest = z.infer<typeof SessionRequest>;

/** A course's booking rules in effect. */
export const Policy = z.object({
  courseId: z.string(),
  minNoticeMinutes: z.number().int(),
  maxDaysAhead: z.number().int(),
  cancelNoticeMinutes: z.number().int(),
  maxPendingPerStudent: z.number().int(),
  maxUpcomingPerStudent: z.number().int().nullable().meta({ description: 'null: no limit.' }),
  attendanceGoal: z.number().int().meta({
    description: "Sessions a student attends to complete the course's gradebook column (its maximum score in the LMS).",
  }),
  updatedAt: optionalTime('null until an educator sets the policy.'),
  updatedBy: z.string().nullable().meta({ description: "The educator's user id; null until set." }),
});
export type Policy = z.infer<typeof Policy>;

/** A student's wait for a time to open in a course: a slot starting in [from, to) is what they would take. */
export const WaitlistEntry = z.object({
  courseId: z.string(),
  from: time(),
  to: time(),
  createdAt: time(),
});
export type WaitlistEntry = z.infer<typeof WaitlistEntry>;

export const Course = z.object({
  id: z.string(),
  role: z.enum(['student', 'educator']),
  title: z.string().optional(),
});

/** The caller, from the token. */
export const Me = z.object({ id: z.string(), name: z.string().nullable(), courses: z.array(Course) });
export type Me = z.infer<typeof Me>;

/** Whether the caller gets email from the tool (SPEC §14): on unless they turned it off or unsubscribed. */
export const Notifications = z.object({ email: z.boolean() });
export type Notifications = z.infer<typeof Notifications>;

/** A page of a list: its items and the cursor of the next page, null on the last. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A member of a course, with their sessions in it (SPEC §15: the roster). */
export const RosterMember = z.object({
  userId: z.string().meta({ description: "The tool's user id (the platform's prefix and the LMS user id)." }),
  name: z.string().nullable(),
  email: z.string().optional().meta({ description: 'From the roster service; shown to the course educators only.' }),
  role: z.enum(['student', 'educator', 'other']),
  upcoming: z.number().int().meta({ description: 'Approved sessions in the course that have not started.' }),
  attended: z.number().int().meta({ description: 'Sessions in the course marked attended.' }),
  missed: z.number().int().meta({ description: 'Sessions in the course marked missed.' }),
});
export type RosterMember = z.infer<typeof RosterMember>;

/** A page of a course's roster, by name. */
export const Roster = z.object({
  items: z.array(RosterMember),
  nextCursor: z.string().nullable(),
  source: z.enum(['lti', 'none']).meta({
    description:
      'lti: read from the LMS roster service; none: the course has no roster service, so these are the users the tool has seen.',
  }),
  readAt: optionalTime('When the roster was last read from the LMS; null when it never was.'),
});
export type Roster = z.infer<typeof Roster>;

/** A course's sessions counted over a window (SPEC §15: reports). */
export const CourseStats = z.object({
  requested: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  expired: z.number().int(),
  cancelled: z.number().int(),
  completed: z.number().int(),
  attended: z.number().int(),
  missed: z.number().int(),
  attendanceRate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .meta({ description: 'attended ÷ (attended + missed); null when none is recorded.' }),
  medianHoursToDecision: z
    .number()
    .nullable()
    .meta({ description: 'The median of decidedAt − createdAt in hours over decided requests; null when none.' }),
  byEducator: z.array(
    z.object({
      educatorId: z.string(),
      educatorName: z.string().nullable(),
      approved: z.number().int(),
      attended: z.number().int(),
    }),
  ),
});
export type CourseStats = z.infer<typeof CourseStats>;
