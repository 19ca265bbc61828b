// What each user may see of an event: the resource as the API would give that user, or nothing.
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { slots } from '../db/schema.ts';
import { membership, type User } from '../domain/identity.ts';
import { findRequestView, findSlotView, selectCourseSlots } from '../domain/views.ts';
import type { OutboxEvent } from './hub.ts';

/**
 * The event's data for `user`, or undefined when it is not theirs to see. A request's events go to
 * its student and educator; a slot's to its educator (with the pending count) and to every member
 * of its course (as the course listing shows it, without the count).
 */
export async function eventDataFor(db: Database, user: User, event: OutboxEvent, now: string): Promise<unknown> {
  if (event.requestId) {
    if (event.studentId !== user.id && event.educatorId !== user.id) return undefined;
    return findRequestView(db, event.requestId, now);
  }
  if (event.educatorId === user.id) return findSlotView(db, event.slotId, now);
  if (!membership(user, event.courseId)) return undefined;
  return selectCourseSlots(db, now, user.id).where(eq(slots.id, event.slotId)).get();
}
