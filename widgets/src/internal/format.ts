// Dates and times in the viewer's locale and time zone, with the zone named.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const shortDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const zoned = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

/** The viewer's time zone, e.g. "Europe/Berlin". */
export const timeZone = zone;

/** "10:00 – 10:30 CET" */
export const formatTimes = (startsAt: string, endsAt: string) =>
  `${time.format(new Date(startsAt))} – ${zoned.format(new Date(endsAt))}`;

/** "Tue, Dec 1, 10:00 – 10:30 CET" */
export const formatWhen = (startsAt: string, endsAt: string) =>
  `${shortDay.format(new Date(startsAt))}, ${formatTimes(startsAt, endsAt)}`;

/** Items grouped by the viewer's calendar day of `startsAt`, in order: [key, heading, items]. */
export function groupByDay<T extends { startsAt: string }>(items: T[]): [string, string, T[]][] {
  const groups = new Map<string, [string, string, T[]]>();
  for (const item of items) {
    const key = dayKey.format(new Date(item.startsAt));
    if (!groups.has(key)) groups.set(key, [key, day.format(new Date(item.startsAt)), []]);
    groups.get(key)?.[2].push(item);
  }
  return [...groups.values()];
}

/** The date and time inputs' values for an instant, in the viewer's zone. */
export function toLocalInputs(iso: string): { date: string; time: string } {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

/** The instant a date and a time input mean in the viewer's zone, or undefined when incomplete. */
export function fromLocalInputs(date: string, clock: string): Date | undefined {
  const at = new Date(`${date}T${clock}`);
  return date && clock && !Number.isNaN(at.getTime()) ? at : undefined;
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
