// The slots a weekly series describes. The API publishes exactly these and the educator's form previews
// their count with the same walk. Wall-clock times are read in the series' IANA zone by the caller's
// `instantIn` (the API's is @date-fns/tz), so 09:00 stays 09:00 across a daylight-saving change; the
// calendar days themselves are walked in UTC, where every day has 24 hours.
import type { SeriesInput } from './inputs.ts';
import type { WallClock } from './wall-clock.ts';

/** The instant a wall-clock reading means in an IANA zone, in milliseconds since the epoch. */
export type InstantIn = (zone: string, reading: WallClock) => number;

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
export function* occurrences(pattern: WeeklyPattern, now: number, instantIn: InstantIn): Generator<Occurrence> {
  const [startHour, startMinute] = hoursAndMinutes(pattern.startTime);
  const [endHour, endMinute] = hoursAndMinutes(pattern.endTime);
  const slotMs = pattern.slotMinutes * MINUTE_MS;
  const stepMs = slotMs + pattern.breakMinutes * MINUTE_MS;
  if (!(slotMs > 0)) return;
  const last = Date.parse(`${pattern.until}T00:00:00Z`);
  // No zone's today comes before yesterday in UTC, and the days before a zone's today hold only slots that have
  // started: the walk starts there, so the work is bounded by what it makes however far back `from` lies.
  const yesterday = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS;
  for (let day = Math.max(Date.parse(`${pattern.from}T00:00:00Z`), yesterday); day <= last; day += DAY_MS) {
    const date = new Date(day);
    if (!pattern.weekdays.includes(((date.getUTCDay() + 6) % 7) + 1)) continue;
    const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const at = (hour: number, minute: number) => instantIn(pattern.timeZone, { year, month, day: dayOfMonth, hour, minute });
    const spanEnd = at(endHour, endMinute);
    const spanStart = at(startHour, startMinute);
    for (let start = spanStart; start + slotMs <= spanEnd; start += stepMs) {
      if (start > now) yield { start, end: start + slotMs };
    }
  }
}

/** The start of the series' last day in its zone: how far ahead the series reaches. */
export function lastDayStart(pattern: Pick<SeriesInput, 'timeZone' | 'until'>, instantIn: InstantIn): number {
  const [year, month, day] = pattern.until.split('-').map(Number);
  return instantIn(pattern.timeZone, { year, month, day, hour: 0, minute: 0 });
}
