// A course's roster for its educators (SPEC §15): its LMS's members, or the users the tool has seen in it, with
// each one's sessions in the course.
import { createRoute, z } from '@hono/zod-openapi';
import * as resources from '@one-on-one/contract/resources';
import { readRoster } from '../domain/roster.ts';
import { createRouter, type Deps } from '../http/router.ts';
import type { PlatformFetch } from '../lti/platform-fetch.ts';
import { rosterKeeper } from '../lti/roster-store.ts';
import { serviceAccess } from '../lti/services.ts';
import { CourseIdParam, paging } from '../schemas.ts';
import { bearer, json, problems } from './openapi.ts';

const RosterMember = z.strictObject(resources.RosterMember.shape).openapi('RosterMember');
const Roster = z
  .strictObject({
    ...resources.Roster.shape,
    items: z.array(RosterMember),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .openapi('Roster');

const RosterQuery = z.strictObject({
  ...paging,
  refresh: z
    .enum(['0', '1'])
    .optional()
    .openapi({ description: '1: read the LMS again now, unless it was read less than a minute ago.' }),
});

const rosterRoute = createRoute({
  method: 'get',
  path: '/{courseId}/roster',
  operationId: 'getCourseRoster',
  tags: ['Courses'],
  security: bearer,
  summary: "The course's members, with their sessions, by name",
  description: [
    'For an educator of the course. In a course launched from an LMS whose launch named its roster service (LTI',
    'Names and Role Provisioning), every active member the LMS lists (`source: "lti"`): read from the LMS at most',
    'once every 10 minutes, and with `refresh=1` at most once a minute; one read per course at a time, however many',
    'ask. When the LMS cannot be read, the roster read last is served (`readAt` says when). In any other course, the',
    'users the tool has seen in it (`source: "none"`, `readAt` null): the students who requested a session and the',
    "educators of its live slots, gathered on the same schedule. Counts are each member's sessions in the course as a",
    "student. Members' emails from the LMS are kept to notify them, where no address of theirs is known.",
  ].join(' '),
  request: { params: CourseIdParam, query: RosterQuery },
  responses: { 200: json(Roster, 'A page of the roster'), ...problems(403) },
});

/** `/api/courses/:courseId/roster`, reading LMS rosters through `fetchPlatform`. */
export function rosterRoutes({ db, config, clock }: Deps, fetchPlatform?: PlatformFetch) {
  const { fetchPlatform: reach, serviceToken } = serviceAccess(db, config, clock, fetchPlatform);
  const keep = rosterKeeper({ db, fetchPlatform: reach, serviceToken });
  return createRouter().openapi(rosterRoute, async (c) => {
    const { limit, cursor, refresh } = c.req.valid('query');
    const courseId = c.req.valid('param').courseId;
    return c.json(await readRoster(db, keep, c.var.user, courseId, { limit, cursor, refresh: refresh === '1' }, clock()), 200);
  });
}
