// The week view's calendar: the locale's first day of the week, wall dates ("2026-12-07") counted in days, where
// each slot of a week goes in its grid, and where the keys move in it.
import type { Slot } from '../internal/api.ts';
import { toLocalInputs } from '../internal/format.ts';

export { firstDayOf } from '../internal/format.ts';

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

/** A slot in the grid: its column (0–6) and its start and end in minutes past midnight, in the viewer's zone. */
export type Placed = { slot: Slot; day: number; start: number; end: number };

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/**
 * The week's slots in its `days`: the first half-hour shown (08:00, or the hour of an earlier slot), how many rows
 * (to 18:00, or the hour after a later slot) and the slot at a column and row, if any.
 */
export function layout(slots: Slot[], days: string[]) {
  const placed: Placed[] = slots.flatMap((slot) => {
    const [from, to] = [toLocalInputs(slot.startsAt), toLocalInputs(slot.endsAt)];
    const day = days.indexOf(from.date);
    const start = minutesOf(from.time);
    return day < 0 ? [] : [{ slot, day, start, end: to.date === from.date ? minutesOf(to.time) : 24 * 60 }];
  });
  const first = Math.min(8 * 60, ...placed.map((p) => Math.floor(p.start / 60) * 60));
  const last = Math.max(18 * 60, ...placed.map((p) => Math.ceil(p.end / 60) * 60));
  const at = (day: number, row: number) =>
    placed.find((p) => p.day === day && p.start < first + (row + 1) * 30 && p.end > first + row * 30);
  return { first, rows: (last - first) / 30, at };
}

const clamp = (n: number, max: number) => Math.max(0, Math.min(max, n));

/** Where a key moves from the cell [day, row] of a grid of `rows`: arrows (left and right swapped right to left), Home, End. */
export function moveIn([day, row]: [number, number], key: string, rows: number, rtl: boolean): [number, number] | undefined {
  const ahead = rtl ? -1 : 1;
  const moves: Record<string, [number, number]> = {
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
    ArrowRight: [ahead, 0],
    ArrowLeft: [-ahead, 0],
    Home: [-day, 0],
    End: [6 - day, 0],
  };
  const move = moves[key];
  return move && [clamp(day + move[0], 6), clamp(row + move[1], rows - 1)];
}
