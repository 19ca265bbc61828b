// Attendance in the LMS gradebook (SPEC §15) against the simulated LMS: one column per course, found again and never
// duplicated, also when two processes race; scores posted from the outbox with the count read when sent, retried with
// backoff while the platform fails, never holding up the attendance write; `gradeSync` and `request.attendance` tell
// the educator when the score has reached the LMS.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Database, openDatabase } from '../src/db/client.ts';
import { ltiGradePosts, ltiLineItems, ltiUsers, outbox } from '../src/db/schema.ts';
import { gradebookOf, RESOURCE_ID } from '../src/lti/ags.ts';
import { scoreSender } from '../src/lti/grade-sync.ts';
import { LineItemBusy, lineItemFor } from '../src/lti/line-item.ts';
import { MAX_ATTEMPTS, postDueScores } from '../src/lti/scores.ts';
import { mailsFor } from '../src/mail/kinds.ts';
import { deliverNext } from '../src/webhooks/delivery.ts';
import { HOUR, type TestApi, type TestUser, testConfig, users } from './helpers.ts';
import { AGS_CLAIM, COURSE, LINE_ITEM_TYPE, NEVER_LAUNCHED, PEOPLE, SCORE_TYPE, SERVICE_SCOPES } from './lti-platform.ts';
import { platformForTests, registerAndLaunch, serviceTool } from './lti-tool.ts';
import { streamOf } from './sse.ts';

const SECOND = 1000;

let api: TestApi;
const platform = platformForTests(() => api.now());

/** A fresh tool (over `url`, a database file, when given) that the platform offers its services to. */
async function freshTool(url?: string) {
  api = await serviceTool(platform, { url });
  platform.gradebook.reset();
}
afterEach(() => api.db.$client.close());

/** The course as the tool knows it after a launch: its id, its educator and its students (by their tokens). */
interface LtiCourse {
  platformId: string;
  courseId: string;
  educator: TestUser;
  learner: TestUser;
  /** A member the LMS named (the tool knows their platform id) who is not `learner`. */
  classmate: TestUser;
}

/** Registers the tool, launches Ada in the course, and lets the tool know a classmate of hers. */
async function lmsCourse(): Promise<LtiCourse> {
  const platformId = await registerAndLaunch(api, platform, 'ada');
  const courseId = `${platformId}:${COURSE.id}`;
  const member = (sub: string, name: string, role: 'student' | 'educator'): TestUser => ({
    sub: `${platformId}:${sub}`,
    name,
    courses: [{ id: courseId, role, title: COURSE.title }],
  });
  const classmate = member(NEVER_LAUNCHED.user_id, 'Noor Inayat', 'student');
  await api.db
    .insert(ltiUsers)
    .values({ userId: classmate.sub, platformId, sub: NEVER_LAUNCHED.user_id, updatedAt: api.now().toISOString() });
  return {
    platformId,
    courseId,
    educator: member(PEOPLE.grace.sub, 'Grace Hopper', 'educator'),
    learner: member(PEOPLE.ada.sub, 'Ada Lovelace', 'student'),
    classmate,
  };
}

const later = (ms: number) => api.setNow(new Date(api.now().getTime() + ms));

/** An approved session of `student` with `educator` in `courseId` that has just started; resolves with its id. */
async function startedSession(educator: TestUser, student: TestUser, courseId: string): Promise<string> {
  const slot = await api.post('/api/availability/create', educator, {
    courseId,
    startsAt: new Date(api.now().getTime() + HOUR).toISOString(),
    endsAt: new Date(api.now().getTime() + 2 * HOUR).toISOString(),
  });
  const request = await api.request(slot.body.id, student);
  await api.approve(request.id, educator);
  later(1.5 * HOUR);
  return request.id;
}

const attend = (educator: TestUser, requestId: string, attended = true) =>
  api.put(`/api/session/attendance/${requestId}`, educator, { attended });

/** The tool's score poster over `db` (this process's unless another handle is given), as the server runs it. */
const sender = (db: Database = api.db) => scoreSender(db, testConfig({ lti: { allowLoopback: true } }), api.now);

const columns = () => platform.gradebook.lineItemsFor(RESOURCE_ID);
const scoresPosted = () => platform.gradebook.calls.filter((call) => call.path.includes('/scores'));
const fileUrl = () => `file:${join(mkdtempSync(join(tmpdir(), 'grades-')), 'sessions.db')}`;

describe('the course’s column in the LMS gradebook', () => {
  beforeEach(() => freshTool());

  it('is created once, labelled and with the goal as its maximum, then found again by its resourceId', async () => {
    const course = await lmsCourse();
    const poster = sender();
    await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    expect(await postDueScores(poster, api.now())).toEqual({ posted: 1, failed: 0, skipped: 0 });
    expect(columns()).toEqual([
      expect.objectContaining({ label: 'One-on-one sessions attended', scoreMaximum: 1, resourceId: RESOURCE_ID }),
    ]);
    const [search, create] = platform.gradebook.calls;
    expect(search).toMatchObject({ method: 'GET', path: `/courses/${COURSE.id}/lineitems?v=1&resource_id=${RESOURCE_ID}` });
    expect(create).toMatchObject({ method: 'POST', status: 201, contentType: LINE_ITEM_TYPE });

    // Known now: the next score goes straight to it.
    platform.gradebook.calls.length = 0;
    await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    await postDueScores(poster, api.now());
    expect(platform.gradebook.calls.map((call) => call.method)).toEqual(['POST']);

    // A tool that lost what it knew (a restored database) finds the same column again instead of making another.
    await api.db.delete(ltiLineItems);
    platform.gradebook.calls.length = 0;
    await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    await postDueScores(sender(), api.now());
    expect(platform.gradebook.calls.map((call) => `${call.method} ${call.status}`)).toEqual(['GET 200', 'POST 204']);
    expect(columns()).toHaveLength(1);
    expect(scoresPosted().every((call) => call.path.startsWith(`/courses/${COURSE.id}/lineitems/2/scores`))).toBe(true);
  });

  it('is not made in a course whose launch did not grant both the line items and the scores scopes', async () => {
    platform.launchWith({
      ...platform.serviceClaims(),
      [AGS_CLAIM]: { scope: [SERVICE_SCOPES[2]], lineitem: `${platform.issuer}/x` },
    });
    const course = await lmsCourse();
    const recorded = await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    expect(recorded.body).toMatchObject({ attended: true, gradeSync: null });
    expect(await api.db.select().from(ltiGradePosts)).toEqual([]);
    expect(await postDueScores(sender(), api.now())).toEqual({ posted: 0, failed: 0, skipped: 0 });
    expect(platform.gradebook.calls).toEqual([]);
  });

  it('follows the course’s attendance goal: a new goal changes its maximum and posts the scores again', async () => {
    const course = await lmsCourse();
    const poster = sender();
    await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    await postDueScores(poster, api.now());
    platform.gradebook.calls.length = 0;

    const policy = `/api/courses/${encodeURIComponent(course.courseId)}/policy`;
    expect((await api.put(policy, course.educator, { attendanceGoal: 3 })).status).toBe(200);
    await postDueScores(poster, api.now());
    expect(platform.gradebook.calls.map((call) => call.method)).toEqual(['PUT', 'POST']);
    expect(columns()[0].scoreMaximum).toBe(3);
    expect(columns()[0].scores.at(-1)).toMatchObject({ scoreGiven: 1, scoreMaximum: 3, activityProgress: 'InProgress' });

    // Saving the rules with the same goal posts nothing again.
    platform.gradebook.calls.length = 0;
    await api.put(policy, course.educator, { attendanceGoal: 3, maxDaysAhead: 30 });
    expect(await postDueScores(poster, api.now())).toEqual({ posted: 0, failed: 0, skipped: 0 });
    expect(platform.gradebook.calls).toEqual([]);
  });
});

describe('two processes over one database', () => {
  let other: Database;
  beforeEach(async () => {
    const url = fileUrl();
    await freshTool(url);
    other = await openDatabase(url);
  });
  afterEach(() => other.$client.close());

  it('create exactly one column when they race for it', async () => {
    const course = await lmsCourse();
    const book = await gradebookOf(api.db, course.courseId);
    if (!book) throw new Error('the course has no gradebook');
    const racers = [sender(api.db), sender(other), sender(api.db), sender(other), sender(api.db), sender(other)];
    const results = await Promise.allSettled(racers.map((racer) => lineItemFor(racer, book, 1, api.now(), racer.owner)));
    const made = results.filter((result) => result.status === 'fulfilled');
    expect(made).toHaveLength(1);
    expect(
      results.filter((result) => result.status === 'rejected').every((result) => result.reason instanceof LineItemBusy),
    ).toBe(true);
    expect(platform.gradebook.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
    expect(columns()).toHaveLength(1);

    // Both now know it.
    for (const racer of racers.slice(0, 2))
      expect(await lineItemFor(racer, book, 1, api.now(), racer.owner)).toBe(columns()[0].id);
  });

  it('post each student’s score once between them, into one column', async () => {
    const course = await lmsCourse();
    await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    await attend(course.educator, await startedSession(course.educator, course.classmate, course.courseId));
    const [first, second] = [sender(api.db), sender(other)];
    const steps = await Promise.all([postDueScores(first, api.now()), postDueScores(second, api.now())]);
    // The one that found the column being made waits a few seconds, then posts into it.
    later(5 * SECOND);
    steps.push(await postDueScores(second, api.now()), await postDueScores(first, api.now()));
    expect(steps.reduce((sum, step) => sum + step.posted, 0)).toBe(2);
    expect(columns()).toHaveLength(1);
    expect(
      columns()[0]
        .scores.map((score) => score.userId)
        .sort(),
    ).toEqual([PEOPLE.ada.sub, NEVER_LAUNCHED.user_id]);
  });
});

describe('scores', () => {
  beforeEach(async () => {
    await freshTool();
    // Each failed post is reported; these tests fail many on purpose.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('give the sessions attended, capped at the goal, Completed at it, for the LMS’s own user id', async () => {
    const course = await lmsCourse();
    const poster = sender();
    await api.put(`/api/courses/${encodeURIComponent(course.courseId)}/policy`, course.educator, { attendanceGoal: 2 });
    const sessions = [];
    for (let n = 0; n < 3; n++) sessions.push(await startedSession(course.educator, course.learner, course.courseId));
    const scoreAfter = async (requestId: string, attended: boolean) => {
      await attend(course.educator, requestId, attended);
      await postDueScores(poster, api.now());
      return columns()[0].scores.at(-1);
    };
    const graded = { userId: PEOPLE.ada.sub, scoreMaximum: 2, gradingProgress: 'FullyGraded' };
    expect(await scoreAfter(sessions[0], false)).toEqual({
      ...graded,
      scoreGiven: 0,
      activityProgress: 'InProgress',
      timestamp: api.now().toISOString(),
    });
    expect(await scoreAfter(sessions[0], true)).toMatchObject({ ...graded, scoreGiven: 1, activityProgress: 'InProgress' });
    expect(await scoreAfter(sessions[1], true)).toMatchObject({ ...graded, scoreGiven: 2, activityProgress: 'Completed' });
    expect(await scoreAfter(sessions[2], true)).toMatchObject({ ...graded, scoreGiven: 2, activityProgress: 'Completed' });
    expect(await scoreAfter(sessions[1], false)).toMatchObject({ ...graded, scoreGiven: 2, activityProgress: 'Completed' });
    expect(scoresPosted().every((call) => call.contentType === SCORE_TYPE && call.status === 204)).toBe(true);
  });

  it('count what is recorded when they are sent: two changes before a post make one post of the latest', async () => {
    const course = await lmsCourse();
    const [one, two] = [
      await startedSession(course.educator, course.learner, course.courseId),
      await startedSession(course.educator, course.learner, course.courseId),
    ];
    await attend(course.educator, one);
    await attend(course.educator, two);
    await attend(course.educator, one, false);
    expect(await postDueScores(sender(), api.now())).toMatchObject({ posted: 1 });
    expect(columns()[0].scores).toEqual([expect.objectContaining({ scoreGiven: 1, activityProgress: 'Completed' })]);
  });

  it('are retried with growing waits while the platform fails, and arrive after; attendance never waits', async () => {
    const course = await lmsCourse();
    const poster = sender();
    platform.gradebook.failScores({ times: 3 });
    const session = await startedSession(course.educator, course.learner, course.courseId);
    const recorded = await attend(course.educator, session);
    expect(recorded.status).toBe(200);
    expect(recorded.body.gradeSync).toBe('pending');
    expect(platform.gradebook.calls).toEqual([]);

    const waits = [];
    for (;;) {
      const step = await postDueScores(poster, api.now());
      if (step.posted === 1) break;
      expect(step.failed).toBe(1);
      const [row] = await api.db.select().from(ltiGradePosts);
      expect(row.lastError).toMatch(/503/);
      // Not due before its time: a step asks the platform nothing.
      const asked = platform.gradebook.calls.length;
      expect(await postDueScores(poster, api.now())).toEqual({ posted: 0, failed: 0, skipped: 0 });
      expect(platform.gradebook.calls).toHaveLength(asked);
      const wait = Date.parse(row.nextAttemptAt as string) - api.now().getTime();
      waits.push(wait);
      later(wait);
    }
    expect(waits).toEqual([1 * SECOND, 2 * SECOND, 4 * SECOND]);
    expect(scoresPosted().map((call) => call.status)).toEqual([503, 503, 503, 204]);
    expect((await api.get('/api/session/educator/requests', course.educator)).body.items[0].gradeSync).toBe('sent');
  });

  it('wait at most an hour between tries, and ask a failing platform once a step, not once a student', async () => {
    const course = await lmsCourse();
    const poster = sender();
    platform.gradebook.failScores({ until: new Date(api.now().getTime() + 100 * HOUR) });
    await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    await attend(course.educator, await startedSession(course.educator, course.classmate, course.courseId));
    expect(await postDueScores(poster, api.now())).toEqual({ posted: 0, failed: 1, skipped: 1 });
    const waits: number[] = [];
    for (let step = 0; step < 40; step++) {
      const due = (await api.db.select().from(ltiGradePosts)).map((row) => Date.parse(row.nextAttemptAt as string));
      api.setNow(new Date(Math.min(...due)));
      await postDueScores(poster, api.now());
      for (const row of await api.db.select().from(ltiGradePosts)) {
        if (row.updatedAt === api.now().toISOString()) waits.push(Date.parse(row.nextAttemptAt as string) - api.now().getTime());
      }
    }
    expect(waits.slice(0, 3)).toEqual([1 * SECOND, 1 * SECOND, 2 * SECOND]);
    expect(Math.max(...waits)).toBe(HOUR);
    expect(waits.at(-1)).toBe(HOUR);
  });

  it('take a fresh token when the platform refuses the kept one, and try once more', async () => {
    const course = await lmsCourse();
    const poster = sender();
    const [first, second] = [
      await startedSession(course.educator, course.learner, course.courseId),
      await startedSession(course.educator, course.learner, course.courseId),
    ];
    await attend(course.educator, first);
    await postDueScores(poster, api.now());
    const tokensBefore = platform.tokenRequests.length;
    platform.gradebook.revokeTokens();
    platform.gradebook.calls.length = 0;
    await attend(course.educator, second);
    expect(await postDueScores(poster, api.now())).toMatchObject({ posted: 1 });
    expect(platform.gradebook.calls.map((call) => call.status)).toEqual([401, 204]);
    expect(platform.tokenRequests).toHaveLength(tokensBefore + 1);
  });

  it('post a bounded number a step', async () => {
    const course = await lmsCourse();
    await attend(course.educator, await startedSession(course.educator, course.learner, course.courseId));
    await attend(course.educator, await startedSession(course.educator, course.classmate, course.courseId));
    expect(await postDueScores(sender(), api.now(), 1)).toMatchObject({ posted: 1 });
    expect(await postDueScores(sender(), api.now(), 1)).toMatchObject({ posted: 1 });
    expect(await postDueScores(sender(), api.now(), 1)).toMatchObject({ posted: 0 });
  });
});

describe('what the educator and the student see', () => {
  beforeEach(() => freshTool());

  it('gradeSync: null before attendance, pending until the score reaches the LMS, then sent, live', async () => {
    const course = await lmsCourse();
    const poster = sender();
    const [first, second] = [
      await startedSession(course.educator, course.learner, course.courseId),
      await startedSession(course.educator, course.learner, course.courseId),
    ];
    const listed = async (who: TestUser, path: string) =>
      Object.fromEntries(
        (await api.get(path, who)).body.items.map((item: { id: string; gradeSync: string | null }) => [item.id, item.gradeSync]),
      );
    expect(await listed(course.educator, '/api/session/educator/requests')).toEqual({ [first]: null, [second]: null });

    const stream = await streamOf(api, course.educator);
    await attend(course.educator, first);
    expect(await listed(course.educator, '/api/session/educator/requests')).toEqual({ [first]: 'pending', [second]: null });
    expect(await listed(course.learner, '/api/session/my-requests')).toEqual({ [first]: 'pending', [second]: null });
    const recorded = await stream.next((event) => event.event === 'request.attendance');
    expect(JSON.parse(recorded.data ?? '')).toMatchObject({ id: first, attended: true, gradeSync: 'pending' });

    await postDueScores(poster, api.now());
    const reached = await stream.next((event) => event.event === 'request.attendance');
    expect(JSON.parse(reached.data ?? '')).toMatchObject({ id: first, attended: true, gradeSync: 'sent' });
    expect(await listed(course.educator, '/api/session/educator/requests')).toEqual({ [first]: 'sent', [second]: null });

    // A later attendance is pending on its own; the one already in the LMS stays sent.
    await attend(course.educator, second, false);
    expect(await listed(course.educator, '/api/session/educator/requests')).toEqual({ [first]: 'sent', [second]: 'pending' });
    stream.close();
  });

  it('gradeSync: failed, live, once the tool gives up on a score; attendance recorded again tries anew', async () => {
    const course = await lmsCourse();
    const poster = sender();
    platform.gradebook.failScores({ until: new Date(api.now().getTime() + 1000 * HOUR) });
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = await startedSession(course.educator, course.learner, course.courseId);
    await attend(course.educator, session);
    let stream: Awaited<ReturnType<typeof streamOf>> | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Watched from the last try (a stream ends with its token, and the tries take a day and a half).
      if (attempt === MAX_ATTEMPTS) stream = await streamOf(api, course.educator);
      expect(await postDueScores(poster, api.now())).toMatchObject({ failed: 1 });
      const [row] = await api.db.select().from(ltiGradePosts);
      if (row.nextAttemptAt) api.setNow(new Date(row.nextAttemptAt));
    }
    const [row] = await api.db.select().from(ltiGradePosts);
    expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(warned.mock.calls.at(-1)?.[0]).toMatch(/giving up/);
    warned.mockRestore();
    const failed = await stream?.next((event) => event.event === 'request.attendance');
    expect(JSON.parse(failed?.data ?? '')).toMatchObject({ id: session, attended: true, gradeSync: 'failed' });
    expect((await api.get('/api/session/my-requests', course.learner)).body.items[0].gradeSync).toBe('failed');
    later(HOUR);
    expect(await postDueScores(poster, api.now())).toEqual({ posted: 0, failed: 0, skipped: 0 });
    stream?.close();

    platform.gradebook.failScores({ times: 0 });
    await attend(course.educator, session, false);
    expect((await api.get('/api/session/educator/requests', course.educator)).body.items[0].gradeSync).toBe('pending');
    expect(await postDueScores(poster, api.now())).toMatchObject({ posted: 1 });
    expect((await api.get('/api/session/educator/requests', course.educator)).body.items[0].gradeSync).toBe('sent');
  });

  it('gradeSync stays null in a course without an LMS gradebook', async () => {
    const session = await startedSession(users.educator, users.student, 'c-101');
    expect((await attend(users.educator, session)).body).toMatchObject({ attended: true, gradeSync: null });
    expect(await api.db.select().from(ltiGradePosts)).toEqual([]);
  });

  it('request.attendance reaches the student’s and the educator’s streams and the webhook, and sends no email', async () => {
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const hook = { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, secret: 'whsec_c2VjcmV0' };
      await deliverNext(api.db, hook, api.now(), 'w');
      const session = await startedSession(users.educator, users.student, 'c-101');
      const streams = [await streamOf(api, users.student), await streamOf(api, users.educator)];
      await attend(users.educator, session, false);
      for (const stream of streams) {
        const heard = await stream.next((event) => event.event === 'request.attendance');
        expect(JSON.parse(heard.data ?? '')).toMatchObject({ id: session, attended: false });
        stream.close();
      }
      while ((await deliverNext(api.db, hook, api.now(), 'w')).result === 'delivered');
      const delivered = bodies.map((body) => JSON.parse(body));
      expect(delivered.at(-1)).toMatchObject({ type: 'request.attendance', data: { id: session, attended: false } });
      const [event] = await api.db.select().from(outbox).where(eq(outbox.type, 'request.attendance'));
      expect(mailsFor(event)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('learners cannot record attendance: their own session answers 404 and nothing is graded or told', async () => {
    const course = await lmsCourse();
    const session = await startedSession(course.educator, course.learner, course.courseId);
    const events = (await api.db.select().from(outbox)).length;
    for (const who of [course.learner, course.classmate]) {
      expect((await attend(who, session)).status).toBe(404);
    }
    expect(await api.db.select().from(ltiGradePosts)).toEqual([]);
    expect(await api.db.select().from(outbox)).toHaveLength(events);
    expect(
      (await api.put(`/api/courses/${encodeURIComponent(course.courseId)}/policy`, course.learner, { attendanceGoal: 9 })).status,
    ).toBe(403);
  });
});
