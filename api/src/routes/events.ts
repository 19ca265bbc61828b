// `GET /api/events`: the caller's events as Server-Sent Events, with replay from Last-Event-ID.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import { createRouter } from '../http/router.ts';
import { type EventHub, MAX_STREAMS_PER_USER } from '../live/hub.ts';
import { EventStream, MAX_BUFFERED_BYTES } from '../live/stream.ts';
import { bearer, problems } from './openapi.ts';

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store',
  // Reverse proxies such as nginx would otherwise hold events back in their buffers.
  'X-Accel-Buffering': 'no',
};

export function eventRoutes(db: Database, hub: EventHub, clock: Clock) {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/events',
      operationId: 'streamEvents',
      tags: ['Live updates'],
      security: bearer,
      summary: 'Your events as Server-Sent Events',
      description: [
        'Each event has `id:` (the outbox id), `event:` (request.created, request.approved, request.rejected, request.expired,',
        'request.attendance, request.cancelled, slot.created, slot.updated, slot.deleted, policy.updated, waitlist.opened) and `data:`',
        '(the slot, request or course policy as you would get it from the API). `policy.updated` goes to every member of the',
        'course. `request.expired`: a pending request whose start passed undecided, recorded by a background sweep within a few seconds; it reads `rejected` with `reasonCode: "expired"`. `request.attendance`: the',
        "educator recorded attendance, or the student's score after it reached the LMS gradebook (`gradeSync`). `waitlist.opened` goes to a",
        'waiting student alone: a slot that opened inside their waitlist window (`POST /api/courses/{courseId}/waitlist`), as',
        'the course listing shows it.',
        'Without `Last-Event-ID` the stream starts from now; with it, missed events are replayed first. `: ping` comments',
        'arrive at least every 25 s. Read it with `fetch`, since it needs the Authorization header.',
        'If the events after `Last-Event-ID` are no longer kept (`EVENT_RETENTION_DAYS`), the stream starts from now with an',
        '`event: reset` first: reload your lists. The stream ends when the token expires; reconnect with a fresh token and',
        `Last-Event-ID. A user holds at most ${MAX_STREAMS_PER_USER} streams per server (opening another closes their oldest),`,
        `and a client that leaves more than ${MAX_BUFFERED_BYTES / 1024} KiB unread is disconnected (resume with Last-Event-ID).`,
      ].join(' '),
      request: {
        headers: z.object({
          'last-event-id': z
            .string()
            .regex(/^\d{1,15}$/)
            .optional(),
        }),
      },
      responses: {
        200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The event stream' },
        ...problems(),
      },
    }),
    (c) => {
      // A HEAD has no body to stream: answering it must not open a stream that nobody reads.
      if (c.req.method === 'HEAD') return c.body(null, 200, SSE_HEADERS);
      const lastEventId = c.req.valid('header')['last-event-id'];
      const stream = new EventStream({ db, hub, user: c.var.user, expiresAt: c.var.tokenExpiresAt, clock });
      c.req.raw.signal.addEventListener('abort', () => stream.close(), { once: true });
      void stream.open(lastEventId === undefined ? undefined : Number(lastEventId));
      return c.body(stream.body, 200, SSE_HEADERS);
    },
  );
}
