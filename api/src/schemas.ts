// The contract as zod schemas: request bodies, params, queries and resources. They validate,
// type the domain, and generate the OpenAPI document.
import { z } from '@hono/zod-openapi';
import type * as inputs from '@one-on-one/contract/inputs';
import * as resources from '@one-on-one/contract/resources';
import { requestStatuses } from '@one-on-one/contract/vocabulary';
import { BREAK_MINUTES, POLICY_RANGES, SLOT_MINUTES, TEXT_LIMITS } from './domain/limits.ts';
import { DEFAULT_PAGE_SIZE, decodeCursor, MAX_PAGE_SIZE } from './domain/pages.ts';
import { REPORT_DAYS_AHEAD, REPORT_DAYS_BACK } from './domain/reports/window.ts';

const id = z.string().min(1).max(128);

/** An ISO 8601 time with `Z` or an offset, normalised to UTC with milliseconds. */
const instant = z.iso
  .datetime({ offset: true, message: 'Expected an ISO 8601 time with Z or an offset' })
  .transform((value, ctx) => {
    // Stored times compare as text, so they keep the four-digit-year form.
    const iso = new Date(value).toISOString();
    if (/^\d{4}-/.test(iso)) return iso;
    ctx.issues.push({ code: 'custom', message: 'Expected a time between the years 0000 and 9999', input: value });
    return z.NEVER;
  })
  .openapi({ type: 'string', format: 'date-time', example: '2026-12-01T15:00:00.000Z' });

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((value) => (value?.trim() ? value.trim() : null));

/** A required free-text reason: trimmed first, blank counts as missing. */
const reason = z.string().trim().min(1, 'Required').max(TEXT_LIMITS.reason);

/** Absolute https: URL; every other scheme (javascript:, data:, http:) is refused. */
export const meetingLink = z
  .string()
  .max(TEXT_LIMITS.meetingLink)
  // A plain ECMA-262 pattern, no flags: it reaches the OpenAPI document as it is, and clients check with it.
  .regex(/^[Hh][Tt][Tt][Pp][Ss]:\/\/\S+$/, 'Must be an absolute https: URL')
  .refine((value) => URL.canParse(value) && new URL(value).hostname !== '', 'Must be an absolute https: URL')
  .openapi({ format: 'uri', example: 'https://meet.example.com/abc-defg-hij' });

// ---- inputs

export const SlotIdParam = z.object({ slotId: id.openapi({ param: { name: 'slotId', in: 'path' } }) });
export const RequestIdParam = z.object({ requestId: id.openapi({ param: { name: 'requestId', in: 'path' } }) });
export const CourseIdParam = z.object({ courseId: id.openapi({ param: { name: 'courseId', in: 'path' } }) });

const window = { from: instant.optional(), to: instant.optional() };
const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from < q.to;
const fromBeforeToIssue = { message: 'Must be after from', path: ['to'] };

/** `limit` and `cursor`, taken by every list. */
export const paging = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `Items per page, 1–${MAX_PAGE_SIZE}.` }),
  cursor: z
    .string()
    .max(1024)
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (cursor) return cursor;
      ctx.issues.push({
        code: 'custom',
        message: 'Not a cursor of this list: pass the nextCursor of the previous page',
        input: text,
      });
      return z.NEVER;
    })
    .optional()
    .openapi({ type: 'string', description: 'The `nextCursor` of the previous page.' }),
};
const status = z.enum(requestStatuses).optional();

export const EducatorSlotsQuery = z
  .strictObject({ courseId: id.optional(), ...window, ...paging })
  .refine(fromBeforeTo, fromBeforeToIssue);
export const CourseSlotsQuery = z.strictObject({ ...window, ...paging }).refine(fromBeforeTo, fromBeforeToIssue);
export const MyRequestsQuery = z.strictObject({ status, ...paging });
export const EducatorRequestsQuery = z
  .strictObject({
    status,
    courseId: id.optional(),
    ...window,
    order: z.enum(['asc', 'desc']).optional().openapi({
      description:
        'By session start, the earliest first (`asc`, the default) or the latest first (`desc`: the past, most recent first).',
    }),
    ...paging,
  })
  .refine(fromBeforeTo, fromBeforeToIssue);
/** A course report's window: sessions overlapping [from, to), at most MAX_REPORT_DAYS long. */
export const ReportQuery = z
  .strictObject({
    from: instant.optional().openapi({ description: `Default: ${REPORT_DAYS_BACK} days before now.` }),
    to: instant.optional().openapi({ description: `Default: ${REPORT_DAYS_AHEAD} days after now.` }),
  })
  .refine(fromBeforeTo, fromBeforeToIssue);

/** An instant slot books at once, so it needs the link the booking gets. */
const instantHasLink = (body: { instant?: boolean; meetingLink?: string }) => !body.instant || Boolean(body.meetingLink);
const instantHasLinkIssue = { message: 'Required for an instant slot', path: ['meetingLink'] };

export const CreateSlotBody = z
  .strictObject({
    courseId: id,
    startsAt: instant,
    endsAt: instant,
    note: optionalText(TEXT_LIMITS.note).optional(),
    meetingLink: meetingLink.optional(),
    instant: z.boolean().optional(),
  })
  .refine(instantHasLink, instantHasLinkIssue)
  .openapi('CreateSlot');
CreateSlotBody satisfies z.ZodType<inputs.CreateSlotInput>;

/** A calendar date, `YYYY-MM-DD`. */
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'Not a calendar date')
  .openapi({ format: 'date', example: '2026-12-07' });
/** A wall-clock time, `HH:MM`. */
const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM')
  .openapi({ example: '14:00' });
const timeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'Expected an IANA time zone such as Europe/Berlin')
  .openapi({ example: 'Europe/Berlin' });

export const SeriesBody = z
  .strictObject({
    courseId: id,
    timeZone,
    from: localDate,
    until: localDate,
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .openapi({ description: 'ISO weekdays: 1 is Monday, 7 Sunday.' }),
    startTime: localTime,
    endTime: localTime,
    slotMinutes: z.number().int().min(SLOT_MINUTES.min).max(SLOT_MINUTES.max),
    breakMinutes: z.number().int().min(BREAK_MINUTES.min).max(BREAK_MINUTES.max).default(0),
    note: optionalText(TEXT_LIMITS.note).optional(),
    meetingLink: meetingLink.optional(),
    instant: z.boolean().optional(),
  })
  .refine((body) => body.until >= body.from, { message: 'Must not be before from', path: ['until'] })
  .refine((body) => body.endTime > body.startTime, { message: 'Must be after startTime', path: ['endTime'] })
  .refine(instantHasLink, instantHasLinkIssue)
  .openapi('CreateSeries');
SeriesBody satisfies z.ZodType<inputs.SeriesInput>;

export const SeriesIdParam = z.object({ seriesId: id.openapi({ param: { name: 'seriesId', in: 'path' } }) });

export const UpdateSlotBody = z
  .strictObject({ startsAt: instant.optional(), endsAt: instant.optional(), note: optionalText(TEXT_LIMITS.note).optional() })
  .refine((body) => Object.keys(body).length > 0, 'Give at least one of startsAt, endsAt, note')
  .openapi('UpdateSlot');
UpdateSlotBody satisfies z.ZodType<inputs.UpdateSlotInput>;

export const RequestSlotBody = z
  .strictObject({ slotId: id, message: optionalText(TEXT_LIMITS.message).optional() })
  .openapi('RequestSlot');
RequestSlotBody satisfies z.ZodType<inputs.RequestSlotInput>;

export const RescheduleBody = z
  .strictObject({ slotId: id, message: optionalText(TEXT_LIMITS.message).optional() })
  .openapi('Reschedule');
RescheduleBody satisfies z.ZodType<inputs.RescheduleInput>;

export const ApproveBody = z.strictObject({ meetingLink }).openapi('Approve');
export const RejectBody = z.strictObject({ reason }).openapi('Reject');
export const AttendanceBody = z.strictObject({ attended: z.boolean() }).openapi('Attendance');

export const WaitlistBody = z
  .strictObject({
    from: instant.optional().openapi({ description: "Default: now plus the course's minimum notice." }),
    to: instant.optional().openapi({ description: "Default: the end of the course's booking window (maxDaysAhead)." }),
  })
  .refine(fromBeforeTo, fromBeforeToIssue)
  .openapi('WaitlistWindow');
WaitlistBody satisfies z.ZodType<inputs.WaitlistInput>;

const policyField = (range: { min: number; max: number }, description: string) =>
  z
    .number()
    .int()
    .min(range.min)
    .max(range.max)
    .nullable()
    .optional()
    .openapi({ description: `${description} ${range.min}–${range.max}; null: the default.` });

export const PolicyBody = z
  .strictObject({
    minNoticeMinutes: policyField(
      POLICY_RANGES.minNoticeMinutes,
      'A slot can be requested only if it starts at least this far ahead.',
    ),
    maxDaysAhead: policyField(POLICY_RANGES.maxDaysAhead, 'How far ahead students see and request slots.'),
    cancelNoticeMinutes: policyField(
      POLICY_RANGES.cancelNoticeMinutes,
      'A student cannot cancel or move an approved session that starts sooner.',
    ),
    maxPendingPerStudent: policyField(POLICY_RANGES.maxPendingPerStudent, 'Pending requests one student may hold in the course.'),
    maxUpcomingPerStudent: policyField(
      POLICY_RANGES.maxUpcomingPerStudent,
      'Pending and approved upcoming sessions one student may hold.',
    ),
    attendanceGoal: policyField(
      POLICY_RANGES.attendanceGoal,
      "Sessions a student attends to complete the course's gradebook column (its maximum score in the LMS).",
    ),
  })
  .openapi('PolicyChange');

export const CancelBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .max(TEXT_LIMITS.reason)
      .optional()
      .transform((value) => value || undefined),
  })
  .openapi('Cancel');

// ---- resources, defined in the contract package and named here for the OpenAPI document

// (Rebuilt from their shapes: a zod schema made before the OpenAPI extension loaded lacks `.openapi`.) Strict, so
// the document says `additionalProperties: false`: a client may rely on every field being listed.
const named = <T extends z.ZodRawShape>(schema: z.ZodObject<T>, name: string, description?: string) =>
  z.strictObject(schema.shape).openapi(name, description ? { description } : {});

export const Slot = named(resources.Slot, 'Slot', 'A slot as its educator sees it.');
export const CourseSlot = named(resources.CourseSlot, 'CourseSlot', 'A slot as the students of its course see it.');
export const SessionRequest = named(resources.SessionRequest, 'SessionRequest');
export const Me = named(resources.Me, 'Me');
export const Policy = named(resources.Policy, 'Policy');
export const WaitlistEntry = named(
  resources.WaitlistEntry,
  'WaitlistEntry',
  "A student's wait for a time to open in a course: slots starting in [from, to).",
);
export const Notifications = named(
  resources.Notifications,
  'Notifications',
  'Whether the tool emails you (SPEC §14); an unsubscribe link in any email turns it off.',
);
export const CourseStats = named(
  resources.CourseStats,
  'CourseStats',
  "A course's requests whose session overlaps a window, counted (SPEC §15).",
);
export type Slot = resources.Slot;
export type CourseSlot = resources.CourseSlot;
export type SessionRequest = resources.SessionRequest;
export type { RequestStatus, RequestView } from '@one-on-one/contract/resources';

export const CalendarFeed = z
  .strictObject({
    url: z.string().openapi({
      format: 'uri',
      description: 'The feed, `https:` (or `http:`) as served; calendar apps also take it with `webcal:` in place of the scheme.',
    }),
  })
  .openapi('CalendarFeed');

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** A 401's problem, which says why the token was refused (SPEC §16). */
export const Unauthenticated = Problem.extend({
  reason: z.enum(['expired', 'invalid', 'missing']).openapi({
    description:
      '`expired`: the token was valid and has expired, so a fresh one helps. `invalid`: the token is malformed, signed ' +
      'with another key (check `AUTH_SECRET`), lacks a claim or is not valid yet. `missing`: no bearer token was sent.',
  }),
}).openapi('Unauthenticated');

/** A page of a list: its items and the cursor of the next page, null on the last. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
