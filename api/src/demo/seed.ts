// Demo data for an empty database: slots over the next two weeks and requests in every status.
// It goes through the same domain rules as the API, with the clock set where each step happens.
import { sql } from 'drizzle-orm';
import { DEFAULT_MAX_LIVE_SLOTS } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createSlot } from '../domain/availability.ts';
import { rescheduleRequest } from '../domain/moves.ts';
import type { PolicyRules } from '../domain/policy.ts';
import { approveRequest, cancelRequest, rejectRequest, requestSlot } from '../domain/requests.ts';
import { createSeries } from '../domain/series.ts';
import { courses, demoUser } from './users.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rules: PolicyRules = {
  minNoticeMinutes: 0,
  maxDaysAhead: 366,
  cancelNoticeMinutes: 0,
  maxPendingPerStudent: 50,
  maxUpcomingPerStudent: null,
};

/** Midnight UTC of the day `days` after `now`, plus `hours`. */
function at(now: Date, days: number, hours: number): Date {
  const day = new Date(now);
  day.setUTCHours(0, 0, 0, 0);
  return new Date(day.getTime() + days * DAY + hours * HOUR);
}

const person = (id: string) => {
  const user = demoUser(id);
  if (!user) throw new Error(`no demo user ${id}`);
  return user;
};

/** Seeds when the database has no slot yet; returns whether it did. */
export async function seedDemo(db: Database, now = new Date()): Promise<boolean> {
  const existing = await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM slots`);
  if (Number(existing?.n) > 0) return false;

  const [grace, edsger, alan, ada, katherine, mary] = ['grace', 'edsger', 'alan', 'ada', 'katherine', 'mary'].map(person);
  const slot = async (
    educator: typeof grace,
    courseId: string,
    days: number,
    hour: number,
    minutes: number,
    createdAt: Date,
    note?: string,
  ) =>
    createSlot(
      db,
      educator,
      {
        courseId,
        startsAt: at(now, days, hour).toISOString(),
        endsAt: new Date(at(now, days, hour).getTime() + minutes * 60_000).toISOString(),
        note: note ?? null,
      },
      createdAt,
      DEFAULT_MAX_LIVE_SLOTS,
    );

  // Last week: a completed session, and a request nobody answered in time.
  const lastWeek = new Date(now.getTime() - 8 * DAY);
  const done = await slot(grace, courses.algorithms.id, -3, 15, 45, lastWeek);
  const doneRequest = await requestSlot(
    db,
    ada,
    { slotId: done.id, message: 'Could we go over merge sort once more?' },
    lastWeek,
    rules,
  );
  await approveRequest(db, grace, doneRequest.id, 'https://meet.example.com/grace-office-hours', lastWeek, rules);
  const missed = await slot(edsger, courses.discrete.id, -2, 9, 30, lastWeek);
  await requestSlot(db, mary, { slotId: missed.id, message: 'Induction proofs' }, lastWeek, rules);

  // The next two weeks of office hours.
  const created = new Date(now.getTime() - HOUR);
  const algorithms = [];
  for (const days of [1, 2, 3, 5, 6, 8, 9, 10, 12, 13]) {
    algorithms.push(
      await slot(
        grace,
        courses.algorithms.id,
        days,
        10,
        30,
        created,
        days === 1 ? 'Bring the exercise you are stuck on.' : undefined,
      ),
    );
    if (days % 2 === 1) algorithms.push(await slot(grace, courses.algorithms.id, days, 14, 60, created));
  }
  const discrete = [];
  for (const days of [1, 3, 4, 7, 8, 11, 14]) discrete.push(await slot(edsger, courses.discrete.id, days, 13, 45, created));
  for (const days of [2, 6, 9]) discrete.push(await slot(alan, courses.discrete.id, days, 16, 30, created, 'Problem-set help'));

  // Requests in every state.
  const asked = new Date(now.getTime() - 30 * 60_000);
  await requestSlot(db, ada, { slotId: algorithms[0].id, message: 'I am stuck on heaps and priority queues.' }, asked, rules);
  await requestSlot(db, katherine, { slotId: algorithms[0].id, message: 'Question about amortised analysis.' }, asked, rules);
  await requestSlot(db, alan, { slotId: algorithms[2].id, message: 'Graph search, before my TA session.' }, asked, rules);
  const approved = await requestSlot(
    db,
    ada,
    { slotId: algorithms[3].id, message: 'Dynamic programming, please.' },
    asked,
    rules,
  );
  await approveRequest(db, grace, approved.id, 'https://meet.example.com/grace-dp', asked, rules);
  const rejected = await requestSlot(db, katherine, { slotId: algorithms[4].id }, asked, rules);
  await rejectRequest(
    db,
    grace,
    rejected.id,
    'Please come to the Friday lab instead: this topic is covered there.',
    asked,
    rules,
  );
  const withdrawn = await requestSlot(db, ada, { slotId: discrete[1].id, message: 'Pigeonhole principle' }, asked, rules);
  await cancelRequest(db, ada, withdrawn.id, 'Found the answer in the notes.', asked, rules);
  const calledOff = await requestSlot(db, mary, { slotId: discrete[0].id, message: 'Graph colouring' }, asked, rules);
  await approveRequest(db, edsger, calledOff.id, 'https://meet.example.com/edsger', asked, rules);
  await cancelRequest(db, edsger, calledOff.id, 'I have to travel that day; please pick another time.', asked, rules);
  await requestSlot(db, mary, { slotId: discrete[discrete.length - 2].id, message: 'Problem set 4, question 2' }, asked, rules);

  // Weekly drop-in office hours, booked at once, and a session waiting on a move.
  const day = (days: number) => at(now, days, 0).toISOString().slice(0, 10);
  await createSeries(
    db,
    edsger,
    {
      courseId: courses.discrete.id,
      timeZone: 'Europe/Amsterdam',
      from: day(1),
      until: day(21),
      weekdays: [2, 4],
      startTime: '17:00',
      endTime: '18:00',
      slotMinutes: 20,
      breakMinutes: 0,
      note: 'Drop-in office hours',
      meetingLink: 'https://meet.example.com/edsger-drop-in',
      instant: true,
    },
    created,
    DEFAULT_MAX_LIVE_SLOTS,
  );
  await rescheduleRequest(
    db,
    ada,
    approved.id,
    { slotId: algorithms[5].id, message: 'Could we make it later that week?' },
    asked,
    rules,
  );
  return true;
}
