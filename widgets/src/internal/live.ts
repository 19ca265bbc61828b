// The page's one live event stream, shared by every widget: open while a widget listens and can sign
// in, read with fetch (it needs the Authorization header), reconnecting with backoff and Last-Event-ID.
import { type CourseSlot, type Credentials, canSignIn, type Policy, respond, type SessionRequest, type Slot } from './api.ts';
import { onConfigure } from './config.ts';

/**
 * What each type of event carries (SPEC §7): a request's events the request as its reader gets it; a slot's the
 * slot as its educator sees it (Slot) or as the course's members do (CourseSlot); a policy's the policy. `reset`
 * says the events since the last one seen are gone: reload everything.
 */
interface LiveEvents {
  'request.created': SessionRequest;
  'request.approved': SessionRequest;
  'request.rejected': SessionRequest;
  'request.cancelled': SessionRequest;
  'request.expired': SessionRequest;
  'request.attendance': SessionRequest;
  'slot.created': Slot | CourseSlot;
  'slot.updated': Slot | CourseSlot;
  'slot.deleted': Slot | CourseSlot;
  'waitlist.opened': CourseSlot;
  'policy.updated': Policy;
  reset: { reason: string };
}

/** A change as the API reported it: its `type`, such as `request.approved`, and the resource that type carries. */
export type LiveEvent = { [T in keyof LiveEvents]: { type: T; data: LiveEvents[T] } }[keyof LiveEvents];
/** An event about a resource: any but `reset`. */
export type ResourceEvent = Exclude<LiveEvent, { type: 'reset' }>;
/** An event about a session request. */
export type RequestEvent = Extract<LiveEvent, { type: `request.${string}` }>;

/** Whether the event is about a session request, so its `data` is one. */
export const isRequestEvent = (event: LiveEvent): event is RequestEvent => event.type.startsWith('request.');

type Listener = (event: LiveEvent) => void;

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

/** How the stream waits before reconnecting: a seam, so that tests see the delays without waiting them out. */
export const reconnection = {
  wait: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
};
const listeners = new Map<Listener, Credentials>();
let connection: AbortController | undefined;
let lastEventId = '';

/** Calls `listener` for every event on the page's stream; returns the function that stops it. */
export function listen(from: Credentials, listener: Listener): () => void {
  listeners.set(listener, from);
  if (!connection) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

/** Opens the stream if widgets listen but none could sign in before (a token was set since). */
export function resume(): void {
  if (listeners.size > 0 && !connection) connect();
}

// New page-wide credentials: connect now with them rather than at the next retry.
onConfigure(() => {
  disconnect();
  resume();
});

function disconnect(): void {
  connection?.abort();
  connection = undefined;
}

async function connect(): Promise<void> {
  const from = [...listeners.values()].find(canSignIn);
  if (!from) return;
  const current = new AbortController();
  connection = current;
  let retryIn = FIRST_RETRY_MS;
  while (connection === current) {
    try {
      const headers: Record<string, string> = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
      const res = await respond(from, 'GET', '/api/events', { headers, signal: current.signal });
      retryIn = FIRST_RETRY_MS;
      await read(res, current.signal);
    } catch {
      // Dropped or refused: try again below, unless the page stopped listening.
    }
    if (connection !== current) return;
    await reconnection.wait(retryIn);
    retryIn = Math.min(retryIn * 2, LAST_RETRY_MS);
  }
}

/** Reads Server-Sent Events until the stream ends, handing each one to every listener. */
async function read(res: Response, signal: AbortSignal): Promise<void> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done || signal.aborted) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
    }
  }
}

/** One event of the stream: its `id`, `event` and `data` fields (several data lines join with newlines). */
function dispatch(block: string): void {
  let type = 'message';
  const data: string[] = [];
  for (const [, field, value] of block.matchAll(/^(id|event|data)(?::|$) ?(.*)/gm)) {
    if (field === 'id') lastEventId = value;
    else if (field === 'event') type = value;
    else data.push(value);
  }
  if (data.length === 0) return;
  // The API's word for what the type carries: the stream is not checked against the schemas, to keep zod out.
  const event = { type, data: JSON.parse(data.join('\n')) } as LiveEvent;
  for (const listener of listeners.keys()) listener(event);
}
