// Dates and times in the viewer's locale and time zone, with the zone named. The zone is the page's
// `configure({ timeZone })`, else the browser's.
import { instantOf, wallClockAt } from '@one-on-one/contract/wall-clock';
import { pageSettings } from './config.ts';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The viewer's time zone, e.g. "Europe/Berlin". */
export const viewerZone = (): string => pageSettings().timeZone ?? browserZone;

function formattersFor(timeZone: string) {
  const make = (options: Intl.DateTimeFormatOptions, locale?: string) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone });
  return {
    dayKey: make({ year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA'),
    day: make({ weekday: 'long', month: 'long', day: 'numeric' }),
    shortDay: make({ weekday: 'short', month: 'short', day: 'numeric' }),
    time: make({ hour: 'numeric', minute: '2-digit' }),
    zoned: make({ hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }),
  };
}

const cache = new Map<string, ReturnType<typeof formattersFor>>();

function formatters() {
  const zone = viewerZone();
  let found = cache.get(zone);
  if (!found) {
    found = formattersFor(zone);
    cache.set(zone, found);
  }
  return found;
}

/** "10:00 – 10:30 CET" */
export function formatTimes(startsAt: string, endsAt: string): string {
  const { time, zoned } = formatters();
  return `${time.format(new Date(startsAt))} – ${zoned.format(new Date(endsAt))}`;
}

/** "Tue, Dec 1" */
export const formatShortDay = (iso: string) => formatters().shortDay.format(new Date(iso));

/** "Tue, Dec 1, 10:00 – 10:30 CET" */
export const formatWhen = (startsAt: string, endsAt: string) => `${formatShortDay(startsAt)}, ${formatTimes(startsAt, endsAt)}`;

/** Items grouped by the viewer's calendar day of `startsAt`, in order: [key, heading, items]. */
export function groupByDay<T extends { startsAt: string }>(items: T[]): [string, string, T[]][] {
  const { dayKey, day } = formatters();
  const groups = new Map<string, [string, string, T[]]>();
  for (const item of items) {
    const key = dayKey.format(new Date(item.startsAt));
    if (!groups.has(key)) groups.set(key, [key, day.format(new Date(item.startsAt)), []]);
    groups.get(key)?.[2].push(item);
  }
  return [...groups.values()];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The date and time inputs' values for an instant, in the viewer's zone. */
export function toLocalInputs(iso: string): { date: string; time: string } {
  const at = wallClockAt(viewerZone(), Date.parse(iso));
  return { date: `${at.year}-${pad(at.month)}-${pad(at.day)}`, time: `${pad(at.hour)}:${pad(at.minute)}` };
}

/** The instant a date and a time input mean in the viewer's zone, or undefined when incomplete. */
export function fromLocalInputs(date: string, clock: string): Date | undefined {
  const [year, month, day] = date.split('-').map(Number);
  const [hours, minutes] = clock.split(':').map(Number);
  if (!date || !clock || [year, month, day, hours, minutes].some(Number.isNaN)) return undefined;
  return new Date(instantOf(viewerZone(), { year, month, day, hour: hours, minute: minutes }));
}

/** Only an absolute https: URL is ever rendered as a link. */
export function isHttpsUrl(value: string | null | undefined): value is string {
  if (!value || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}
