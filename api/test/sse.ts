// Test support: reads a Server-Sent Events response event by event.
import { type TestApi, type TestUser, tokenFor } from './helpers.ts';
export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Opens `GET /api/events` through `fetcher` and hands out its events in order. */
export async function openEvents(fetcher: (init: RequestInit) => Response | Promise<Response>, lastEventId?: string) {
  const abort = new AbortController();
  const res = await fetcher({ signal: abort.signal, headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {} });
  const reader = (res.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .getReader();
  let buffer = '';
  const received: SseEvent[] = [];

  async function nextBlock(): Promise<SseEvent> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) event.comment = line.slice(1).trim();
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id' || field === 'event' || field === 'data') event[field] = value;
        }
        return event;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += value;
    }
  }

  return {
    response: res,
    received,
    /** The next event (comments skipped) matching `predicate`, keeping the ones passed over. */
    async next(predicate: (event: SseEvent) => boolean = () => true): Promise<SseEvent> {
      for (;;) {
        const event = await nextBlock();
        if (event.comment !== undefined && !event.event) continue;
        received.push(event);
        if (predicate(event)) return event;
      }
    },
    /** The first comment line: the stream is open and subscribed. */
    ready: () => nextBlock(),
    /** Goes away as a browser does: the connection, and with it the response body, is dropped. */
    close: () => {
      abort.abort();
      reader.cancel().catch(() => {});
    },
  };
}

/** Opens `user`'s stream on the in-process app, signed at the app's clock, once it is subscribed. */
export async function streamOf(api: TestApi, user: TestUser, lastEventId?: string, claims: Record<string, unknown> = {}) {
  const token = await tokenFor(user, api.now(), claims);
  const stream = await openEvents(
    (init) => api.app.request('/api/events', { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } }),
    lastEventId,
  );
  await stream.ready();
  return stream;
}
