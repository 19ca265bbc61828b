// The week view's calendar: the locale's first day of the week, and wall dates ("2026-12-07") counted in days.

/** Regions whose week starts on Sunday or Saturday where the browser has no week data; elsewhere Monday. */
const SUNDAY = /^(US|CA|BR|MX|JP|IL|SA|IN|PH|KR|TW|HK)$/;
const SATURDAY = /^(EG|DZ|IQ|SY|JO|KW|QA|OM|BH|AE|LY|SD|AF|IR)$/;

type WeekInfo = { firstDay: number };

/** The locale's first day of the week, 0 (Sunday) to 6 (Saturday): the browser's week data, else the table. */
export function firstDayOf(tag: string): number {
  const locale = new Intl.Locale(tag) as Intl.Locale & { getWeekInfo?(): WeekInfo; weekInfo?: WeekInfo };
  const info = locale.getWeekInfo?.() ?? locale.weekInfo;
  if (info) return info.firstDay % 7;
  const region = locale.maximize().region ?? '';
  return SUNDAY.test(region) ? 0 : SATURDAY.test(region) ? 6 : 1;
}

const pad = (n: number) => String(n).padStart(2, '0');
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The wall date `days` after `date`. */
export function addDays(date: string, days: number): string {
  const at = new Date(utc(date) + days * 86_400_000);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
}

/** The first day of the week that holds `date`, weeks starting on `firstDay`. */
export const weekOf = (date: string, firstDay: number) => addDays(date, -((new Date(utc(date)).getUTCDay() - firstDay + 7) % 7));

/** A wall date and minutes past its midnight as a Date to format in UTC (the wall clock, no zone). */
export const wall = (date: string, minutes = 0) => new Date(utc(date) + minutes * 60_000);

/** "10:30" for minutes past midnight. */
export const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
