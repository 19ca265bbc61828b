// The request bodies as the domain receives them, once validated: texts trimmed (blank is null),
// times normalised to UTC ISO strings with milliseconds. The API's zod schemas must produce these.

export interface CreateSlotInput {
  courseId: string;
  startsAt: string;
  endsAt: string;
  note?: string | null;
  meetingLink?: string;
  instant?: boolean;
}

export interface UpdateSlotInput {
  startsAt?: string;
  endsAt?: string;
  note?: string | null;
}

/** A weekly series: wall-clock times in `timeZone`, on ISO `weekdays` (1 Monday … 7 Sunday). */
export interface SeriesInput {
  courseId: string;
  timeZone: string;
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  until: string;
  weekdays: number[];
  /** `HH:MM`. */
  startTime: string;
  endTime: string;
  slotMinutes: number;
  breakMinutes: number;
  note?: string | null;
  meetingLink?: string;
  instant?: boolean;
}

export interface RequestSlotInput {
  slotId: string;
  message?: string | null;
}

/** Move a request to another slot of its course. */
export type RescheduleInput = RequestSlotInput;

/** A window of interest on a course's waitlist; each bound defaults to the course's booking window. */
export interface WaitlistInput {
  from?: string;
  to?: string;
}
