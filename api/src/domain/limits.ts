// The limits of the booking rules in one place: the checks and the bounds of the list queries read them here.
import { MINUTE_MS } from './clock.ts';

/** A slot lasts from 10 minutes to 8 hours. */
export const SLOT_MINUTES = { min: 10, max: 480 } as const;
export const MIN_SLOT_MS = SLOT_MINUTES.min * MINUTE_MS;
export const MAX_SLOT_MS = SLOT_MINUTES.max * MINUTE_MS;
/** A weekly series makes at most this many slots. */
export const MAX_SERIES_SLOTS = 500;
/** A slot starts at most 366 days ahead. */
export const MAX_LEAD_MS = 366 * 24 * 60 * MINUTE_MS;

/** The range of each course policy field (SPEC §9); a default outside its range stops the server at start. */
export const POLICY_RANGES = {
  minNoticeMinutes: { min: 0, max: 43_200 },
  maxDaysAhead: { min: 1, max: 366 },
  cancelNoticeMinutes: { min: 0, max: 43_200 },
  maxPendingPerStudent: { min: 1, max: 100 },
  maxUpcomingPerStudent: { min: 1, max: 100 },
} as const;
