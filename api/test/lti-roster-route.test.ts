// `GET /api/courses/:courseId/roster` (SPEC §15) against the simulated LMS: members by name with their sessions, read
// from the LMS at most every 10 minutes (on demand at most every minute) by one reader, the stored roster served when
// the LMS fails, emails kept as contacts, and a course without a roster service listing the users the tool has seen.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { courseRosters, userContacts } from '../src/db/schema.ts';
import { storeRoster } from '../src/domain/roster-members.ts';
import { type PlatformFetch, PlatformUnreachable, platformFetch } from '../src/lti/platform-fetch.ts';
import { at, MINUTE, type TestApi, type TestUser, tokenFor, users } from './helpers.ts';
import { COURSE, NEVER_LAUNCHED, PEOPLE, ROLES } from './lti-platform.ts';
import { ltiTool, platformForTests, registerAndLaunch, serviceTool } from './lti-tool.ts';
import { plansOf } from './plans.ts';

let api: TestApi;
const platform = platformForTests(() => api.now());
/** The LMS is down: every roster request fails as an unreachable platform would. */
let down = false;
/** Roster requests the tool tried, reached or not. */
let rosterAttempts = 0;
const reach = platformFetch({ allowLoopback: true });
const fetchPlatform: PlatformFetch = (url, init) => {
  if (url.includes('/memberships')) {
    rosterAttempts++;
    if (down) return Promise.reject(new PlatformUnreachable('connection refused'));
  }
  return reach(url, init);
};

beforeEach(async () => {
  down = false;
  rosterAttempts = 0;
  api = await serviceTool(platform, { lti: { fetchPlatform } });
});
afterEach(() => {
  vi.restoreAllMocks();
  api.db.$client.close();
});

/** Registers the tool and launches Grace, the course's instructor; the course's id and its people's tokens. */
async function lmsCourse() {
  const id = await registerAndLaunch(api, platform, 'grace');
  const courseId = `${id}:${COURSE.id}`;
  const person = (who: string, role: 'student' | 'educator'): TestUser => ({
    sub: `${id}:${PEOPLE[who].sub}`,
    name: PEOPLE[who].name,
    courses: [{ id: courseId, role }],
  });
  return { platformId: id, courseId, grace: person('grace', 'educator'), ada: person('ada', 'student') };
}

const rosterOf = (courseId: string, who: TestUser, query = '', on: TestApi = api) =>
  on.get(`/api/courses/${encodeURIComponent(courseId)}/roster${query}`, who);
const names = (body: { items: { name: string | null }[] }) => body.items.map((item) => item.name);

describe('the roster of an LMS course', () => {
  it('lists every member by name with their upcoming, attended and missed sessions', async () => {
    const { platformId, courseId, grace, ada } = await lmsCourse();
    const approved = async (hours: number) =>
      api.approve((await api.request((await api.slot(hours, 1, grace, courseId)).id, ada)).id, grace);
    const [first, second] = [await approved(24), await approved(26)];
    await approved(72);
    api.setNow(at(30));
    await api.put(`/api/session/attendance/${first.id}`, grace, { attended: true });
    await api.put(`/api/session/attendance/${second.id}`, grace, { attended: false });

    const res = await rosterOf(courseId, grace);
    expect(res.status).toBe(200);
    const member = (sub: string, name: string, role: string, counts = { upcoming: 0, attended: 0, missed: 0 }) => ({
      userId: `${platformId}:${sub}`,
      name,
      email: `${sub}@example.edu`,
      role,
      ...counts,
    });
    expect(res.body).toEqual({
      items: [
        member('u-ada', 'Ada Lovelace', 'student', { upcoming: 1, attended: 1, missed: 1 }),
        member('u-grace', 'Grace Hopper', 'educator'),
        { ...member('u-noor', 'Noor Inayat', 'student'), email: NEVER_LAUNCHED.email },
        member('u-mentor', 'Parent Mentor', 'other'),
      ],
      nextCursor: null,
      source: 'lti',
      readAt: at(30),
    });
  });

  it('pages by name, accents and case aside and nameless members last, never skipping or repeating', async () => {
    const { courseId, grace } = await lmsCourse();
    const named = ['zoë Quinn', 'Émile Zola', 'Ada Lovelace', 'alan Turing', 'Edsger Dijkstra', 'Barbara Liskov'];
    platform.membershipsWith({
      members: [
        ...named.map((name, i) => ({ user_id: `u-${i}`, name, roles: ROLES.learner })),
        { user_id: 'u-nameless', roles: ROLES.learner },
      ],
    });
    const pages = [];
    let cursor = '';
    do {
      const res = await rosterOf(courseId, grace, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(names(res.body));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([
      ['Ada Lovelace', 'alan Turing', 'Barbara Liskov'],
      ['Edsger Dijkstra', 'Émile Zola', 'zoë Quinn'],
      [null],
    ]);
    expect(platform.membershipsRequests).toHaveLength(1);
    expect((await rosterOf(courseId, grace, '?cursor=not-a-cursor')).status).toBe(400);
    expect((await rosterOf(courseId, grace, '?limit=201')).status).toBe(400);
    expect((await rosterOf(courseId, grace, '?refresh=yes')).status).toBe(400);
  });

  it('reads the LMS again only once the stored roster is 10 minutes old', async () => {
    const { courseId, grace } = await lmsCourse();
    expect(names((await rosterOf(courseId, grace)).body)).toHaveLength(4);
    platform.membershipsWith({ members: [{ user_id: 'u-new', name: 'New Member', roles: ROLES.learner }] });
    api.setNow(new Date(api.now().getTime() + 10 * MINUTE - 1));
    const stored = await rosterOf(courseId, grace);
    expect(names(stored.body)).toHaveLength(4);
    expect(stored.body.readAt).toBe(new Date(api.now().getTime() - 10 * MINUTE + 1).toISOString());
    expect(platform.membershipsRequests).toHaveLength(1);

    api.setNow(new Date(api.now().getTime() + 1));
    const fresh = await rosterOf(courseId, grace);
    expect(names(fresh.body)).toEqual(['New Member']);
    expect(fresh.body.readAt).toBe(api.now().toISOString());
    expect(platform.membershipsRequests).toHaveLength(2);
  });

  it('reads again on refresh=1, at most once a minute, serving the stored roster in between', async () => {
    const { courseId, grace } = await lmsCourse();
    await rosterOf(courseId, grace);
    platform.membershipsWith({ members: [{ user_id: 'u-new', name: 'New Member', roles: ROLES.learner }] });
    api.setNow(new Date(api.now().getTime() + 59_999));
    expect(names((await rosterOf(courseId, grace, '?refresh=1')).body)).toHaveLength(4);
    expect(platform.membershipsRequests).toHaveLength(1);
    api.setNow(new Date(api.now().getTime() + 1));
    expect(names((await rosterOf(courseId, grace, '?refresh=1')).body)).toEqual(['New Member']);
    expect(names((await rosterOf(courseId, grace, '?refresh=1')).body)).toEqual(['New Member']);
    expect(platform.membershipsRequests).toHaveLength(2);
  });

  it('reads once for a burst of calls, also when two processes serve them', async () => {
    const { courseId, grace } = await lmsCourse();
    const answers = await Promise.all(Array.from({ length: 100 }, () => rosterOf(courseId, grace)));
    expect(answers.map((res) => names(res.body).length)).toEqual(Array(100).fill(4));
    expect(platform.membershipsRequests).toHaveLength(1);

    const other = await ltiTool({ db: api.db, now: api.now(), lti: { fetchPlatform } });
    for (const one of [api, other]) one.setNow(at(1));
    const burst = await Promise.all(Array.from({ length: 60 }, (_, i) => rosterOf(courseId, grace, '', i % 2 ? api : other)));
    expect(burst.every((res) => res.status === 200 && names(res.body).length === 4)).toBe(true);
    expect(platform.membershipsRequests).toHaveLength(2);
  });

  it('serves the stored roster while the LMS is down, and tries again on schedule', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { courseId, grace } = await lmsCourse();
    const readAt = (await rosterOf(courseId, grace)).body.readAt;
    down = true;
    api.setNow(at(1));
    const served = await rosterOf(courseId, grace, '?refresh=1');
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ source: 'lti', readAt });
    expect(names(served.body)).toHaveLength(4);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('connection refused'));
    // The failed read counts: the next waits as a successful one would have.
    expect(rosterAttempts).toBe(2);
    api.setNow(new Date(api.now().getTime() + 30_000));
    await rosterOf(courseId, grace, '?refresh=1');
    expect(rosterAttempts).toBe(2);

    down = false;
    api.setNow(at(2));
    expect((await rosterOf(courseId, grace)).body.readAt).toBe(at(2));
  });

  it('answers an empty roster, never read, when the LMS fails the first read', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { courseId, grace } = await lmsCourse();
    down = true;
    expect((await rosterOf(courseId, grace)).body).toEqual({ items: [], nextCursor: null, source: 'lti', readAt: null });
  });

  it('takes a new token once when the LMS refuses the kept one', async () => {
    const { courseId, grace } = await lmsCourse();
    let tokens = 0;
    // The first token is one the platform does not honour (as after it revoked it).
    platform.answerTokensWith((scope) =>
      tokens++ === 0
        ? JSON.stringify({ access_token: 'revoked', token_type: 'Bearer', expires_in: 3600 })
        : { access_token: `token-${tokens}`, token_type: 'Bearer', expires_in: 3600, scope },
    );
    expect(names((await rosterOf(courseId, grace)).body)).toHaveLength(4);
    expect(platform.membershipsRequests.map((request) => request.status)).toEqual([401, 200]);
    expect(platform.tokenRequests).toHaveLength(2);
  });

  it('asks again only once when the LMS refuses every token', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { courseId, grace } = await lmsCourse();
    platform.answerTokensWith(() => JSON.stringify({ access_token: 'never-good', token_type: 'Bearer' }));
    expect((await rosterOf(courseId, grace)).body).toMatchObject({ items: [], readAt: null });
    expect(platform.membershipsRequests.map((request) => request.status)).toEqual([401, 401]);
  });

  it("keeps members' emails as contacts, never over an address known from a token, nor an unsubscribe", async () => {
    const { platformId, courseId, grace, ada } = await lmsCourse();
    await api.get('/api/me', await tokenFor(ada, api.now(), { email: 'ada@home.example' }));
    await api.put('/api/me/notifications', grace, { email: false });
    await rosterOf(courseId, grace);
    const contact = async (sub: string) =>
      api.db
        .select()
        .from(userContacts)
        .where(eq(userContacts.userId, `${platformId}:${sub}`))
        .get();
    expect(await contact(NEVER_LAUNCHED.user_id)).toMatchObject({
      email: NEVER_LAUNCHED.email,
      name: NEVER_LAUNCHED.name,
      emailEnabled: true,
    });
    expect(await contact('u-ada')).toMatchObject({ email: 'ada@home.example' });
    expect(await contact('u-grace')).toMatchObject({ email: 'u-grace@example.edu', emailEnabled: false });
  });

  it('refuses students, educators of other courses and callers without a token, and reads nothing for them', async () => {
    const { courseId, ada } = await lmsCourse();
    expect((await rosterOf(courseId, ada)).status).toBe(403);
    expect((await rosterOf(courseId, users.educator)).status).toBe(403);
    expect((await rosterOf(courseId, { ...users.educator, courses: [{ id: `${courseId}x`, role: 'educator' }] })).status).toBe(
      403,
    );
    expect((await api.get(`/api/courses/${encodeURIComponent(courseId)}/roster`)).status).toBe(401);
    expect(rosterAttempts).toBe(0);
  });
});

describe('the roster of a course without a roster service', () => {
  it('lists the users the tool has seen there, on the same schedule, with readAt null', async () => {
    const booked = await api.request((await api.slot(24)).id, users.student);
    await api.approve(booked.id);
    await api.request((await api.slot(48)).id, users.otherStudent);
    const res = await rosterOf('c-101', users.educator);
    const seen = (userId: string, name: string, role: string, upcoming = 0) => ({
      userId,
      name,
      role,
      upcoming,
      attended: 0,
      missed: 0,
    });
    expect(res.body).toEqual({
      items: [
        seen('st-1', 'Ada Lovelace', 'student', 1),
        seen('ed-1', 'Grace Hopper', 'educator'),
        seen('st-2', 'Katherine Johnson', 'student'),
      ],
      nextCursor: null,
      source: 'none',
      readAt: null,
    });

    const newcomer = { sub: 'st-50', name: 'Mary Jackson', courses: [{ id: 'c-101', role: 'student' as const }] };
    api.setNow(new Date(api.now().getTime() + 5 * MINUTE));
    await api.request((await api.slot(72)).id, newcomer);
    expect(names((await rosterOf('c-101', users.educator)).body)).not.toContain('Mary Jackson');
    expect(names((await rosterOf('c-101', users.educator, '?refresh=1')).body)).toContain('Mary Jackson');
    expect(rosterAttempts).toBe(0);
  });

  it('is the users seen for an LMS course whose launches name no roster service', async () => {
    platform.launchWith({});
    const { courseId, grace, ada } = await lmsCourse();
    await api.request((await api.slot(24, 1, grace, courseId)).id, ada);
    const res = await rosterOf(courseId, grace);
    expect(res.body).toMatchObject({ source: 'none', readAt: null });
    expect(names(res.body)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(rosterAttempts).toBe(0);
  });
});

describe('the stored roster', () => {
  it('reads a page and its counts through indexes alone, sorting nothing', async () => {
    const { courseId, grace } = await lmsCourse();
    await rosterOf(courseId, grace);
    const plans = await plansOf(api.db, async () => {
      const first = await rosterOf(courseId, grace, '?limit=2');
      await rosterOf(courseId, grace, `?limit=2&cursor=${first.body.nextCursor}`);
    });
    const reads = plans.filter((plan) => /course_roster_members|session_requests/.test(plan));
    expect(reads).toEqual([
      'SEARCH course_roster_members USING INDEX course_roster_members_by_name (course_id=?)',
      'SEARCH session_requests USING COVERING INDEX requests_course_student (course_id=? AND student_id=?)',
      'SEARCH course_roster_members USING INDEX course_roster_members_by_name (course_id=? AND (sort_key,user_id)>(?,?))',
      'SEARCH session_requests USING COVERING INDEX requests_course_student (course_id=? AND student_id=?)',
    ]);
  });

  it('takes over the claim of a reader that stopped, once its claim lapses', async () => {
    const { courseId, grace } = await lmsCourse();
    // Another process claimed a read long due, until six minutes from now, and never finished it.
    await api.db
      .insert(courseRosters)
      .values({ courseId, source: 'lti', attemptedAt: at(-24), claim: 'stopped', claimUntil: at(0.1) });
    expect((await rosterOf(courseId, grace)).body).toMatchObject({ items: [], readAt: null });
    expect(platform.membershipsRequests).toHaveLength(0);
    api.setNow(at(0.1));
    expect(names((await rosterOf(courseId, grace)).body)).toHaveLength(4);
    expect(platform.membershipsRequests).toHaveLength(1);
  });

  it("replaces tens of thousands of members in one batch, and only under the reader's own claim", async () => {
    const courseId = 'lms-big:course';
    const members = Array.from({ length: 30_000 }, (_, i) => ({
      userId: `lms-big:u-${i}`,
      name: `Member ${i}`,
      email: `m${i}@example.edu`,
      role: 'student' as const,
    }));
    const claimed = (claim: string) =>
      api.db
        .insert(courseRosters)
        .values({ courseId, source: 'lti', attemptedAt: api.now().toISOString(), claim })
        .onConflictDoUpdate({ target: courseRosters.courseId, set: { claim } });
    const stored = async () => (await api.db.$client.execute(`SELECT count(*) AS n FROM course_roster_members`)).rows[0].n;
    await claimed('first');
    const batch = vi.spyOn(api.db.$client, 'batch');
    expect(await storeRoster(api.db, courseId, 'first', members, api.now())).toBe(true);
    expect(batch).toHaveBeenCalledTimes(1);
    expect(await stored()).toBe(30_000);
    expect((await api.db.$client.execute(`SELECT count(*) AS n FROM user_contacts`)).rows[0].n).toBe(30_000);

    // A reader whose claim was taken over stores nothing; the one holding it replaces every member.
    await claimed('second');
    expect(await storeRoster(api.db, courseId, 'first', members.slice(0, 5), api.now())).toBe(false);
    expect(await stored()).toBe(30_000);
    expect(await storeRoster(api.db, courseId, 'second', members.slice(0, 5), api.now())).toBe(true);
    expect(await stored()).toBe(5);
  });
});
