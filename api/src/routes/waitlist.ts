// A course's waitlist: a student waits for a time to open, and hears of it by a live event (and email).
import { createRoute } from '@hono/zod-openapi';
import { joinWaitlist, leaveWaitlist, readWaitlistEntry } from '../domain/waitlist/entries.ts';
import { ANNOUNCE_BATCH } from '../domain/waitlist/openings.ts';
import { createRouter, type Deps } from '../http/router.ts';
import { CourseIdParam, WaitlistBody, WaitlistEntry } from '../schemas.ts';
import { bearer, json, jsonBody, problems } from './openapi.ts';

const tags = ['Courses'];

const joinRoute = createRoute({
  method: 'post',
  path: '/{courseId}/waitlist',
  operationId: 'joinWaitlist',
  tags,
  security: bearer,
  summary: 'Wait for a time to open in the course',
  description: [
    'For a student of the course. When a slot of the course becomes requestable with its start inside the window',
    '(published, also as part of a series; reopened by a cancellation or a move; its time changed into the window),',
    'the student gets a `waitlist.opened` event carrying it as the course listing shows it: one per change (for a',
    `series, its first slot in the window), announced in the background ${ANNOUNCE_BATCH} waiting students at a time.`,
    'The entry lasts until the student leaves, requests a session in the course, or the window ends. Posting again',
    'replaces the window (200).',
  ].join(' '),
  request: { params: CourseIdParam, ...jsonBody(WaitlistBody) },
  responses: {
    201: json(WaitlistEntry, 'Now waiting'),
    200: json(WaitlistEntry, 'Already waiting: the window is replaced'),
    ...problems(403),
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/{courseId}/waitlist',
  operationId: 'getWaitlistEntry',
  tags,
  security: bearer,
  summary: 'Whether you wait for a time in the course, and for which window',
  responses: { 200: json(WaitlistEntry, 'Your entry'), ...problems(403, 404) },
  request: { params: CourseIdParam },
});

const leaveRoute = createRoute({
  method: 'delete',
  path: '/{courseId}/waitlist',
  operationId: 'leaveWaitlist',
  tags,
  security: bearer,
  summary: 'Stop waiting for a time in the course',
  request: { params: CourseIdParam },
  responses: { 204: { description: 'Not waiting (also when you were not)' }, ...problems(403) },
});

/** `/api/courses/:courseId/waitlist`. */
export function waitlistRoutes({ db, config, clock }: Deps) {
  return createRouter()
    .openapi(joinRoute, async (c) => {
      const { courseId } = c.req.valid('param');
      const { entry, created } = await joinWaitlist(db, c.var.user, courseId, c.req.valid('json'), clock(), config.policy);
      return created ? c.json(entry, 201) : c.json(entry, 200);
    })
    .openapi(readRoute, async (c) => c.json(await readWaitlistEntry(db, c.var.user, c.req.valid('param').courseId, clock()), 200))
    .openapi(leaveRoute, async (c) => {
      await leaveWaitlist(db, c.var.user, c.req.valid('param').courseId);
      return c.body(null, 204);
    });
}
