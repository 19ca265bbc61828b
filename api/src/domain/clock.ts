// Time as a parameter: the rules take `now` so tests set the clock instead of sleeping.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** `iso` moved by `ms` milliseconds, as an ISO string. */
export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
