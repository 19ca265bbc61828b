// The slots a weekly series describes. The API publishes exactly these and the educator's form previews
// their count with the same walk. Wall-clock times are read in the series' IANA zone by @date-fns/tz, so
// 09:00 stays 09:00 across a daylight-saving change; the calendar days themselves are walked in UTC,
// where every day has 24 hours.
import { TZDateMini } from '@date-fns/tz';
import type { SeriesInput } from './inputs.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface Occurrence {
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
}

export type WeeklyPattern = Pick<
  SeriesInput,
  'timeZone' | 'from' | 'until' | 'weekdays' | 'startTime' | 'endTime' | 'slotMinutes' | 'breakMinutes'
>;

const hoursAndMinutes = (time: string) => time.split(':').map(Number) as [number, number];

/** The pattern's slots that start after `now`, in order. Stop early by leaving the loop. */
export function* occurrences(pattern: WeeklyPattern, now: number): Generator<Occurrence> {
  const [startHour, startMinute] = hoursAndMinutes(pattern.startTime);
  const [endHour, endMinute] = hoursAndMinutes(pattern.endTime);
  const slotMs = pattern.slotMinutes * MINUTE_MS;
  const stepMs = slotMs + pattern.breakMinutes * MINUTE_MS;
  if (!(slotMs > 0)) return;
  const last = Date.parse(`${pattern.until}T00:00:00Z`);
  for (let day = Date.parse(`${pattern.from}T00:00:00Z`); day <= last; day += DAY_MS) {
    const date = new Date(day);
    if (!pattern.weekdays.includes(((date.getUTCDay() + 6) % 7) + 1)) continue;
    const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    const spanEnd = new TZDateMini(year, month, dayOfMonth, endHour, endMinute, pattern.timeZone).getTime();
    const spanStart = new TZDateMini(year, month, dayOfMonth, startHour, startMinute, pattern.timeZone).getTime();
    for (let start = spanStart; start + slotMs <= spanEnd; start += stepMs) {
      if (start > now) yield { start, end: start + slotMs };
    }
  }
}

/** The start of the series' last day in its zone: how far ahead the series reaches. */
export function lastDayStart(pattern: Pick<SeriesInput, 'timeZone' | 'until'>): number {
  const [year, month, day] = pattern.until.split('-').map(Number);
  return new TZDateMini(year, month - 1, day, pattern.timeZone).getTime();
}
