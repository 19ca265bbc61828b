// The database schema: slots, session requests and the outbox of change events.
import { parties } from '@one-on-one/contract/vocabulary';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Stored request states; `completed` and the expired `pending` are derived when read. */
export const storedRequestStatuses = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type StoredRequestStatus = (typeof storedRequestStatuses)[number];

/**
 * An educator's availability. Times are ISO 8601 UTC strings with milliseconds, so they
 * compare correctly as text. Deleted slots stay (requests keep pointing at them).
 * `op` names the last write that touched the row, so the later statements of one atomic
 * batch can tell whether its first, conditional statement took effect.
 */
export const slots = sqliteTable(
  'slots',
  {
    id: text('id').primaryKey(),
    courseId: text('course_id').notNull(),
    courseTitle: text('course_title'),
    educatorId: text('educator_id').notNull(),
    educatorName: text('educator_name'),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    note: text('note'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
    /** The weekly series it was published in, if any. */
    seriesId: text('series_id'),
    /** A request for it is approved at once, with `meetingLink`. */
    instant: integer('instant', { mode: 'boolean' }).notNull().default(false),
    /** The link an instant booking gets; only the slot's educator sees it on the slot. */
    meetingLink: text('meeting_link'),
    op: text('op').notNull(),
  },
  // Every list reads its page straight from one of these, in its order, live slots only. An educator's list starts
  // its range a longest slot before the window, for the slots in progress: `ends_at` in the index rejects those that
  // have ended without reading their rows.
  (t) => [
    index('slots_course_start').on(t.courseId, t.startsAt, t.id).where(sql`deleted_at IS NULL`),
    index('slots_educator_start_end').on(t.educatorId, t.startsAt, t.id, t.endsAt).where(sql`deleted_at IS NULL`),
    index('slots_educator_course_start_end')
      .on(t.educatorId, t.courseId, t.startsAt, t.id, t.endsAt)
      .where(sql`deleted_at IS NULL`),
    index('slots_series').on(t.seriesId).where(sql`series_id IS NOT NULL`),
  ],
);

/**
 * The sessions a calendar shows: approved (completed ones included) and cancelled after approval, which is when a
 * cancelled request has a meeting link. Queries that read the calendar indexes repeat this very condition.
 */
export const inCalendar = sql`status = 'approved' OR (status = 'cancelled' AND meeting_link IS NOT NULL)`;

/** A student's request for a slot. Names, titles and times are copied from the slot. */
export const sessionRequests = sqliteTable(
  'session_requests',
  {
    id: text('id').primaryKey(),
    slotId: text('slot_id')
      .notNull()
      .references(() => slots.id),
    courseId: text('course_id').notNull(),
    courseTitle: text('course_title'),
    educatorId: text('educator_id').notNull(),
    educatorName: text('educator_name'),
    studentId: text('student_id').notNull(),
    studentName: text('student_name'),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    message: text('message'),
    status: text('status', { enum: storedRequestStatuses }).notNull(),
    meetingLink: text('meeting_link'),
    rejectionReason: text('rejection_reason'),
    cancellationReason: text('cancellation_reason'),
    cancelledBy: text('cancelled_by', { enum: parties }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    decidedAt: text('decided_at'),
    /** Whether the student came, as the educator recorded it once the session started; null until then. */
    attended: integer('attended', { mode: 'boolean' }),
    /** The request this one moves (set from the start); the original gets `replacedBy` once the move takes effect. */
    replaces: text('replaces'),
    replacedBy: text('replaced_by'),
    /** Why the system wrote the reason (SPEC §17); null when a person wrote it. `expired` is derived, never stored. */
    reasonCode: text('reason_code', { enum: ['moved', 'another_booked', 'slot_removed'] }),
    /** When the expiry sweep recorded `request.expired` for this pending request whose start passed; null until then. */
    expiryRecordedAt: text('expiry_recorded_at'),
    /**
     * The student's grade mark in the course (`lti_grade_posts.mark`) that recording this attendance made; null when
     * the course had no gradebook then. Its score has reached the LMS once the row's `sent_mark` is at least this.
     */
    gradeMark: integer('grade_mark'),
    op: text('op').notNull(),
  },
  // The lists read their pages straight from these, in their order, for every filter.
  (t) => [
    index('requests_student_created').on(t.studentId, t.createdAt, t.id),
    index('requests_student_status_created').on(t.studentId, t.status, t.createdAt, t.id),
    index('requests_student_course_status').on(t.studentId, t.courseId, t.status),
    index('requests_educator_start').on(t.educatorId, t.startsAt, t.id),
    index('requests_educator_status_start').on(t.educatorId, t.status, t.startsAt, t.id),
    index('requests_educator_course_start').on(t.educatorId, t.courseId, t.startsAt, t.id),
    index('requests_educator_course_status_start').on(t.educatorId, t.courseId, t.status, t.startsAt, t.id),
    index('requests_slot_status').on(t.slotId, t.status),
    // The database itself refuses a second approved request for one slot.
    uniqueIndex('requests_one_approved_per_slot').on(t.slotId).where(sql`status = 'approved'`),
    // ...and a second active request of one student for one slot.
    uniqueIndex('requests_one_active_per_student_slot').on(t.slotId, t.studentId).where(sql`status IN ('pending', 'approved')`),
    // ...and a second pending move of one request.
    uniqueIndex('requests_one_pending_move').on(t.replaces).where(sql`status = 'pending' AND replaces IS NOT NULL`),
    // A calendar feed reads its sessions, per role, straight from these: only those a calendar shows.
    index('requests_student_calendar').on(t.studentId, t.startsAt, t.id).where(inCalendar),
    index('requests_educator_calendar').on(t.educatorId, t.startsAt, t.id).where(inCalendar),
    // The expiry sweep reads the pending requests it has not recorded yet, by start time.
    index('requests_expiry_unrecorded').on(t.startsAt).where(sql`status = 'pending' AND expiry_recorded_at IS NULL`),
    // A course's roster counts each member's sessions, and gathers its students, from this alone.
    index('requests_course_student').on(t.courseId, t.studentId, t.status, t.attended, t.startsAt),
    // A course's reports: the CSV export walks it by (start, id); the statistics count from it alone, every column
    // they read being in it, so a window of the course is one range of this index and never a table row.
    index('requests_course_report').on(
      t.courseId,
      t.startsAt,
      t.id,
      t.endsAt,
      t.status,
      t.attended,
      t.educatorId,
      t.createdAt,
      t.decidedAt,
    ),
  ],
);

/**
 * Every change writes one row here in the same batch; the id orders the events. `payload` is the
 * resource as it was right after the change (a request as its student and educator see it, a slot as
 * its educator does), so streams and webhooks deliver what happened rather than what is now.
 * `requestedBy` (slot events) lists the students with an active request for the slot then, from which
 * a student's `requestedByMe` follows without a query per stream.
 */
export const outbox = sqliteTable('outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  type: text('type').notNull(),
  slotId: text('slot_id').notNull(),
  requestId: text('request_id'),
  courseId: text('course_id').notNull(),
  educatorId: text('educator_id').notNull(),
  studentId: text('student_id'),
  createdAt: text('created_at').notNull(),
  payload: text('payload').notNull().default('{}'),
  requestedBy: text('requested_by').notNull().default('[]'),
});

/**
 * Where webhook delivery stands: one row. Events go out one at a time in outbox order; a failed one
 * is retried with backoff before any later one, and the lease keeps two processes from sending it at once.
 */
export const webhookState = sqliteTable('webhook_state', {
  id: integer('id').primaryKey(),
  deliveredUpTo: integer('delivered_up_to').notNull(),
  attempts: integer('attempts').notNull(),
  nextAttemptAt: text('next_attempt_at'),
  leaseOwner: text('lease_owner'),
  leaseUntil: text('lease_until'),
  lastError: text('last_error'),
});

/**
 * A course's booking rules as its educators set them; a null column falls back to the deployment's default
 * (the environment). One row per course, made on its first change.
 */
export const coursePolicies = sqliteTable('course_policies', {
  courseId: text('course_id').primaryKey(),
  minNoticeMinutes: integer('min_notice_minutes'),
  maxDaysAhead: integer('max_days_ahead'),
  cancelNoticeMinutes: integer('cancel_notice_minutes'),
  maxPendingPerStudent: integer('max_pending_per_student'),
  maxUpcomingPerStudent: integer('max_upcoming_per_student'),
  attendanceGoal: integer('attendance_goal'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** The tool's RS256 signing key for LTI 1.3 (SPEC §13): one row, made at first start unless LTI_PRIVATE_KEY is set. */
export const ltiKeys = sqliteTable('lti_keys', {
  id: integer('id').primaryKey(),
  kid: text('kid').notNull(),
  /** PKCS#8 PEM. */
  privateKey: text('private_key').notNull(),
  createdAt: text('created_at').notNull(),
});

/** An LMS registered with the tool, dynamically or by `npm run lti:add`. `id` is the tool's own, without `:`. */
export const ltiPlatforms = sqliteTable(
  'lti_platforms',
  {
    id: text('id').primaryKey(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    authUrl: text('auth_url').notNull(),
    tokenUrl: text('token_url').notNull(),
    jwksUrl: text('jwks_url').notNull(),
    /** The platform's `authorization_server`, when its configuration names one: the audience of a client assertion. */
    authServer: text('auth_server'),
    /** The product the platform says it is (`moodle`, `canvas`, …), when it says. */
    product: text('product'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('lti_platforms_issuer_client').on(t.issuer, t.clientId)],
);

/** The deployments of a platform the tool accepts launches from. */
export const ltiDeployments = sqliteTable(
  'lti_deployments',
  {
    platformId: text('platform_id').notNull(),
    deploymentId: text('deployment_id').notNull(),
  },
  (t) => [uniqueIndex('lti_deployments_platform_deployment').on(t.platformId, t.deploymentId)],
);

/**
 * A login's nonce that a platform-signed launch has spent: a replay finds it here. A login itself stores nothing
 * (its state and nonce are signed by the tool); a nonce is kept until its login would have expired anyway.
 */
export const ltiNonces = sqliteTable(
  'lti_nonces',
  {
    nonce: text('nonce').primaryKey(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('lti_nonces_expires_at').on(t.expiresAt)],
);

/**
 * A verified launch. The tool page holds `handle` (only its SHA-256 is stored) and trades it at `/lti/token`
 * for widget tokens while the launch is young. A deep-linking launch keeps what its response needs.
 */
export const ltiLaunches = sqliteTable('lti_launches', {
  handleHash: text('handle_hash').primaryKey(),
  platformId: text('platform_id').notNull(),
  deploymentId: text('deployment_id').notNull(),
  kind: text('kind', { enum: ['resource', 'deep_linking'] }).notNull(),
  userId: text('user_id').notNull(),
  name: text('name'),
  courseId: text('course_id').notNull(),
  courseTitle: text('course_title'),
  role: text('role', { enum: ['student', 'educator'] }).notNull(),
  deepLinkReturnUrl: text('deep_link_return_url'),
  deepLinkData: text('deep_link_data'),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/**
 * The LTI Advantage services of a course (SPEC §15), as the latest launch in it named them: the roster (NRPS) and
 * the gradebook (AGS) URLs and the AGS scopes the platform grants there. A claim a launch lacks or malforms leaves
 * what an earlier launch gave.
 */
export const ltiCourseServices = sqliteTable('lti_course_services', {
  courseId: text('course_id').primaryKey(),
  platformId: text('platform_id').notNull(),
  membershipsUrl: text('memberships_url'),
  lineItemsUrl: text('line_items_url'),
  lineItemUrl: text('line_item_url'),
  /** The AGS scopes of the latest AGS claim, space-separated. */
  agsScopes: text('ags_scopes'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * A course's gradebook column (SPEC §15), found again by its `resourceId` or created once: its URL and the maximum
 * score it was last given. A process finds or creates it, or changes its maximum, only while it holds the lease, so
 * two processes never both create one.
 */
export const ltiLineItems = sqliteTable('lti_line_items', {
  courseId: text('course_id').primaryKey(),
  /** The line item's URL (its `id`); null until found or created. */
  url: text('url'),
  scoreMaximum: integer('score_maximum'),
  leaseOwner: text('lease_owner'),
  leaseUntil: text('lease_until'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * The scores to post (SPEC §15), an outbox of one row per student of a gradebook course: each attendance change (and
 * each change of the course's goal) raises `mark`; a post reads the count when it is sent and, once the platform took
 * it, records the mark it covered in `sentMark`. Pending while `mark > sentMark`; failures wait with backoff.
 */
export const ltiGradePosts = sqliteTable(
  'lti_grade_posts',
  {
    courseId: text('course_id').notNull(),
    studentId: text('student_id').notNull(),
    mark: integer('mark').notNull(),
    sentMark: integer('sent_mark').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    /** When the next post may go; null once it gave up (a new mark starts again). */
    nextAttemptAt: text('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: text('lease_until'),
    lastError: text('last_error'),
    /** Marks the row a successful post updated, for the events of that same batch. */
    op: text('op'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.studentId] }),
    // The posts that are due, read straight from here in the order they fell due.
    index('lti_grade_posts_due').on(t.nextAttemptAt).where(sql`mark > sent_mark`),
  ],
);

/** A user met in a launch: their platform and the platform's own id for them (the `sub` scores are posted for). */
export const ltiUsers = sqliteTable('lti_users', {
  userId: text('user_id').primaryKey(),
  platformId: text('platform_id').notNull(),
  sub: text('sub').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * A user's calendar feed (`/calendar/<secret>.ics`). The secret is an HMAC under AUTH_SECRET of the user and
 * `nonce` (128 random bits), so the same URL comes back on every read; only its SHA-256 is stored, by which a
 * feed request finds its owner. Deleting the row revokes the URL.
 */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    userId: text('user_id').primaryKey(),
    nonce: text('nonce').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('calendar_feeds_secret_hash').on(t.secretHash)],
);

/**
 * A student waiting for a time to open in a course: slots starting in [window_from, window_to) are what they
 * would take. The entry goes when they leave, request a session in the course, or once the window has ended.
 */
export const waitlistEntries = sqliteTable(
  'waitlist_entries',
  {
    courseId: text('course_id').notNull(),
    studentId: text('student_id').notNull(),
    windowFrom: text('window_from').notNull(),
    windowTo: text('window_to').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** When a `waitlist.opened` event last told the student of a time. */
    notifiedAt: text('notified_at'),
    /** When an email last told them (at most one an hour, per course). */
    emailedAt: text('emailed_at'),
  },
  // The announcement walks a course's entries by student; the sweep finds ended windows.
  (t) => [primaryKey({ columns: [t.courseId, t.studentId] }), index('waitlist_window_to').on(t.windowTo)],
);

/**
 * Slots a change made requestable (created, reopened, moved), queued in the change's own batch when someone
 * waits in the course; a background step tells the waiting students a batch at a time, then removes the change's
 * rows. The first row of a change holds how far its announcement has got.
 */
export const slotOpenings = sqliteTable(
  'slot_openings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The write that opened the slots (its `op`): one announcement per change and student. */
    change: text('change').notNull(),
    slotId: text('slot_id').notNull(),
    courseId: text('course_id').notNull(),
    startsAt: text('starts_at').notNull(),
    /** The slot's start before its time changed: a window that held it was told of the slot then. */
    previousStartsAt: text('previous_starts_at'),
    createdAt: text('created_at').notNull(),
    /** The last waiting student (by id) told of the change, and whether all have been. */
    announcedUpTo: text('announced_up_to').notNull().default(''),
    announced: integer('announced', { mode: 'boolean' }).notNull().default(false),
    /** The announcing step that last claimed the change. */
    claim: text('claim'),
  },
  (t) => [index('slot_openings_change_start').on(t.change, t.startsAt)],
);

/**
 * How to reach a user (SPEC §14): the latest address, locale, time zone and name their token or LTI launch gave,
 * and whether they want email. A claim a token leaves out keeps what was known.
 */
export const userContacts = sqliteTable('user_contacts', {
  userId: text('user_id').primaryKey(),
  email: text('email'),
  locale: text('locale'),
  timeZone: text('time_zone'),
  name: text('name'),
  /** Off after a one-click unsubscribe or `PUT /api/me/notifications { email: false }`. */
  emailEnabled: integer('email_enabled', { mode: 'boolean' }).notNull().default(true),
  updatedAt: text('updated_at').notNull(),
});

/** Where the mail planner stands in the outbox: one row, made when email is first turned on. */
export const mailState = sqliteTable('mail_state', {
  id: integer('id').primaryKey(),
  plannedUpTo: integer('planned_up_to').notNull(),
});

export const mailStatuses = ['queued', 'sent', 'skipped'] as const;

/**
 * One email to one person: for an event and a recipient, or for a session, a reminder lead and a recipient. `key`
 * is unique, so two processes planning the same event make one row; a sender leases a row before sending it.
 */
export const mailDeliveries = sqliteTable(
  'mail_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Names the event (or session and lead) and the recipient; the Message-ID is derived from it. */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    /** The request (or, for a kind about a slot, the slot) the email is about. */
    resourceId: text('resource_id').notNull(),
    recipientId: text('recipient_id').notNull(),
    role: text('role', { enum: parties }).notNull(),
    /** The resource as the event recorded it; null for a reminder, which reads the session as it is when sent. */
    payload: text('payload'),
    leadMinutes: integer('lead_minutes'),
    status: text('status', { enum: mailStatuses }).notNull(),
    /** When it may be sent: at once, a reminder's time, or the next attempt after a failure. */
    dueAt: text('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: text('lease_until'),
    sentAt: text('sent_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('mail_deliveries_key').on(t.key), index('mail_deliveries_due').on(t.dueAt).where(sql`status = 'queued'`)],
);

/**
 * Where a course's stored roster stands (SPEC §15): which source it was read from, when a read was last claimed
 * (the 10-minute and 1-minute rules count from it, failed reads included), when one last succeeded, and the claim of
 * the read under way: one reader per course, also across processes, until `claim_until`.
 */
export const courseRosters = sqliteTable('course_rosters', {
  courseId: text('course_id').primaryKey(),
  source: text('source', { enum: ['lti', 'none'] }).notNull(),
  attemptedAt: text('attempted_at').notNull(),
  readAt: text('read_at'),
  claim: text('claim'),
  claimUntil: text('claim_until'),
  /** Marks the last write that stored a read: the later statements of its batch check it. */
  op: text('op'),
});

/** A member of a course's stored roster; `sortKey` orders its pages by name, nameless members last. */
export const courseRosterMembers = sqliteTable(
  'course_roster_members',
  {
    courseId: text('course_id').notNull(),
    userId: text('user_id').notNull(),
    sortKey: text('sort_key').notNull(),
    name: text('name'),
    email: text('email'),
    role: text('role', { enum: ['educator', 'student', 'other'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.userId] }),
    index('course_roster_members_by_name').on(t.courseId, t.sortKey, t.userId),
  ],
);
