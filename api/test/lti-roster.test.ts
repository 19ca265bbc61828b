// The roster (SPEC §15) against the simulated LMS: its NRPS memberships endpoint, paged by `next` links, read with
// an access token for the roster's scope through the guarded fetch.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ltiUsers } from '../src/db/schema.ts';
import { PlatformUnreachable } from '../src/lti/platform-fetch.ts';
import { MAX_ROSTER_PAGES, nextLink, RosterUnavailable, readMemberships } from '../src/lti/roster.ts';
import { SCOPE } from '../src/lti/services.ts';
import type { TestApi } from './helpers.ts';
import { COURSE, MEMBERS, NEVER_LAUNCHED, NRPS_MEDIA_TYPE, PEOPLE, ROLES } from './lti-platform.ts';
import { platformForTests, registerAndLaunch, serviceTool, toolServices } from './lti-tool.ts';

let api: TestApi;
const platform = platformForTests(() => api.now());

beforeEach(async () => {
  api = await serviceTool(platform);
});
afterEach(() => api.db.$client.close());

const read = (platformId: string, pageSize?: number) => {
  const { fetchPlatform, serviceToken } = toolServices(api);
  return readMemberships({ db: api.db, fetchPlatform, serviceToken, pageSize }, `${platformId}:${COURSE.id}`, api.now());
};

describe('the roster', () => {
  it('reads every page and joins them, with a member who never launched and their email', async () => {
    const platformId = await registerAndLaunch(api, platform, 'ada');
    const roster = await read(platformId, 2);
    expect(roster).toEqual(
      MEMBERS.map((member) => ({
        userId: `${platformId}:${member.user_id}`,
        name: member.name,
        email: member.email,
        role: member.roles === ROLES.instructor ? 'educator' : member.roles === ROLES.learner ? 'student' : 'other',
        sub: member.user_id,
      })),
    );
    expect(roster?.find((member) => member.sub === NEVER_LAUNCHED.user_id)).toMatchObject({
      email: 'noor@example.edu',
      role: 'student',
    });
    // The launch's user id and the roster's are the same.
    const [launched] = await api.db.select().from(ltiUsers).where(eq(ltiUsers.sub, PEOPLE.ada.sub));
    expect(roster?.map((member) => member.userId)).toContain(launched.userId);
    // Two pages of two, asked with the roster's media type and one token for the roster's scope.
    expect(platform.membershipsRequests.map((request) => new URL(request.url).searchParams.get('limit'))).toEqual(['2', '2']);
    expect(platform.membershipsRequests.every((request) => request.status === 200 && request.accept === NRPS_MEDIA_TYPE)).toBe(
      true,
    );
    expect(platform.tokenRequests.map((request) => request.scope)).toEqual([SCOPE.memberships]);
  });

  it('is undefined for a course whose launches named no roster service', async () => {
    platform.launchWith({});
    const platformId = await registerAndLaunch(api, platform, 'ada');
    expect(await read(platformId)).toBeUndefined();
    expect(platform.membershipsRequests).toHaveLength(0);
  });

  it('does not follow a next link to another origin', async () => {
    const platformId = await registerAndLaunch(api, platform, 'ada');
    platform.membershipsWith({ next: (url) => url.replace('//127.0.0.1:', '//localhost:') });
    await expect(read(platformId, 2)).rejects.toThrow(RosterUnavailable);
    expect(platform.membershipsRequests).toHaveLength(1);
  });

  it('skips a malformed member and leaves out a malformed email', async () => {
    const platformId = await registerAndLaunch(api, platform, 'ada');
    platform.membershipsWith({
      members: [
        { user_id: 'u-1', name: 'One', roles: ROLES.learner },
        { name: 'No id', roles: ROLES.learner },
        { user_id: 7, roles: ROLES.learner },
        { user_id: 'u-2', roles: 'Learner' },
        { user_id: 'x'.repeat(101), roles: ROLES.learner },
        'not a member',
        null,
        { user_id: 'u-3', given_name: 'Three', family_name: 'Jones', email: 'not an address', roles: ROLES.learner },
      ],
    });
    expect(await read(platformId, 3)).toEqual([
      { userId: `${platformId}:u-1`, name: 'One', role: 'student', sub: 'u-1' },
      { userId: `${platformId}:u-3`, name: 'Three Jones', role: 'student', sub: 'u-3' },
    ]);
    expect(platform.membershipsRequests).toHaveLength(3);
  });

  it('reads at most 50 pages', async () => {
    const platformId = await registerAndLaunch(api, platform, 'ada');
    const many = Array.from({ length: 60 }, (_, i) => ({ user_id: `u-${i}`, name: `Member ${i}`, roles: ROLES.learner }));
    platform.membershipsWith({ members: many });
    const roster = await read(platformId, 1);
    expect(roster?.map((member) => member.sub)).toEqual(many.slice(0, MAX_ROSTER_PAGES).map((member) => member.user_id));
    expect(platform.membershipsRequests).toHaveLength(MAX_ROSTER_PAGES);
  });

  it('refuses a page over 4 MiB', async () => {
    const platformId = await registerAndLaunch(api, platform, 'ada');
    platform.membershipsWith({ extras: { padding: 'x'.repeat(4 * 1024 * 1024) } });
    await expect(read(platformId)).rejects.toThrow(PlatformUnreachable);
  });

  it('is an error when the token lacks the roster scope and the platform refuses it', async () => {
    const platformId = await registerAndLaunch(api, platform, 'ada');
    platform.answerTokensWith(() => ({ access_token: 'token-gradebook-only', token_type: 'Bearer', scope: SCOPE.lineItem }));
    await expect(read(platformId)).rejects.toThrow(/403/);
    expect(platform.membershipsRequests).toEqual([
      expect.objectContaining({ status: 403, refused: expect.stringContaining('roster scope') }),
    ]);
  });

  it('maps roles as launches do, and leaves out members no longer active', async () => {
    const platformId = await registerAndLaunch(api, platform, 'ada');
    const member = (id: string, roles: string[], status?: string) => ({
      user_id: id,
      name: id,
      roles,
      ...(status ? { status } : {}),
    });
    platform.membershipsWith({
      members: [
        member('instructor', ROLES.instructor),
        member('assistant', ROLES.assistant),
        member('administrator', ROLES.administrator),
        member('learner', ROLES.learner, 'Active'),
        member('both', [...ROLES.learner, ...ROLES.instructor]),
        member('mentor', ROLES.mentor),
        member('none', []),
        member('gone', ROLES.learner, 'Inactive'),
        member('deleted', ROLES.learner, 'Deleted'),
        // Moodle's roster names context roles by their simple names, which LTI 1.3 still allows.
        member('moodle-learner', ['Learner']),
        member('moodle-instructor', ['Instructor']),
        member('moodle-guest', ['Mentor']),
      ],
    });
    const roster = await read(platformId);
    expect(Object.fromEntries((roster ?? []).map((one) => [one.sub, one.role]))).toEqual({
      instructor: 'educator',
      assistant: 'educator',
      administrator: 'educator',
      learner: 'student',
      both: 'educator',
      mentor: 'other',
      none: 'other',
      'moodle-learner': 'student',
      'moodle-instructor': 'educator',
      'moodle-guest': 'other',
    });
  });
});

describe('next links', () => {
  it('are found among several links, quoted or not, relative or not', () => {
    const base = 'https://lms.example.edu/m?limit=2';
    expect(nextLink('<https://lms.example.edu/m?p=2>; rel="next"', base)).toBe('https://lms.example.edu/m?p=2');
    expect(nextLink('</m?p=1>; rel="first", </m?p=3>; rel=next', base)).toBe('https://lms.example.edu/m?p=3');
    expect(nextLink('</d>; rel="differences"', base)).toBeUndefined();
    expect(nextLink(null, base)).toBeUndefined();
  });
});
