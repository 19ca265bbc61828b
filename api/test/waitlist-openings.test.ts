// When a time opens inside a waiting student's window (SPEC §14): a `waitlist.opened` live event for that student
// alone, carrying the slot as the course listing shows it; queued by the change, announced by bounded steps.
import { CourseSlot } from '@one-on-one/contract/resources';
import { count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox, slotOpenings, waitlistEntries } from '../src/db/schema.ts';
import { ANNOUNCE_BATCH, announceOpenings } from '../src/domain/waitlist/openings.ts';
import type { EventHub, OutboxEvent } from '../src/live/hub.ts';
import { at, DEFAULT_POLICY, setupWithHub, type TestApi, type TestUser, users } from './helpers.ts';
import { type SseEvent, streamOf } from './sse.ts';

let api: TestApi;
let hub: EventHub;
beforeEach(async () => {
  ({ api, hub } = await setupWithHub());
});

const waiter: TestUser = { sub: 'st-3', name: 'Mary Somerville', courses: [{ id: 'c-101', role: 'student' }] };

const wait = async (user: TestUser, from: number, to: number) => {
  const res = await api.post('/api/courses/c-101/waitlist', user, { from: at(from), to: at(to) });
  expect(res.status).toBe(201);
};

/** Runs the background announcement to its end, as the server does; returns how many steps it took. */
async function announceAll(): Promise<number> {
  let steps = 0;
  while (await announceOpenings(api.db, api.now(), DEFAULT_POLICY)) steps++;
  return steps;
}

/** The waitlist events in the outbox, as [student, slot] pairs. */
async function announced(): Promise<[string | null, string][]> {
  const rows = await api.db.select().from(outbox).where(eq(outbox.type, 'waitlist.opened')).orderBy(outbox.id);
  return rows.map((row) => [row.studentId, row.slotId]);
}

const isOpened = (event: SseEvent) => event.event === 'waitlist.opened';

describe('waitlist.opened', () => {
  it('reaches the waiting student alone, with the slot as the course listing shows it to them', async () => {
    await wait(users.student, 20, 30);
    await wait(waiter, 40, 50);
    const [waiting, outside, classmate, educator] = await Promise.all(
      [users.student, waiter, users.otherStudent, users.educator].map((user) => streamOf(api, user)),
    );
    const slot = await api.slot(24);
    await announceAll();

    const event = await waiting.next(isOpened);
    const data = JSON.parse(event.data ?? '');
    expect(CourseSlot.strict().parse(data)).toEqual(data);
    const listing = await api.get('/api/availability/course/c-101', users.student);
    expect(data).toEqual(listing.body.items[0]);
    expect(data).toMatchObject({ id: slot.id, status: 'open', requestedByMe: false });

    // A change every stream hears of comes after the announcement: whoever got it first would have had the event.
    await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'Room 4' });
    for (const stream of [outside, classmate, educator, waiting]) {
      await stream.next((e) => e.event === 'slot.updated');
      expect(stream.received.filter(isOpened)).toHaveLength(stream === waiting ? 1 : 0);
    }
    for (const stream of [waiting, outside, classmate, educator]) stream.close();
  });

  it("is handed by the hub to its student's streams only", async () => {
    const handed = new Map<string, OutboxEvent[]>();
    for (const userId of ['st-1', 'st-2', 'ed-1']) {
      handed.set(userId, []);
      await hub.subscribe({ userId, deliver: (events) => handed.get(userId)?.push(...events), close: () => {} });
    }
    await wait(users.student, 20, 30);
    await api.slot(24);
    await announceAll();
    const marker = await api.slot(60);
    await vi.waitFor(() => {
      for (const events of handed.values()) expect(events.map((event) => event.slotId)).toContain(marker.id);
    });
    const opened = (userId: string) => handed.get(userId)?.filter((event) => event.type === 'waitlist.opened').length;
    expect([opened('st-1'), opened('st-2'), opened('ed-1')]).toEqual([1, 0, 0]);
    hub.close();
  });

  it('is replayed after Last-Event-ID to its student only', async () => {
    await wait(users.student, 20, 30);
    const first = await streamOf(api, users.student);
    const classmate = await streamOf(api, users.otherStudent);
    await api.slot(10);
    const marker = await first.next((e) => e.event === 'slot.created');
    const markerForClassmate = await classmate.next((e) => e.event === 'slot.created');
    first.close();
    classmate.close();
    await api.slot(24);
    await announceAll();
    await api.slot(60);

    const again = await streamOf(api, users.student, marker.id);
    await again.next(isOpened);
    const other = await streamOf(api, users.otherStudent, markerForClassmate.id);
    await other.next((e) => e.event === 'slot.created' && JSON.parse(e.data ?? '').startsAt === at(60));
    expect(other.received.filter(isOpened)).toEqual([]);
    again.close();
    other.close();
  });

  it('tells of each slot of a series: one event per student, the first slot inside their window', async () => {
    await wait(users.student, 0, 24 * 30);
    await wait(waiter, 24 * 20, 24 * 21);
    await wait(users.otherStudent, 24 * 40, 24 * 50);
    const series = await api.post('/api/availability/series', users.educator, {
      courseId: 'c-101',
      timeZone: 'UTC',
      from: '2026-12-07',
      until: '2026-12-28',
      weekdays: [1],
      startTime: '10:00',
      endTime: '11:00',
      slotMinutes: 60,
    });
    expect(series.status).toBe(201);
    await announceAll();
    const [first, , third] = series.body.items;
    expect(third.startsAt).toBe('2026-12-21T10:00:00.000Z');
    expect(await announced()).toEqual([
      ['st-1', first.id],
      ['st-3', third.id],
    ]);
  });

  it('tells of a slot reopened by a cancellation after approval', async () => {
    const slot = await api.slot(24);
    const session = await api.approve((await api.request(slot.id, users.otherStudent)).id);
    await wait(users.student, 20, 30);
    expect(await announced()).toEqual([]);
    await api.put(`/api/session/cancel/${session.id}`, users.educator, { reason: 'Ill' });
    await announceAll();
    expect(await announced()).toEqual([['st-1', slot.id]]);
  });

  it('tells of a slot reopened by a move taking effect', async () => {
    const [original, later] = [await api.slot(24), await api.slot(72)];
    const session = await api.approve((await api.request(original.id, users.otherStudent)).id);
    await wait(users.student, 20, 30);
    const move = await api.post(`/api/session/reschedule/${session.id}`, users.otherStudent, { slotId: later.id });
    await announceAll();
    expect(await announced()).toEqual([]);
    await api.approve(move.body.id);
    await announceAll();
    expect(await announced()).toEqual([['st-1', original.id]]);
  });

  it('tells of a slot whose time moves into the window, not of one that moves within it or gets a note', async () => {
    const slot = await api.slot(100);
    await wait(users.student, 20, 30);
    await wait(waiter, 20, 200);
    await api.put(`/api/availability/update/${slot.id}`, users.educator, { note: 'Bring your laptop' });
    await api.put(`/api/availability/update/${slot.id}`, users.educator, { startsAt: at(24), endsAt: at(25) });
    await announceAll();
    expect(await announced()).toEqual([['st-1', slot.id]]);
  });

  it('is not sent for a slot that is no longer requestable when announced, nor outside the booking window', async () => {
    await api.put('/api/courses/c-101/policy', users.educator, { maxDaysAhead: 10 });
    await wait(users.student, 0, 24 * 20);
    const booked = await api.slot(24);
    await api.approve((await api.request(booked.id, users.otherStudent)).id);
    const deleted = await api.slot(48);
    await api.del(`/api/availability/delete/${deleted.id}`, users.educator);
    await api.slot(24 * 15);
    await api.slot(2);
    api.setNow(at(3));
    await announceAll();
    expect(await announced()).toEqual([]);
    expect(await api.db.select().from(slotOpenings)).toEqual([]);
  });

  it('records when the student was last told', async () => {
    await wait(users.student, 20, 30);
    await wait(waiter, 40, 50);
    await api.slot(24);
    api.setNow(at(0.5));
    await announceAll();
    const entries = await api.db.select().from(waitlistEntries).orderBy(waitlistEntries.studentId);
    expect(entries.map((entry) => [entry.studentId, entry.notifiedAt])).toEqual([
      ['st-1', at(0.5)],
      ['st-3', null],
    ]);
  });

  it('costs the change one queued row however many wait, and is told a bounded batch per step', async () => {
    const waiting = 10_000;
    const rows = Array.from({ length: waiting }, (_, n) => ({
      courseId: 'c-101',
      studentId: `st-w${String(n).padStart(5, '0')}`,
      windowFrom: at(0),
      windowTo: at(48),
      createdAt: at(0),
      updatedAt: at(0),
    }));
    for (let n = 0; n < rows.length; n += 500) await api.db.insert(waitlistEntries).values(rows.slice(n, n + 500));
    const eventsBefore = (await api.db.select({ n: count() }).from(outbox))[0].n;
    const slot = await api.slot(24);
    expect((await api.db.select({ n: count() }).from(outbox))[0].n).toBe(eventsBefore + 1);
    expect(await api.db.select({ n: count() }).from(slotOpenings)).toEqual([{ n: 1 }]);

    const perStep: number[] = [];
    let told = 0;
    while (await announceOpenings(api.db, api.now(), DEFAULT_POLICY)) {
      const now = (await api.db.select({ n: count() }).from(outbox).where(eq(outbox.type, 'waitlist.opened')))[0].n;
      perStep.push(now - told);
      told = now;
    }
    expect(Math.max(...perStep)).toBe(ANNOUNCE_BATCH);
    expect(perStep.length).toBeLessThanOrEqual(Math.ceil(waiting / ANNOUNCE_BATCH) + 2);
    const all = await announced();
    expect(new Set(all.map(([studentId]) => studentId)).size).toBe(waiting);
    expect(all.every(([, slotId]) => slotId === slot.id)).toBe(true);
    expect(await api.db.select().from(slotOpenings)).toEqual([]);
  });

  it('tells each student once when several processes announce at the same time', async () => {
    const rows = Array.from({ length: ANNOUNCE_BATCH * 2 + 7 }, (_, n) => ({
      courseId: 'c-101',
      studentId: `st-w${String(n).padStart(5, '0')}`,
      windowFrom: at(0),
      windowTo: at(48),
      createdAt: at(0),
      updatedAt: at(0),
    }));
    for (let n = 0; n < rows.length; n += 500) await api.db.insert(waitlistEntries).values(rows.slice(n, n + 500));
    await api.slot(24);
    await api.slot(30);
    const announcer = async () => {
      while (await announceOpenings(api.db, api.now(), DEFAULT_POLICY));
    };
    await Promise.all([announcer(), announcer(), announcer()]);
    const all = await announced();
    expect(all).toHaveLength(rows.length * 2);
    expect(new Set(all.map((pair) => pair.join(' '))).size).toBe(rows.length * 2);
  });

  it('queues nothing when nobody waits in the course', async () => {
    await api.slot(24);
    expect(await api.db.select().from(slotOpenings)).toEqual([]);
    expect(await announceAll()).toBe(0);
  });
});
