// Weekly office hours: a series of slots published in one step, all or nothing, and deleted as a whole.
// The slots themselves come from the contract's walk of the weekly pattern, which the widgets preview with.
import { TZDate } from '@date-fns/tz';
import type { SeriesInput } from '@one-on-one/contract/inputs';
import type { Slot } from '@one-on-one/contract/resources';
import { type InstantIn, lastDayStart, occurrences } from '@one-on-one/contract/series';
import { and, asc, eq, gt, isNull, lt, not, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../db/client.ts';
import { sessionRequests as r, slots as s } from '../db/schema.ts';
import { insertWhere } from '../db/statements.ts';
import { applyChange, newId } from './atomic.ts';
import { slotRemoved } from './availability.ts';
import { DomainError, invalidField, notFound } from './errors.ts';
import { recordRequestEvents, recordSlotEvents, slotClaimed } from './events.ts';
import { membership, type User } from './identity.ts';
import { MAX_LEAD_DAYS, MAX_LEAD_MS, MAX_SERIES_SLOTS } from './limits.ts';
import { awaitingDecision } from './states.ts';
import { selectSlots, slotIsBooked } from './views.ts';
import { recordOpenings } from './waitlist/openings.ts';

/** Wall-clock readings in a zone, by @date-fns/tz. */
const instantIn: InstantIn = (zone, { year, month, day, hour, minute }) =>
  new TZDate(year, month - 1, day, hour, minute, zone).getTime();

interface Occurrence {
  startsAt: string;
  endsAt: string;
}

/** Every slot the series describes that has not started at `now`, in order. */
export function occurrencesOf(input: SeriesInput, now: Date): Occurrence[] {
  /** Neither the last day nor the last slot may lie further ahead than a single slot may. */
  const withinLead = (time: number) => {
    if (time - now.getTime() > MAX_LEAD_MS) throw invalidField('until', `Must be at most ${MAX_LEAD_DAYS} days ahead`);
  };
  withinLead(lastDayStart(input, instantIn));
  const found: Occurrence[] = [];
  for (const { start, end } of occurrences(input, now.getTime(), instantIn)) {
    if (found.length === MAX_SERIES_SLOTS) throw invalidField('until', `A series makes at most ${MAX_SERIES_SLOTS} slots`);
    found.push({ startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() });
  }
  if (found.length === 0) throw invalidField('from', 'No slot left: each has started, or none falls on the weekdays');
  withinLead(Date.parse(found[found.length - 1].startsAt));
  return found;
}

/** The occurrences that share time with another live slot of the educator, in any course. */
async function conflictsOf(db: Database, educatorId: string, occurrences: Occurrence[]): Promise<Occurrence[]> {
  const taken = await db
    .select({ startsAt: s.startsAt, endsAt: s.endsAt })
    .from(s)
    .where(
      and(
        eq(s.educatorId, educatorId),
        isNull(s.deletedAt),
        lt(s.startsAt, occurrences[occurrences.length - 1].endsAt),
        gt(s.endsAt, occurrences[0].startsAt),
      ),
    );
  return occurrences.filter((occurrence) =>
    taken.some((slot) => slot.startsAt < occurrence.endsAt && slot.endsAt > occurrence.startsAt),
  );
}

/** Another live slot of the educator, not written by `op`, shares time with one of the occurrences. */
const overlapsAny = (educatorId: string, occurrences: Occurrence[], op: string) =>
  sql`EXISTS (SELECT 1 FROM ${s} WHERE ${s.educatorId} = ${educatorId} AND ${s.deletedAt} IS NULL AND ${s.op} <> ${op}
    AND (${sql.join(
      occurrences.map((o) => sql`(${s.startsAt} < ${o.endsAt} AND ${s.endsAt} > ${o.startsAt})`),
      sql` OR `,
    )}))`;

/** Publishes the series in a course the caller teaches: every slot, or none and the conflicts. */
export async function createSeries(
  db: Database,
  user: User,
  input: SeriesInput,
  now: Date,
): Promise<{ seriesId: string; items: Slot[] }> {
  const course = membership(user, input.courseId, 'educator');
  if (!course) throw new DomainError('forbidden', 'Only an educator of this course can publish slots in it.');
  const occurrences = occurrencesOf(input, now);
  const at = now.toISOString();
  const seriesId = newId();
  const rows = occurrences.map((occurrence) => ({
    id: newId(),
    courseId: course.id,
    courseTitle: course.title ?? null,
    educatorId: user.id,
    educatorName: user.name,
    ...occurrence,
    note: input.note ?? null,
    seriesId,
    instant: input.instant ?? false,
    meetingLink: input.meetingLink ?? null,
    createdAt: at,
    updatedAt: at,
    op: seriesId,
  }));
  await applyChange(db, async () => {
    const conflicts = await conflictsOf(db, user.id, occurrences);
    if (conflicts.length > 0) {
      throw new DomainError('slot_overlap', `${conflicts.length} of these times overlap other slots of yours.`, undefined, {
        conflicts,
      });
    }
    // The first slot claims the series against any overlap; the rest follow it, so all are made or none.
    const [first, ...rest] = rows;
    return {
      batch: [
        insertWhere(s, first, sql`NOT ${overlapsAny(user.id, occurrences, seriesId)}`),
        ...rest.map((row) => insertWhere(s, row, slotClaimed(first.id, seriesId))),
        recordSlotEvents('slot.created', seriesId, at, eq(s.seriesId, seriesId)),
        recordOpenings(seriesId, at, eq(s.seriesId, seriesId)),
      ],
    };
  });
  const items = await selectSlots(db, at).where(eq(s.seriesId, seriesId)).orderBy(asc(s.startsAt));
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
  const removed = sql`${r.slotId} IN (SELECT id FROM ${s} WHERE ${s.op} = ${op} AND ${s.deletedAt} = ${at})`;
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
