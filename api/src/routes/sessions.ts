// Session endpoints: students request slots; educators decide; both can cancel and export.
import { createRoute, z } from '@hono/zod-openapi';
import { sessionCalendar } from '../domain/calendar.ts';
import { rescheduleRequest } from '../domain/moves.ts';
import {
  approveRequest,
  cancelRequest,
  getOwnRequest,
  listEducatorRequests,
  listMyRequests,
  recordAttendance,
  rejectRequest,
  requestSlot,
} from '../domain/requests.ts';
import { createRouter, type Deps } from '../http/router.ts';
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
import { bearer, json, jsonBody, problems } from './openapi.ts';

const tags = ['Sessions'];

const decision = (operationId: string, path: string, summary: string, body: z.ZodType, description: string) =>
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

export function sessionRoutes({ db, config, clock }: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/request',
        operationId: 'requestSlot',
        tags,
        security: bearer,
        summary: 'Request a slot of a course you study in',
        request: jsonBody(RequestSlotBody),
        responses: { 201: json(SessionRequest, 'The pending request'), ...problems(403, 404, 409) },
      }),
      async (c) => c.json(await requestSlot(db, c.var.user, c.req.valid('json'), clock(), config.policy), 201),
    )
    .openapi(
      createRoute({
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
      }),
      async (c) => {
        const { requestId } = c.req.valid('param');
        return c.json(await rescheduleRequest(db, c.var.user, requestId, c.req.valid('json'), clock(), config.policy), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/my-requests',
        operationId: 'listMyRequests',
        tags,
        security: bearer,
        summary: 'Your requests as a student, newest first',
        request: { query: MyRequestsQuery },
        responses: { 200: json(listOf(SessionRequest), 'Your requests'), ...problems() },
      }),
      async (c) => c.json(await listMyRequests(db, c.var.user, c.req.valid('query'), clock(), config.policy), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/educator/requests',
        operationId: 'listEducatorRequests',
        tags,
        security: bearer,
        summary: 'Requests on your slots, by session start',
        description: '`from` and `to` keep the sessions that overlap that window.',
        request: { query: EducatorRequestsQuery },
        responses: { 200: json(listOf(SessionRequest), 'Requests on your slots'), ...problems() },
      }),
      async (c) => c.json(await listEducatorRequests(db, c.var.user, c.req.valid('query'), clock(), config.policy), 200),
    )
    .openapi(
      decision(
        'approveRequest',
        '/approve/{requestId}',
        'Approve a pending request with a meeting link',
        ApproveBody,
        'Books the slot and, in the same transaction, rejects every other pending request for it.',
      ),
      async (c) => {
        const { meetingLink } = c.req.valid('json') as z.infer<typeof ApproveBody>;
        return c.json(
          await approveRequest(db, c.var.user, c.req.valid('param').requestId, meetingLink, clock(), config.policy),
          200,
        );
      },
    )
    .openapi(
      decision(
        'rejectRequest',
        '/reject/{requestId}',
        'Reject a pending request with a reason',
        RejectBody,
        'The reason is shown to the student.',
      ),
      async (c) => {
        const { reason } = c.req.valid('json') as z.infer<typeof RejectBody>;
        return c.json(await rejectRequest(db, c.var.user, c.req.valid('param').requestId, reason, clock(), config.policy), 200);
      },
    )
    .openapi(
      decision(
        'cancelRequest',
        '/cancel/{requestId}',
        'Cancel a request or a session',
        CancelBody,
        'Its student withdraws a pending or approved request; the educator calls off an approved session and must give a reason. Cancelling an approved session reopens the slot.',
      ),
      async (c) => {
        const { reason } = c.req.valid('json') as z.infer<typeof CancelBody>;
        return c.json(await cancelRequest(db, c.var.user, c.req.valid('param').requestId, reason, clock(), config.policy), 200);
      },
    )
    .openapi(
      decision(
        'recordAttendance',
        '/attendance/{requestId}',
        'Record whether the student came',
        AttendanceBody,
        'For an approved session that has started (also once it has ended). Seen by its student and educator.',
      ),
      async (c) => {
        const { attended } = c.req.valid('json') as z.infer<typeof AttendanceBody>;
        const { requestId } = c.req.valid('param');
        return c.json(await recordAttendance(db, c.var.user, requestId, attended, clock(), config.policy), 200);
      },
    )
    .openapi(
      createRoute({
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
      }),
      async (c) => {
        const user = c.var.user;
        const request = await getOwnRequest(db, user, c.req.valid('param').requestId, clock(), config.policy);
        return c.body(sessionCalendar(request, user), 200, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': `attachment; filename="session-${request.id}.ics"`,
          'Cache-Control': 'no-store',
        });
      },
    );
}
