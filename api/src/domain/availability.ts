// The availability rules: educators create, move, annotate and delete their slots.

import type { CreateSlotInput, UpdateSlotInput } from '@one-on-one/contract/inputs';
import type { Slot } from '@one-on-one/contract/resources';
import { and, eq, isNull, not, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { sessionRequests as r, slots as s } from '../db/schema.ts';
import { holds, insertWhere } from '../db/statements.ts';
import { applyChange, newId, written } from './atomic.ts';
import { DomainError, invalidField, notFound } from './errors.ts';
import { recordRequestEvents, recordSlotEvent, slotClaimed } from './events.ts';
import { membership, type User } from './identity.ts';
import { MAX_LEAD_DAYS, MAX_LEAD_MS, MAX_SLOT_MS, MIN_SLOT_MS } from './limits.ts';
import { overlapsSpan, requireRoom, roomFor } from './slot-guards.ts';
import { awaitingDecision, SYSTEM_REASONS } from './states.ts';
import { findSlotView } from './views.ts';
import { recordOpenings } from './waitlist/openings.ts';

/** The time rules every created or moved slot meets. */
function checkSlotTimes(startsAt: string, endsAt: string, now: string): void {
  if (startsAt <= now) throw invalidField('startsAt', 'Must be in the future');
  if (Date.parse(startsAt) - Date.parse(now) > MAX_LEAD_MS)
    throw invalidField('startsAt', `Must be at most ${MAX_LEAD_DAYS} days ahead`);
  const duration = Date.parse(endsAt) - Date.parse(startsAt);
  if (duration < MIN_SLOT_MS || duration > MAX_SLOT_MS) {
    throw invalidField('endsAt', 'A slot lasts from 10 minutes to 8 hours');
  }
}

const hasActiveRequests = (slotId: string) =>
  sql`EXISTS (SELECT 1 FROM ${r} WHERE ${r.slotId} = ${slotId} AND ${r.status} IN ('pending', 'approved'))`;

const hasUpcomingBooking = (slotId: string, now: string) =>
  sql`EXISTS (SELECT 1 FROM ${r} WHERE ${r.slotId} = ${slotId} AND ${r.status} = 'approved' AND ${r.endsAt} > ${now})`;

const overlapError = () => new DomainError('slot_overlap', 'This time overlaps another of your slots.');

/** Creates a slot in a course the caller teaches, if they hold fewer than `maxLiveSlots` upcoming ones. */
export async function createSlot(
  db: Database,
  user: User,
  input: CreateSlotInput,
  now: Date,
  maxLiveSlots: number,
): Promise<Slot> {
  const at = now.toISOString();
  checkSlotTimes(input.startsAt, input.endsAt, at);
  const course = membership(user, input.courseId, 'educator');
  if (!course) throw new DomainError('forbidden', 'Only an educator of this course can publish slots in it.');
  const id = newId();
  const slot = {
    id,
    courseId: course.id,
    courseTitle: course.title ?? null,
    educatorId: user.id,
    educatorName: user.name,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    note: input.note ?? null,
    meetingLink: input.meetingLink ?? null,
    instant: input.instant ?? false,
    createdAt: at,
    updatedAt: at,
    op: id,
  };
  const room = roomFor(user.id, 1, at, maxLiveSlots);
  const overlaps = overlapsSpan(user.id, input);
  await applyChange(db, async () => {
    await requireRoom(db, user.id, 1, at, maxLiveSlots);
    if (await holds(db, overlaps)) throw overlapError();
    return {
      batch: [
        insertWhere(s, slot, sql`${room} AND NOT ${overlaps}`),
        recordSlotEvent('slot.created', id, at, id),
        recordOpenings(id, at, eq(s.id, id)),
      ],
    };
  });
  return written(findSlotView(db, id, at));
}

/** The caller's own live slot, or 404: another educator's slot does not exist for them. */
async function findOwnSlot(db: Database, user: User, slotId: string) {
  const slot = await db
    .select()
    .from(s)
    .where(and(eq(s.id, slotId), isNull(s.deletedAt)))
    .get();
  if (!slot || slot.educatorId !== user.id) throw notFound('slot');
  return slot;
}

/** Moves a slot or changes its note; times are fixed while requests are pending or approved. */
export async function updateSlot(db: Database, user: User, slotId: string, input: UpdateSlotInput, now: Date): Promise<Slot> {
  const at = now.toISOString();
  if (input.startsAt && input.endsAt) checkSlotTimes(input.startsAt, input.endsAt, at);
  await applyChange(db, async () => {
    const slot = await findOwnSlot(db, user, slotId);
    const startsAt = input.startsAt ?? slot.startsAt;
    const endsAt = input.endsAt ?? slot.endsAt;
    const moves = startsAt !== slot.startsAt || endsAt !== slot.endsAt;
    if (moves) {
      checkSlotTimes(startsAt, endsAt, at);
      if (await holds(db, hasActiveRequests(slotId))) {
        throw new DomainError('slot_has_requests', 'The time of a slot with pending or approved requests cannot change.');
      }
      if (await holds(db, overlapsSpan(user.id, { startsAt, endsAt }, slotId))) throw overlapError();
    }
    const op = newId();
    const unchangedSinceRead = and(
      eq(s.id, slotId),
      isNull(s.deletedAt),
      eq(s.startsAt, slot.startsAt),
      eq(s.endsAt, slot.endsAt),
    );
    const guard = moves
      ? and(unchangedSinceRead, not(hasActiveRequests(slotId)), not(overlapsSpan(user.id, { startsAt, endsAt }, slotId)))
      : unchangedSinceRead;
    const note = input.note === undefined ? slot.note : input.note;
    return {
      batch: [
        db.update(s).set({ startsAt, endsAt, note, updatedAt: at, op }).where(guard),
        recordSlotEvent('slot.updated', op, at, slotId),
        // A slot whose time changes may now fall inside someone's window.
        ...(moves ? [recordOpenings(op, at, eq(s.id, slotId), slot.startsAt)] : []),
      ],
    };
  });
  return written(findSlotView(db, slotId, at));
}

/** How a deleted slot's waiting requests are rejected, by the write `op` at `at`. */
export const slotRemoved = (at: string, op: string) =>
  ({
    status: 'rejected',
    rejectionReason: SYSTEM_REASONS.slot_removed,
    reasonCode: 'slot_removed',
    decidedAt: at,
    updatedAt: at,
    op,
  }) as const;

/** Deletes a slot unless it has an upcoming session; its pending requests are rejected. */
export async function deleteSlot(db: Database, user: User, slotId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await applyChange(db, async () => {
    await findOwnSlot(db, user, slotId);
    if (await holds(db, hasUpcomingBooking(slotId, at))) {
      throw new DomainError('slot_has_booking', 'Cancel the approved session before deleting its slot.');
    }
    const op = newId();
    return {
      batch: [
        db
          .update(s)
          .set({ deletedAt: at, updatedAt: at, op })
          .where(and(eq(s.id, slotId), isNull(s.deletedAt), not(hasUpcomingBooking(slotId, at)))),
        db
          .update(r)
          .set(slotRemoved(at, op))
          .where(and(eq(r.slotId, slotId), awaitingDecision(at), slotClaimed(slotId, op))),
        recordRequestEvents('request.rejected', op, at, eq(r.slotId, slotId)),
        recordSlotEvent('slot.deleted', op, at, slotId),
      ],
    };
  });
}
