// The contract's limits as durations, for the checks and the list bounds of the domain.
import { MAX_LEAD_DAYS, SLOT_MINUTES } from '@one-on-one/contract/limits';
import { DAY_MS, MINUTE_MS } from './clock.ts';

export {
  BREAK_MINUTES,
  MAX_LEAD_DAYS,
  MAX_SERIES_PAST_DAYS,
  MAX_SERIES_SLOTS,
  POLICY_RANGES,
  SLOT_MINUTES,
  TEXT_LIMITS,
} from '@one-on-one/contract/limits';

export const MIN_SLOT_MS = SLOT_MINUTES.min * MINUTE_MS;
export const MAX_SLOT_MS = SLOT_MINUTES.max * MINUTE_MS;
export const MAX_LEAD_MS = MAX_LEAD_DAYS * DAY_MS;
