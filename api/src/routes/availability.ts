// Availability endpoints: educators publish and manage slots; course members list the open ones.
import { createRoute, z } from '@hono/zod-openapi';
import { createSlot, deleteSlot, updateSlot } from '../domain/availability.ts';
import type { CourseListings } from '../domain/course-listings.ts';
import { createSeries, deleteSeries } from '../domain/series.ts';
import { listCourseSlots, listEducatorSlots } from '../domain/slot-lists.ts';
import { preferredCoding } from '../http/bundle.ts';
import { listCaching } from '../http/list-caching.ts';
import { createRouter, type Deps } from '../http/router.ts';
import {
  CourseIdParam,
  CourseSlot,
  CourseSlotsQuery,
  CreateSlotBody,
  EducatorSlotsQuery,
  listOf,
  SeriesBody,
  SeriesIdParam,
  Slot,
  SlotIdParam,
  UpdateSlotBody,
} from '../schemas.ts';
import { bearer, json, jsonBody, notModified, problems } from './openapi.ts';

const tags = ['Availability'];

const createSlotRoute = createRoute({
  method: 'post',
  path: '/create',
  operationId: 'createSlot',
  tags,
  security: bearer,
  summary: 'Publish a slot in a course you teach',
  description: [
    'A slot that overlaps another live slot of yours, in any course, is a 409 `slot_overlap`. An educator holds at most',
    '`MAX_LIVE_SLOTS_PER_EDUCATOR` live slots that have not started: beyond it the 409 is `slot_limit`, checked first.',
  ].join(' '),
  request: jsonBody(CreateSlotBody),
  responses: { 201: json(Slot, 'The new slot'), ...problems(403, 409) },
});

const createSeriesRoute = createRoute({
  method: 'post',
  path: '/series',
  operationId: 'createSeries',
  tags,
  security: bearer,
  summary: 'Publish weekly office hours: a series of slots in one step',
  description: [
    'On every listed weekday from `from` to `until`, the span `startTime`–`endTime` (wall-clock in `timeZone`) is',
    'divided into slots of `slotMinutes` with `breakMinutes` between them; 09:00 stays 09:00 across a daylight-saving',
    'change. `from` lies at most 366 days before today; slots that have already started are skipped; none left, or more',
    'than 500, is a 400. All or nothing: if the series would take you past `MAX_LIVE_SLOTS_PER_EDUCATOR` live slots not yet',
    'started, nothing is made and the 409 is `slot_limit` (checked first); if any occurrence overlaps a live slot of yours,',
    'nothing is made and the 409 `slot_overlap` lists each colliding one in `conflicts`.',
  ].join(' '),
  request: jsonBody(SeriesBody),
  responses: {
    201: json(z.object({ seriesId: z.string(), items: z.array(Slot) }), 'The series and its slots'),
    ...problems(403, 409),
  },
});

const deleteSeriesRoute = createRoute({
  method: 'delete',
  path: '/series/{seriesId}',
  operationId: 'deleteSeries',
  tags,
  security: bearer,
  summary: 'Delete a series',
  description:
    "Deletes the series' slots that have not started and have no approved session (their pending requests are rejected); keeps the others. `deleted` and `kept` count the slots that were still live.",
  request: { params: SeriesIdParam },
  responses: {
    200: json(z.object({ deleted: z.number().int(), kept: z.number().int() }), 'What was deleted and kept'),
    ...problems(404),
  },
});

const listEducatorSlotsRoute = createRoute({
  method: 'get',
  path: '/educator/slots',
  operationId: 'listEducatorSlots',
  tags,
  security: bearer,
  summary: 'Your own slots that overlap the window, by start time',
  description: '`from` defaults to now, so a slot in progress shows. Deleted slots are left out.',
  request: { query: EducatorSlotsQuery },
  responses: { 200: json(listOf(Slot), 'Your slots'), ...notModified, ...problems() },
});

const listCourseSlotsRoute = createRoute({
  method: 'get',
  path: '/course/{courseId}',
  operationId: 'listCourseSlots',
  tags,
  security: bearer,
  summary: 'Open slots of a course that can still be requested, by start time',
  description:
    "Slots that are not booked, start inside the course's booking window (after the minimum notice, within the days ahead it allows), and overlap the optional window.",
  request: { params: CourseIdParam, query: CourseSlotsQuery },
  responses: { 200: json(listOf(CourseSlot), 'Open slots'), ...notModified, ...problems(403) },
});

const updateSlotRoute = createRoute({
  method: 'put',
  path: '/update/{slotId}',
  operationId: 'updateSlot',
  tags,
  security: bearer,
  summary: 'Move a slot or change its note',
  description:
    'Fields not given keep their value; `note: null` clears it. Times are fixed while requests are pending or approved.',
  request: { params: SlotIdParam, ...jsonBody(UpdateSlotBody) },
  responses: { 200: json(Slot, 'The updated slot'), ...problems(404, 409) },
});

const deleteSlotRoute = createRoute({
  method: 'delete',
  path: '/delete/{slotId}',
  operationId: 'deleteSlot',
  tags,
  security: bearer,
  summary: 'Delete a slot',
  description: 'Refused while it has an approved session that has not ended; its pending requests are rejected.',
  request: { params: SlotIdParam },
  responses: { 204: { description: 'Deleted' }, ...problems(404, 409) },
});

/**
 * `/api/availability/*`: each handler calls one domain function. The course listing's default window comes from
 * `listings` when it holds it; every list answers 304 to an `If-None-Match` naming its current ETag.
 */
export function availabilityRoutes({ db, config, clock }: Deps, listings?: CourseListings) {
  const router = createRouter();
  router.use('/educator/slots', listCaching());
  router.use('/course/*', listCaching());
  return router
    .openapi(createSlotRoute, async (c) =>
      c.json(await createSlot(db, c.get('user'), c.req.valid('json'), clock(), config.maxLiveSlotsPerEducator), 201),
    )
    .openapi(createSeriesRoute, async (c) =>
      c.json(await createSeries(db, c.get('user'), c.req.valid('json'), clock(), config.maxLiveSlotsPerEducator), 201),
    )
    .openapi(deleteSeriesRoute, async (c) =>
      c.json(await deleteSeries(db, c.get('user'), c.req.valid('param').seriesId, clock()), 200),
    )
    .openapi(listEducatorSlotsRoute, async (c) =>
      c.json(await listEducatorSlots(db, c.get('user'), c.req.valid('query'), clock()), 200),
    )
    .openapi(listCourseSlotsRoute, async (c) => {
      const { courseId } = c.req.valid('param');
      const query = c.req.valid('query');
      const cached = await listings?.page(c.get('user'), courseId, query, clock(), {
        ifNoneMatch: c.req.header('If-None-Match'),
        gzip: preferredCoding(c.req.header('Accept-Encoding'), ['gzip', 'identity']) === 'gzip',
      });
      if (cached) {
        const headers = { ETag: cached.etag, Vary: 'Accept-Encoding' };
        if (cached.body === undefined) return c.body(null, 304, headers);
        const type = { 'Content-Type': 'application/json', ...(cached.gzip ? { 'Content-Encoding': 'gzip' } : {}) };
        return c.body(cached.body as string, 200, { ...headers, ...type }) as never;
      }
      const page = await listCourseSlots(db, c.get('user'), courseId, query, clock(), config.policy);
      return c.json(page, 200);
    })
    .openapi(updateSlotRoute, async (c) =>
      c.json(await updateSlot(db, c.get('user'), c.req.valid('param').slotId, c.req.valid('json'), clock()), 200),
    )
    .openapi(deleteSlotRoute, async (c) => {
      await deleteSlot(db, c.get('user'), c.req.valid('param').slotId, clock());
      return c.body(null, 204);
    });
}
