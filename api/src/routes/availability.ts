// Availability endpoints: educators publish and manage slots; course members list the open ones.
import { createRoute } from '@hono/zod-openapi';
import { createSlot, deleteSlot, listCourseSlots, listEducatorSlots, updateSlot } from '../domain/availability.ts';
import { createRouter, type Deps } from '../http/router.ts';
import {
  CourseIdParam,
  CourseSlot,
  CourseSlotsQuery,
  CreateSlotBody,
  EducatorSlotsQuery,
  listOf,
  Slot,
  SlotIdParam,
  UpdateSlotBody,
} from '../schemas.ts';
import { bearer, json, jsonBody, problems } from './openapi.ts';

const tags = ['Availability'];

export function availabilityRoutes({ db, config, clock }: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/create',
        tags,
        security: bearer,
        summary: 'Publish a slot in a course you teach',
        request: jsonBody(CreateSlotBody),
        responses: { 201: json(Slot, 'The new slot'), ...problems(403, 409) },
      }),
      async (c) => c.json(await createSlot(db, c.var.user, c.req.valid('json'), clock()), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/educator/slots',
        tags,
        security: bearer,
        summary: 'Your own slots that overlap the window, by start time',
        description: '`from` defaults to now, so a slot in progress shows. Deleted slots are left out.',
        request: { query: EducatorSlotsQuery },
        responses: { 200: json(listOf(Slot), 'Your slots'), ...problems() },
      }),
      async (c) => c.json(await listEducatorSlots(db, c.var.user, c.req.valid('query'), clock()), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/course/{courseId}',
        tags,
        security: bearer,
        summary: 'Open slots of a course that can still be requested, by start time',
        description:
          "Slots that are not booked, start inside the course's booking window (after the minimum notice, within the days ahead it allows), and overlap the optional window.",
        request: { params: CourseIdParam, query: CourseSlotsQuery },
        responses: { 200: json(listOf(CourseSlot), 'Open slots'), ...problems(403) },
      }),
      async (c) => {
        const { courseId } = c.req.valid('param');
        const page = await listCourseSlots(db, c.var.user, courseId, c.req.valid('query'), clock(), config.policy);
        return c.json(page, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/update/{slotId}',
        tags,
        security: bearer,
        summary: 'Move a slot or change its note',
        description:
          'Fields not given keep their value; `note: null` clears it. Times are fixed while requests are pending or approved.',
        request: { params: SlotIdParam, ...jsonBody(UpdateSlotBody) },
        responses: { 200: json(Slot, 'The updated slot'), ...problems(404, 409) },
      }),
      async (c) => c.json(await updateSlot(db, c.var.user, c.req.valid('param').slotId, c.req.valid('json'), clock()), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/delete/{slotId}',
        tags,
        security: bearer,
        summary: 'Delete a slot',
        description: 'Refused while it has an approved session that has not ended; its pending requests are rejected.',
        request: { params: SlotIdParam },
        responses: { 204: { description: 'Deleted' }, ...problems(404, 409) },
      }),
      async (c) => {
        await deleteSlot(db, c.var.user, c.req.valid('param').slotId, clock());
        return c.body(null, 204);
      },
    );
}
