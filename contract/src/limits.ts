// The limits of the booking rules in one place: the API's validation, its checks and the bounds of its
// list queries read them here, and so do the widgets' forms. Change a limit here and both follow.

/** A slot lasts from 10 minutes to 8 hours. */
export const SLOT_MINUTES = { min: 10, max: 480 } as const;
/** The break between the slots of a weekly series. */
export const BREAK_MINUTES = { min: 0, max: 120 } as const;
/** A weekly series makes at most this many slots. */
export const MAX_SERIES_SLOTS = 500;
/** A slot starts at most this many days ahead. */
export const MAX_LEAD_DAYS = 366;
/** A weekly series' `from` lies at most this many days before today (its passed occurrences are skipped). */
export const MAX_SERIES_PAST_DAYS = 366;

/** The longest free texts, in characters. */
export const TEXT_LIMITS = {
  /** A student's message with a request. */
  message: 1000,
  /** An educator's note on a slot. */
  note: 1000,
  /** A rejection or cancellation reason. */
  reason: 1000,
  /** A meeting link. */
  meetingLink: 2048,
} as const;

/** The range of each course policy field (SPEC §9); a default outside its range stops the server at start. */
export const POLICY_RANGES = {
  minNoticeMinutes: { min: 0, max: 43_200 },
  maxDaysAhead: { min: 1, max: 366 },
  cancelNoticeMinutes: { min: 0, max: 43_200 },
  maxPendingPerStudent: { min: 1, max: 100 },
  maxUpcomingPerStudent: { min: 1, max: 100 },
  attendanceGoal: { min: 1, max: 100 },
} as const;
