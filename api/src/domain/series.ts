// Weekly office hours: a series of slots published in one step, all or nothing, and deleted as a whole.
// The slots themselves come from the contract's walk of the weekly pattern, which the widgets preview with.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TZDate } from '@date-fns/tz';
import type { SeriesInput } from '@one-on-one/contract/inputs';
import type { Slot } from '@one-on-one/contract/resources';
import { type InstantIn, lastDayStart, occurrences } from '@one-on-one/contract/series';
import { and, eq, gt, isNull, not, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../db/client.ts';
import { sessionRequests as r, slots as s } from '../db/schema.ts';
import { insertEachWhere } from '../db/statements.ts';
import { applyChange, newId } from './atomic.ts';
import { slotRemoved } from './availability.ts';
import { DAY_MS } from './clock.ts';
import { DomainError, invalidField, notFound } from './errors.ts';
import { recordRequestEvents, recordSlotEvents } from './events.ts';
import { membership, type User } from './identity.ts';
import { MAX_LEAD_DAYS, MAX_LEAD_MS, MAX_SERIES_PAST_DAYS, MAX_SERIES_SLOTS } from './limits.ts';
import { collisions, overlapsAny, requireRoom, roomFor, type Span } from './slot-guards.ts';
import { awaitingDecision } from './states.ts';
import { slotIsBooked } from './views.ts';
import { recordOpenings } from './waitlist/openings.ts';

/** Wall-clock readings in a zone, by @date-fns/tz. */
const instantIn: InstantIn = (zone, { year, month, day, hour, minute }) =>
  new TZDate(year, month - 1, day, hour, minute, zone).getTime();

/** The calendar date `days` before today in `zone`, as YYYY-MM-DD. */
function daysBeforeToday(zone: string, now: Date, days: number): string {
  const today = new TZDate(now.getTime(), zone);
  return new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()) - days * DAY_MS).toISOString().slice(0, 10);
}

/** How many occurrences the walk makes between two turns of the event loop, so that other requests go on meanwhile. */
const OCCURRENCES_PER_TURN = 50;

/** Every slot the series describes that has not started at `now`, in order. */
export async function occurrencesOf(input: SeriesInput, now: Date): Promise<Span[]> {
  if (input.from < daysBeforeToday(input.timeZone, now, MAX_SERIES_PAST_DAYS)) {
    throw invalidField('from', `Must be at most ${MAX_SERIES_PAST_DAYS} days before today`);
  }
  /** Neither the last day nor the last slot may lie further ahead than a single slot may. */
  const withinLead = (time: number) => {
    if (time - now.getTime() > MAX_LEAD_MS) throw invalidField('until', `Must be at most ${MAX_LEAD_DAYS} days ahead`);
  };
  withinLead(lastDayStart(input, instantIn));
  const found: Span[] = [];
  for (const { start, end } of occurrences(input, now.getTime(), instantIn)) {
    if (found.length === MAX_SERIES_SLOTS) throw invalidField('until', `A series makes at most ${MAX_SERIES_SLOTS} slots`);
    found.push({ startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() });
    if (found.length % OCCURRENCES_PER_TURN === 0) await nextTurn();
  }
  if (found.length === 0) throw invalidField('from', 'No slot left: each has started, or none falls on the weekdays');
  withinLead(Date.parse(found[found.length - 1].startsAt));
  return found;
}

/**
 * Publishes the series in a course the caller teaches: every slot, or none and why (the slot limit of
 * `maxLiveSlots` upcoming slots, then the occurrences that overlap other slots). One statement makes them all.
 */
export async function createSeries(
  db: Database,
  user: User,
  input: SeriesInput,
  now: Date,
  maxLiveSlots: number,
): Promise<{ seriesId: string; items: Slot[] }> {
  const course = membership(user, input.courseId, 'educator');
  if (!course) throw new DomainError('forbidden', 'Only an educator of this course can publish slots in it.');
  const spans = await occurrencesOf(input, now);
  const at = now.toISOString();
  const seriesId = newId();
  const common = {
    courseId: course.id,
    courseTitle: course.title ?? null,
    educatorId: user.id,
    educatorName: user.name,
    note: input.note ?? null,
    seriesId,
    instant: input.instant ?? false,
    meetingLink: input.meetingLink ?? null,
    createdAt: at,
    updatedAt: at,
    op: seriesId,
  };
  const rows = spans.map((span) => ({ id: newId(), ...span }));
  const guard = sql`${roomFor(user.id, rows.length, at, maxLiveSlots)} AND NOT ${overlapsAny(user.id, spans)}`;
  const { results } = await applyChange(db, async () => {
    await requireRoom(db, user.id, rows.length, at, maxLiveSlots);
    const conflicts = await collisions(db, user.id, spans);
    if (conflicts.length > 0) {
      throw new DomainError('slot_overlap', `${conflicts.length} of these times overlap other slots of yours.`, undefined, {
        conflicts,
      });
    }
    return {
      batch: [
        insertEachWhere(s, common, rows, guard),
        sql`${recordSlotEvents('slot.created', seriesId, at, eq(s.seriesId, seriesId))} RETURNING payload`,
        recordOpenings(seriesId, at, eq(s.seriesId, seriesId)),
      ],
      claims: rows.length,
    };
  });
  const [, recorded] = results;
  // Each event holds its slot as the educator now sees it: the answer, without reading the slots again.
  const items: Slot[] = recorded.rows.map((row) => JSON.parse(String(row.payload)));
  items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { seriesId, items };
}

/**
 * Deletes the series' slots that have not started and have no approved session, rejecting their pending
 * requests as a single delete does; booked and started ones are kept. Counts only slots still live.
 */
export async function deleteSeries(
  db: Database,
  user: User,
  seriesId: string,
  now: Date,
): Promise<{ deleted: number; kept: number }> {
  const owned = await db
    .select({ id: s.id })
    .from(s)
    .where(and(eq(s.seriesId, seriesId), eq(s.educatorId, user.id)))
    .limit(1);
  if (owned.length === 0) throw notFound('series');
  const at = now.toISOString();
  const op = newId();
  const live = and(eq(s.seriesId, seriesId), isNull(s.deletedAt));
  const deletable = and(live, gt(s.startsAt, at), not(slotIsBooked));
  // The series' own index finds the slots this delete removed, however many slots the table holds.
  const removed = sql`${r.slotId} IN (SELECT id FROM ${s} WHERE ${s.seriesId} = ${seriesId} AND ${s.op} = ${op} AND ${s.deletedAt} = ${at})`;
  // No claim to retry: the first statement's conditions decide at write time, whatever they match.
  const [deleted] = await writeAtomically(db, [
    db.update(s).set({ deletedAt: at, updatedAt: at, op }).where(deletable),
    db
      .update(r)
      .set(slotRemoved(at, op))
      .where(and(removed, awaitingDecision(at))),
    recordRequestEvents('request.rejected', op, at, removed),
    recordSlotEvents('slot.deleted', op, at, eq(s.seriesId, seriesId)),
  ]);
  const [kept] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(s)
    .where(live);
  return { deleted: deleted.rowsAffected, kept: kept.count };
}
