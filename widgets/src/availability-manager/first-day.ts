// The locale's first day of the week, for the week view and the weekdays of weekly hours.

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
