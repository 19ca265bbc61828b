// Session endpoints: students request slots; educators decide; both can cancel, move and export.
import { createRoute, z } from '@hono/zod-openapi';
import { sessionCalendar } from '../domain/calendar.ts';
import {
  approveRequest,
  cancelRequest,
  getOwnRequest,
  listEducatorRequests,
  listMyRequests,
  recordAttendance,
  rejectRequest,
  requestSlot,
  rescheduleRequest,
} from '../domain/requests/index.ts';
import { listCaching } from '../http/list-caching.ts';
import { createRouter, type Deps, lifecycleContext } from '../http/router.ts';
import {
  ApproveBody,
  AttendanceBody,
  CancelBody,
  EducatorRequestsQuery,
  listOf,
  MyRequestsQuery,
  RejectBody,
  RequestIdParam,
  RequestSlotBody,
  RescheduleBody,
  SessionRequest,
} from '../schemas.ts';
import { bearer, json, jsonBody, notModified, problems } from './openapi.ts';

const tags = ['Sessions'];

/** A change to one request by id, with a JSON body; generic in the body so handlers read it typed. */
const change = <Body extends z.ZodType>(operationId: string, path: string, summary: string, body: Body, description: string) =>
  createRoute({
    method: 'put',
    operationId,
    path,
    tags,
    security: bearer,
    summary,
    description,
    request: { params: RequestIdParam, ...jsonBody(body) },
    responses: { 200: json(SessionRequest, 'The request after the change'), ...problems(404, 409) },
  });

const requestRoute = createRoute({
  method: 'post',
  path: '/request',
  operationId: 'requestSlot',
  tags,
  security: bearer,
  summary: 'Request a slot of a course you study in',
  request: jsonBody(RequestSlotBody),
  responses: { 201: json(SessionRequest, 'The pending request'), ...problems(403, 404, 409) },
});

const rescheduleRoute = createRoute({
  method: 'post',
  path: '/reschedule/{requestId}',
  operationId: 'rescheduleRequest',
  tags,
  security: bearer,
  summary: 'Move your request or session to another time of the same course',
  description: [
    'From a pending request: it is cancelled ("Moved to another time.") and the new pending request made, in one step.',
    'From an approved session not yet started: the new request is pending and the session stays approved, its slot',
    'booked, until the educator decides; approving the move cancels the session in the same step, rejecting it leaves',
    'the session as it was. To an instant slot the move happens at once. The course cancellation notice applies.',
  ].join(' '),
  request: { params: RequestIdParam, ...jsonBody(RescheduleBody) },
  responses: { 201: json(SessionRequest, 'The new request'), ...problems(403, 404, 409) },
});

const myRequestsRoute = createRoute({
  method: 'get',
  path: '/my-requests',
  operationId: 'listMyRequests',
  tags,
  security: bearer,
  summary: 'Your requests as a student, newest first',
  request: { query: MyRequestsQuery },
  responses: { 200: json(listOf(SessionRequest), 'Your requests'), ...notModified, ...problems() },
});

const educatorRequestsRoute = createRoute({
  method: 'get',
  path: '/educator/requests',
  operationId: 'listEducatorRequests',
  tags,
  security: bearer,
  summary: 'Requests on your slots, by session start',
  description: '`from` and `to` keep the sessions that overlap that window; `order=desc` lists the latest first.',
  request: { query: EducatorRequestsQuery },
  responses: { 200: json(listOf(SessionRequest), 'Requests on your slots'), ...notModified, ...problems() },
});

const approveRoute = change(
  'approveRequest',
  '/approve/{requestId}',
  'Approve a pending request with a meeting link',
  ApproveBody,
  'Books the slot and, in the same transaction, rejects every other pending request for it.',
);

const rejectRoute = change(
  'rejectRequest',
  '/reject/{requestId}',
  'Reject a pending request with a reason',
  RejectBody,
  'The reason is shown to the student.',
);

const cancelRoute = change(
  'cancelRequest',
  '/cancel/{requestId}',
  'Cancel a request or a session',
  CancelBody,
  'Its student withdraws a pending or approved request; the educator calls off an approved session and must give a reason. Cancelling an approved session reopens the slot.',
);

const attendanceRoute = change(
  'recordAttendance',
  '/attendance/{requestId}',
  'Record whether the student came',
  AttendanceBody,
  'For an approved session that has started (also once it has ended). Seen by its student and educator.',
);

const calendarRoute = createRoute({
  method: 'get',
  path: '/calendar/{requestId}',
  operationId: 'getSessionCalendar',
  tags,
  security: bearer,
  summary: 'The session as an iCalendar file',
  description:
    'For an approved or completed session, or one cancelled after approval (STATUS:CANCELLED, SEQUENCE:1). The UID is stable.',
  request: { params: RequestIdParam },
  responses: {
    200: { content: { 'text/calendar': { schema: z.string() } }, description: 'RFC 5545 calendar' },
    ...problems(404, 409),
  },
});

/** `/api/session/*`: each handler calls one step of the request lifecycle. Lists answer 304 to a matching `If-None-Match`. */
export function sessionRoutes(deps: Deps) {
  const ctx = lifecycleContext(deps);
  const router = createRouter();
  router.use('/my-requests', listCaching());
  router.use('/educator/requests', listCaching());
  return router
    .openapi(requestRoute, async (c) => c.json(await requestSlot(ctx(c), c.req.valid('json')), 201))
    .openapi(rescheduleRoute, async (c) =>
      c.json(await rescheduleRequest(ctx(c), c.req.valid('param').requestId, c.req.valid('json')), 201),
    )
    .openapi(myRequestsRoute, async (c) => c.json(await listMyRequests(ctx(c), c.req.valid('query')), 200))
    .openapi(educatorRequestsRoute, async (c) => c.json(await listEducatorRequests(ctx(c), c.req.valid('query')), 200))
    .openapi(approveRoute, async (c) =>
      c.json(await approveRequest(ctx(c), c.req.valid('param').requestId, c.req.valid('json').meetingLink), 200),
    )
    .openapi(rejectRoute, async (c) =>
      c.json(await rejectRequest(ctx(c), c.req.valid('param').requestId, c.req.valid('json').reason), 200),
    )
    .openapi(cancelRoute, async (c) =>
      c.json(await cancelRequest(ctx(c), c.req.valid('param').requestId, c.req.valid('json').reason), 200),
    )
    .openapi(attendanceRoute, async (c) =>
      c.json(await recordAttendance(ctx(c), c.req.valid('param').requestId, c.req.valid('json').attended), 200),
    )
    .openapi(calendarRoute, async (c) => {
      const request = await getOwnRequest(ctx(c), c.req.valid('param').requestId);
      return c.body(sessionCalendar(request, c.var.user.id), 200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': `attachment; filename="session-${request.id}.ics"`,
        'Cache-Control': 'no-store',
      });
    });
}
