// The mail planner: reads the outbox after its cursor, a batch at a time, and makes one delivery row per email an
// event calls for (mail/kinds.ts), plus a booked session's reminders, each due at its lead. A row's key is unique,
// so two processes planning the same events make each row once; the cursor moves only from where it was read. An
// email about the waitlist is planned only with the waitlist's claim (one an hour per student and course) in the
// same write, so events in a row, or two processes, never make two within the hour.
import type { RequestView } from '@one-on-one/contract/resources';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { type Database, writeAtomically } from '../db/client.ts';
import { mailDeliveries, mailState, outbox } from '../db/schema.ts';
import { MINUTE_MS } from '../domain/clock.ts';
import { contactsOf } from '../domain/contacts.ts';
import { markWaitlistEmailed, waitlistEmailDue } from '../domain/waitlist/entries.ts';
import { mailsFor } from './kinds.ts';

type DeliveryRow = typeof mailDeliveries.$inferInsert;

const STATE = 1;
/** Outbox events one planning step reads at most. */
export const PLAN_BATCH = 200;
/** Rows one insert statement carries (SQLite's limit on a statement's parameters stays far off). */
const ROWS_PER_INSERT = 100;

const prepared = new WeakSet<Database>();

/** Where planning stands; the first call on a database starts it from the events after that moment. */
async function plannedUpTo(db: Database): Promise<number> {
  if (!prepared.has(db)) {
    await db.run(
      sql`INSERT OR IGNORE INTO ${mailState} (id, planned_up_to) SELECT ${STATE}, coalesce(max(id), 0) FROM ${outbox}`,
    );
    prepared.add(db);
  }
  const state = await db.select().from(mailState).where(eq(mailState.id, STATE)).get();
  return state?.plannedUpTo ?? 0;
}

/** The key of an event's email to one recipient; its Message-ID is derived from it. */
export const eventKey = (eventId: number, recipientId: string) => `event:${eventId}:${recipientId}`;
/** The key of a session's reminder at one lead to one recipient. */
export const reminderKey = (requestId: string, lead: number, recipientId: string) =>
  `reminder:${requestId}:${lead}:${recipientId}`;

/**
 * The reminders of a session booked at `decidedAt`: one per lead and party, due `lead` minutes before the start;
 * none for a lead that had passed when it was booked.
 */
function remindersOf(
  request: RequestView,
  leads: number[],
  recipients: { id: string; role: 'student' | 'educator' }[],
  at: string,
) {
  const booked = Date.parse(request.decidedAt ?? at);
  return leads.flatMap((lead) => {
    const due = Date.parse(request.startsAt) - lead * MINUTE_MS;
    if (due < booked) return [];
    return recipients.map(
      ({ id, role }): DeliveryRow => ({
        key: reminderKey(request.id, lead, id),
        kind: 'reminder',
        resourceId: request.id,
        recipientId: id,
        role,
        payload: null,
        leadMinutes: lead,
        status: 'queued',
        dueAt: new Date(due).toISOString(),
        createdAt: at,
      }),
    );
  });
}

/**
 * The email telling a waiting student that a time opened, planned only if the claim in the same write is had: they
 * still wait in the course and had no such email in the hour before `at`. The claim comes after the insert, so a
 * second event for them later in the batch (or another process's) finds it taken; the first event claims it.
 */
function waitlistMail(db: Database, event: typeof outbox.$inferSelect, studentId: string, at: string) {
  const { courseId, slotId } = event;
  return [
    sql`INSERT INTO ${mailDeliveries} (key, kind, resource_id, recipient_id, role, payload, status, due_at, created_at)
      SELECT ${eventKey(event.id, studentId)}, 'opened', ${slotId}, ${studentId}, 'student', ${event.payload}, 'queued', ${at}, ${at}
      WHERE EXISTS (SELECT 1 FROM waitlist_entries WHERE ${waitlistEmailDue(courseId, studentId, at)})
      ON CONFLICT DO NOTHING`,
    markWaitlistEmailed(db, courseId, studentId, at),
  ];
}

/**
 * Plans the emails of the next batch of outbox events at `now` for the recipients with an address who want email
 * (a user with neither gets none); resolves with how many events it read.
 */
export async function planMail(db: Database, now: Date, reminderLeads: number[]): Promise<number> {
  const after = await plannedUpTo(db);
  const events = await db.select().from(outbox).where(gt(outbox.id, after)).orderBy(asc(outbox.id)).limit(PLAN_BATCH);
  if (events.length === 0) return 0;
  const at = now.toISOString();
  const planned = events.flatMap((event) => mailsFor(event).map((mail) => ({ event, mail })));
  const contacts = await contactsOf(
    db,
    planned.map(({ mail }) => mail.recipientId),
  );
  const reachable = (userId: string) => {
    const contact = contacts.get(userId);
    return Boolean(contact?.email && contact.emailEnabled);
  };
  const rows: DeliveryRow[] = [];
  const claimed = [];
  for (const { event, mail } of planned) {
    if (!reachable(mail.recipientId)) continue;
    if (mail.kind === 'opened') {
      claimed.push(...waitlistMail(db, event, mail.recipientId, at));
      continue;
    }
    rows.push({
      key: eventKey(event.id, mail.recipientId),
      kind: mail.kind,
      resourceId: event.requestId ?? event.slotId,
      recipientId: mail.recipientId,
      role: mail.role,
      payload: event.payload,
      status: 'queued',
      dueAt: at,
      createdAt: at,
    });
    if (mail.kind === 'approved') {
      rows.push(...remindersOf(JSON.parse(event.payload), reminderLeads, [{ id: mail.recipientId, role: mail.role }], at));
    }
  }
  const inserts = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    inserts.push(
      db
        .insert(mailDeliveries)
        .values(rows.slice(start, start + ROWS_PER_INSERT))
        .onConflictDoNothing(),
    );
  }
  const last = events[events.length - 1].id;
  await writeAtomically(db, [
    ...inserts,
    ...claimed,
    db
      .update(mailState)
      .set({ plannedUpTo: last })
      .where(and(eq(mailState.id, STATE), eq(mailState.plannedUpTo, after))),
  ]);
  return events.length;
}
