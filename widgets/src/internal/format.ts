// Dates, times and numbers in the locale being rendered and the viewer's time zone, with the zone named. The
// zone is the page's `configure({ timeZone })`, else the browser's.
import { instantOf, wallClockAt } from '@one-on-one/contract/wall-clock';
import { pageSettings } from './config.ts';
import { currentLocale } from './localize.ts';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The viewer's time zone, e.g. "Europe/Berlin". */
export const viewerZone = (): string => pageSettings().timeZone ?? browserZone;

/** The viewer's time zone as a person says it, in the locale being rendered: "Central European Time". */
export const zoneName = (): string =>
  formatters()
    .zoneName.formatToParts()
    .find((part) => part.type === 'timeZoneName')?.value ?? viewerZone();

function formattersFor(locale: string, timeZone: string) {
  const make = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone });
  return {
    day: make({ weekday: 'long', month: 'long', day: 'numeric' }),
    shortDay: make({ weekday: 'short', month: 'short', day: 'numeric' }),
    zoned: make({ hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }),
    when: make({ weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }),
    zoneName: make({ timeZoneName: 'longGeneric' }),
    number: new Intl.NumberFormat(locale),
    plural: new Intl.PluralRules(locale),
    minutes: new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }),
  };
}

const cache = new Map<string, ReturnType<typeof formattersFor>>();

function formatters() {
  const [locale, zone] = [currentLocale(), viewerZone()];
  const key = `${locale} ${zone}`;
  let found = cache.get(key);
  if (!found) {
    found = formattersFor(locale, zone);
    cache.set(key, found);
  }
  return found;
}

/** "1,234" in English, "1.234" in German: the digits the locale and the browser give. */
export const formatNumber = (n: number) => formatters().number.format(n);

/** For the compiled messages (@messageformat/runtime's contract), which run in their own locale: `value - offset`. */
export const number = (_: string, value: number, offset: number) => formatNumber(value - offset);

/** For the compiled messages: the case of an exact value (`=0`), else of the locale's plural form, else `other`. */
export const plural = (value: number, offset: number, _: string, cases: Record<string, string>) =>
  cases[value] ?? cases[formatters().plural.select(value - offset)] ?? cases.other;

/** For the compiled messages: the case of `value` (a `select`, e.g. of a gender), else `other`. */
export const select = (value: string, cases: Record<string, string>) => cases[value] ?? cases.other;

/** "30 minutes" in English, "30 Minuten" in German, in the language's own forms. */
export const formatMinutes = (n: number) => formatters().minutes.format(n);

const weekdays = new Map<string, string[]>();

/** Monday to Sunday, short, in the locale being rendered: 2024-01-01 was a Monday. Made once a locale. */
export function weekdayNames(): string[] {
  const locale = currentLocale();
  let names = weekdays.get(locale);
  if (!names) {
    const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    names = Array.from({ length: 7 }, (_, n) => weekday.format(Date.UTC(2024, 0, 1 + n)));
    weekdays.set(locale, names);
  }
  return names;
}

/** "10:00 – 10:30 AM GMT+1" in American English, "10:00–10:30 Uhr MEZ" in German. */
export const formatTimes = (startsAt: string, endsAt: string) =>
  formatters().zoned.formatRange(new Date(startsAt), new Date(endsAt));

/** "Tue, Dec 1" */
export const formatShortDay = (iso: string) => formatters().shortDay.format(new Date(iso));

/** "Tue, Dec 1, 10:00 – 10:30 AM GMT+1" in American English, "Di., 1. Dez., 10:00–10:30 Uhr MEZ" in German. */
export const formatWhen = (startsAt: string, endsAt: string) =>
  formatters().when.formatRange(new Date(startsAt), new Date(endsAt));

/** Items grouped by the viewer's calendar day of `startsAt`, in order: [key, heading, items]. */
export function groupByDay<T extends { startsAt: string }>(items: T[]): [string, string, T[]][] {
  const { day } = formatters();
  const groups = new Map<string, [string, string, T[]]>();
  for (const item of items) {
    const key = toLocalInputs(item.startsAt).date;
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

/** Regions whose week starts on Sunday or Saturday where the browser has no week data; elsewhere Monday. */
const SUNDAY = /^(US|CA|BR|MX|JP|IL|SA|IN|PH|KR|TW|HK)$/;
const SATURDAY = /^(EG|DZ|IQ|SY|JO|KW|QA|OM|BH|AE|LY|SD|AF|IR)$/;

type WeekInfo = { firstDay: number };

/** The locale's first day of the week, 0 (Sunday) to 6 (Saturday): the browser's week data, else the table. */
export function firstDayOf(tag: string): number {
  let locale: Intl.Locale & { getWeekInfo?(): WeekInfo; weekInfo?: WeekInfo };
  try {
    locale = new Intl.Locale(tag);
  } catch {
    return 1;
  }
  const info = locale.getWeekInfo?.() ?? locale.weekInfo;
  if (info) return info.firstDay % 7;
  const region = locale.maximize().region ?? '';
  return SUNDAY.test(region) ? 0 : SATURDAY.test(region) ? 6 : 1;
}
