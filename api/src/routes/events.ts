// `GET /api/events`: the caller's events as Server-Sent Events, with replay from Last-Event-ID.
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import { createRouter } from '../http/router.ts';
import type { EventHub, OutboxEvent } from '../live/hub.ts';
import { eventDataFor } from '../live/views.ts';
import { bearer, problems } from './openapi.ts';

/** Comment lines keep proxies and the client's reader from timing out an idle stream. */
const HEARTBEAT_MS = 20_000;

export function eventRoutes(db: Database, hub: EventHub, clock: Clock) {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/events',
      tags: ['Live updates'],
      security: bearer,
      summary: 'Your events as Server-Sent Events',
      description: [
        'Each event has `id:` (the outbox id), `event:` (request.created, request.approved, request.rejected, request.cancelled,',
        'slot.created, slot.updated, slot.deleted) and `data:` (the slot or request as you would get it from the API).',
        'Without `Last-Event-ID` the stream starts from now; with it, missed events are replayed first. `: ping` comments',
        'arrive at least every 25 s. Read it with `fetch`, since it needs the Authorization header.',
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
      const user = c.var.user;
      const lastEventId = c.req.valid('header')['last-event-id'];
      return streamSSE(c, async (stream) => {
        let sentUpTo = Number(lastEventId ?? 0);
        let queue = Promise.resolve();
        const send = (events: OutboxEvent[]) => {
          queue = queue.then(async () => {
            for (const event of events) {
              if (event.id <= sentUpTo || stream.aborted) continue;
              sentUpTo = event.id;
              const data = await eventDataFor(db, user, event, clock().toISOString());
              if (data !== undefined)
                await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(data) });
            }
          });
        };
        const unsubscribe = await hub.subscribe(send);
        if (lastEventId !== undefined) send(await hub.missedSince(Number(lastEventId)));
        await stream.write(': connected\n\n');
        const heartbeat = setInterval(() => void stream.write(': ping\n\n'), HEARTBEAT_MS);
        await new Promise<void>((resolve) => stream.onAbort(resolve));
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );
}
