// The words of an email or a mail page in its reader's language: the compiled catalog (catalog/mail/*.xlf), times in
// the reader's zone named as a person would say it, durations in the language's units, and the system's reasons.
import type { ReasonCode } from '@one-on-one/contract/vocabulary';
import catalog, { type Locale, locales, type Messages } from './catalog.js';

/** The catalog's language for a BCP 47 tag: itself, else one of its language (`es-MX` → `es`, `pt-PT` → `pt-BR`), else English. */
export function catalogLocale(tag: string | null | undefined): Locale {
  const exact = locales.find((locale) => locale.toLowerCase() === tag?.toLowerCase());
  if (exact) return exact;
  const language = tag?.split('-')[0].toLowerCase();
  return locales.find((locale) => locale.split('-')[0] === language) ?? 'en';
}

export const directionOf = (locale: Locale) => (locale === 'ar' ? 'rtl' : 'ltr');

/** A reader: the catalog's language, the tag dates are formatted in, and the time zone, when known. */
export interface Reader {
  locale: Locale;
  /** The reader's own tag (`es-MX`), for dates and numbers; the catalog's when they gave none. */
  formatLocale: string;
  timeZone: string | null;
}

export function readerOf(tag: string | null | undefined, timeZone: string | null | undefined): Reader {
  const locale = catalogLocale(tag);
  const formatLocale = tag && catalogLocale(tag) === locale && Intl.DateTimeFormat.supportedLocalesOf(tag).length ? tag : locale;
  return { locale, formatLocale, timeZone: timeZone ?? null };
}

/** The reader's messages, each a function of its named arguments. */
export const wordsOf = (reader: Reader): Messages => catalog[reader.locale];

/** The name of the reader's zone as a person says it ("Central European Time"); UTC, named so, when unknown. */
function zoneName(reader: Reader, at: Date): string {
  if (!reader.timeZone) return wordsOf(reader)['zone.utc']();
  const name = (style: 'longGeneric' | 'long') =>
    new Intl.DateTimeFormat(reader.formatLocale, { timeZone: reader.timeZone ?? 'UTC', timeZoneName: style })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
  const generic = name('longGeneric');
  // Where the language has no generic name for the zone, ICU falls back to an offset: the specific name reads better.
  return generic && !/^(GMT|UTC)[+-−]/.test(generic) ? generic : (name('long') ?? reader.timeZone);
}

/** A session's time in the reader's zone and language, the zone named: "Tuesday, December 1, 2026, 4:00 – 5:00 PM (Central European Time)". */
export function sessionTime(reader: Reader, startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const format = new Intl.DateTimeFormat(reader.formatLocale, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: reader.timeZone ?? 'UTC',
  });
  return wordsOf(reader)['when.range']({ range: format.formatRange(start, new Date(endsAt)), zone: zoneName(reader, start) });
}

/** A reminder's lead in the language's units: "1 hour", "90 minutes", "2 days". */
export function leadTime(reader: Reader, minutes: number): string {
  const [value, unit] =
    minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return new Intl.NumberFormat(reader.formatLocale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A reason as the reader reads it: the system's in their language, a person's as written. */
export function reasonText(reader: Reader, reasonCode: ReasonCode | null, written: string | null): string | null {
  return reasonCode ? wordsOf(reader)[`reason.${reasonCode}`]() : written;
}
