// The widgets read wall clocks with the platform's Intl time-zone data (contract/wall-clock.ts); the API
// with @date-fns/tz. They must agree, or the educator's preview and form would mean other times than the
// API publishes.
import { TZDate } from '@date-fns/tz';
import { instantOf, wallClockAt } from '@one-on-one/contract/wall-clock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const zones = [
  'Europe/Berlin',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Australia/Adelaide',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Etc/GMT+12',
  'UTC',
];
const reading = fc.record({
  zone: fc.constantFrom(...zones),
  year: fc.integer({ min: 2020, max: 2035 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
});

describe('wall clocks read with Intl', () => {
  it('agree with @date-fns/tz on every reading the clocks show once', () => {
    fc.assert(
      fc.property(reading, ({ zone, ...clock }) => {
        const mine = instantOf(zone, clock);
        const shown = wallClockAt(zone, mine);
        // A reading the clock shows twice (when it goes back an hour, or half an hour on Lord Howe Island) is shown
        // again 30 or 60 minutes before or after: either instant is right, so only readings shown once are compared.
        const shownAgain = [-60, -30, 30, 60].some((minutes) => {
          const other = wallClockAt(zone, mine + minutes * 60_000);
          return other.hour === clock.hour && other.minute === clock.minute;
        });
        const once = shown.hour === clock.hour && shown.minute === clock.minute && instantOf(zone, clock) === mine && !shownAgain;
        fc.pre(once);
        expect(mine).toBe(new TZDate(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, zone).getTime());
      }),
      { numRuns: 3000 },
    );
  });

  it('read back every instant as the wall clock it shows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 1.6e12, max: 2e12 }), (zone, time) => {
        const minute = time - (time % 60_000);
        const { second: _, ...clock } = wallClockAt(zone, minute);
        expect(wallClockAt(zone, instantOf(zone, clock))).toMatchObject(clock);
      }),
      { numRuns: 3000 },
    );
  });

  it('put a time the clocks skip just after the gap, and a time they pass twice at the first', () => {
    const at = (zone: string, clock: string) => {
      const [date, time] = clock.split('T');
      const [year, month, day] = date.split('-').map(Number);
      const [hour, minute] = time.split(':').map(Number);
      return new Date(instantOf(zone, { year, month, day, hour, minute })).toISOString();
    };
    expect(at('Europe/Berlin', '2026-03-29T02:30')).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(at('America/New_York', '2026-03-08T02:30')).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(at('Australia/Lord_Howe', '2026-10-04T02:15')).toBe('2026-10-03T15:45:00.000Z'); // 02:45 +11
    expect(at('Europe/Berlin', '2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(at('America/New_York', '2026-11-01T01:30')).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(at('Australia/Lord_Howe', '2026-04-05T01:45')).toBe('2026-04-04T14:45:00.000Z'); // 01:45 +11
  });
});
