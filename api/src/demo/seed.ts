// Demo data for an empty database: slots over the next two weeks and requests in every status.
// It goes through the same domain rules as the API, with the clock set where each step happens.
import { sql } from 'drizzle-orm';
import { DEFAULT_MAX_LIVE_SLOTS } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createSlot } from '../domain/availability.ts';
import type { User } from '../domain/identity.ts';
import type { PolicyRules } from '../domain/policy.ts';
import {
  approveRequest,
  cancelRequest,
  type RequestContext,
  rejectRequest,
  requestSlot,
  rescheduleRequest,
} from '../domain/requests/index.ts';
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
  attendanceGoal: 1,
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
  const as = (user: User, when: Date): RequestContext => ({ db, user, at: when.toISOString(), defaults: rules });
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
  const doneRequest = await requestSlot(as(ada, lastWeek), {
    slotId: done.id,
    message: 'Could we go over merge sort once more?',
  });
  await approveRequest(as(grace, lastWeek), doneRequest.id, 'https://meet.example.com/grace-office-hours');
  const missed = await slot(edsger, courses.discrete.id, -2, 9, 30, lastWeek);
  await requestSlot(as(mary, lastWeek), { slotId: missed.id, message: 'Induction proofs' });

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
  await requestSlot(as(ada, asked), { slotId: algorithms[0].id, message: 'I am stuck on heaps and priority queues.' });
  await requestSlot(as(katherine, asked), { slotId: algorithms[0].id, message: 'Question about amortised analysis.' });
  await requestSlot(as(alan, asked), { slotId: algorithms[2].id, message: 'Graph search, before my TA session.' });
  const approved = await requestSlot(as(ada, asked), { slotId: algorithms[3].id, message: 'Dynamic programming, please.' });
  await approveRequest(as(grace, asked), approved.id, 'https://meet.example.com/grace-dp');
  const rejected = await requestSlot(as(katherine, asked), { slotId: algorithms[4].id });
  await rejectRequest(as(grace, asked), rejected.id, 'Please come to the Friday lab instead: this topic is covered there.');
  const withdrawn = await requestSlot(as(ada, asked), { slotId: discrete[1].id, message: 'Pigeonhole principle' });
  await cancelRequest(as(ada, asked), withdrawn.id, 'Found the answer in the notes.');
  const calledOff = await requestSlot(as(mary, asked), { slotId: discrete[0].id, message: 'Graph colouring' });
  await approveRequest(as(edsger, asked), calledOff.id, 'https://meet.example.com/edsger');
  await cancelRequest(as(edsger, asked), calledOff.id, 'I have to travel that day; please pick another time.');
  await requestSlot(as(mary, asked), { slotId: discrete[discrete.length - 2].id, message: 'Problem set 4, question 2' });

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
  await rescheduleRequest(as(ada, asked), approved.id, {
    slotId: algorithms[5].id,
    message: 'Could we make it later that week?',
  });
  return true;
}
