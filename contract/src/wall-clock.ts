// Wall-clock time in an IANA zone and back, read from the platform's own time-zone database (Intl), for
// the widgets, whose size budget has no room for a date library. The API does its calendar arithmetic with
// @date-fns/tz; a property test holds the two to the same answers, daylight-saving gaps and overlaps included.

/** A wall-clock reading; `month` counts from 1. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const readers = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `zone` at the instant `time` (milliseconds since the epoch). */
export function wallClockAt(zone: string, time: number): WallClock & { second: number } {
  let reader = readers.get(zone);
  if (!reader) {
    const numeric = 'numeric';
    reader = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: numeric,
      month: numeric,
      day: numeric,
      hour: numeric,
      minute: numeric,
      second: numeric,
    });
    readers.set(zone, reader);
  }
  const parts: Record<string, number> = {};
  for (const { type, value } of reader.formatToParts(time)) parts[type] = Number(value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** How far `zone`'s clock is ahead of UTC at the instant `time`, in milliseconds. */
function offsetAt(zone: string, time: number): number {
  const c = wallClockAt(zone, time);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - (time - (((time % 1000) + 1000) % 1000));
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock reading means in `zone`. Offsets change at most once in a day, so the reading
 * means the reading less the offset of the day before, or of the day after. A reading the clocks pass twice
 * (fall back) means the earlier instant; one they skip (spring forward) is read with the offset from before
 * the change, so it lands just after the gap.
 */
export function instantOf(zone: string, { year, month, day, hour, minute }: WallClock): number {
  const reading = Date.UTC(year, month - 1, day, hour, minute);
  const [before, after] = [reading - offsetAt(zone, reading - DAY_MS), reading - offsetAt(zone, reading + DAY_MS)];
  const means = (time: number) => time + offsetAt(zone, time) === reading;
  if (means(before) && means(after)) return Math.min(before, after);
  return means(after) ? after : before;
}
