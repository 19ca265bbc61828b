// One client's event stream: what it missed, replayed a window at a time and only as fast as the client
// reads, then live events in order without gap or repeat. It buffers a bounded amount for a client that
// does not read, ends when the token expires, and leaves nothing behind when either side goes away.
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import type { User } from '../domain/identity.ts';
import type { EventHub, OutboxEvent, Subscriber } from './hub.ts';
import { canResumeAfter, missedEvents, REPLAY_WINDOW } from './outbox.ts';
import { controlFrame, eventFrameFor, type Viewer } from './views.ts';

/** Comment lines keep proxies and the client's reader from timing out an idle stream. */
export const HEARTBEAT_MS = 20_000;
/** Bytes a stream may hold for a client that does not read before it is dropped (the client resumes). */
export const MAX_BUFFERED_BYTES = 256 * 1024;
/** Live events held while a replay runs; more than this and the stream is dropped. */
const MAX_HELD_EVENTS = 10_000;

/** The longest delay a timer takes; a token valid for longer ends its stream after this, and it reconnects. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const encoder = new TextEncoder();
const CONNECTED = encoder.encode(': connected\n\n');
const PING = encoder.encode(': ping\n\n');

export interface StreamOptions {
  db: Database;
  hub: EventHub;
  user: User;
  /** When the caller's token expires: the stream ends then, and the client reconnects with a fresh one. */
  expiresAt: Date;
  clock: Clock;
}

export class EventStream implements Subscriber {
  readonly userId: string;
  readonly body: ReadableStream<Uint8Array>;
  readonly #options: StreamOptions;
  readonly #viewer: Viewer;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;
  #sentUpTo = 0;
  /** Live events that arrive while a replay runs, sent after it; undefined once live. */
  #held?: OutboxEvent[] = [];
  #readMore?: () => void;
  readonly #timers: ReturnType<typeof setTimeout>[] = [];

  constructor(options: StreamOptions) {
    this.#options = options;
    this.userId = options.user.id;
    this.#viewer = { id: options.user.id, courseIds: new Set(options.user.courses.map((course) => course.id)) };
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () => this.#readMore?.(),
        cancel: () => this.close(),
      },
      new ByteLengthQueuingStrategy({ highWaterMark: 16 * 1024 }),
    );
  }

  /** Subscribes, replays what came after `lastEventId` (or says `reset` when that is gone), then goes live. */
  async open(lastEventId?: number): Promise<void> {
    const { db, hub, expiresAt, clock } = this.#options;
    this.#timers.push(
      setTimeout(() => this.close(), Math.min(Math.max(0, expiresAt.getTime() - clock().getTime()), MAX_TIMER_MS)),
      setInterval(() => this.#write(PING), HEARTBEAT_MS),
    );
    try {
      const cursor = await hub.subscribe(this);
      this.#write(CONNECTED);
      if (lastEventId === undefined) this.#sentUpTo = cursor;
      else if (await canResumeAfter(db, lastEventId)) await this.#replay(lastEventId, cursor);
      else {
        this.#sentUpTo = cursor;
        this.#write(controlFrame(cursor, 'reset', { reason: 'The events since your last one are no longer kept.' }));
      }
      const held = this.#held ?? [];
      this.#held = undefined;
      this.#send(held);
    } catch (error) {
      console.error('An event stream failed; its client will reconnect.', error);
      this.close();
    }
  }

  /** Live events from the hub. */
  deliver(events: OutboxEvent[]): void {
    if (!this.#held) this.#send(events);
    else if (this.#held.push(...events) > MAX_HELD_EVENTS) this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#options.hub.unsubscribe(this);
    this.#readMore?.();
    try {
      this.#controller.close();
    } catch {
      // Already cancelled by the client or errored for falling behind.
    }
  }

  /** Sends the missed events in (after, until], a window at a time, waiting for the client between them. */
  async #replay(after: number, until: number): Promise<void> {
    this.#sentUpTo = after;
    for (let from = after; from < until && !this.#closed; from += REPLAY_WINDOW) {
      const to = Math.min(from + REPLAY_WINDOW, until);
      const missed = await missedEvents(this.#options.db, this.#viewer, from, to);
      await this.#options.hub.policies.load(missed);
      this.#send(missed);
      this.#sentUpTo = Math.max(this.#sentUpTo, to);
      await this.#clientCaughtUp();
    }
  }

  /** Resolves once the client has read what is queued, and at least one event-loop turn later. */
  async #clientCaughtUp(): Promise<void> {
    while (!this.#closed && (this.#controller.desiredSize ?? 0) <= 0) {
      await new Promise<void>((resolve) => {
        this.#readMore = resolve;
      });
    }
    this.#readMore = undefined;
    await new Promise((resolve) => setImmediate(resolve));
  }

  #send(events: OutboxEvent[]): void {
    for (const event of events) {
      if (this.#closed) return;
      if (event.id <= this.#sentUpTo) continue;
      if (this.#options.clock() >= this.#options.expiresAt) {
        this.close();
        return;
      }
      this.#sentUpTo = event.id;
      const policy = this.#options.hub.policies.of(event.courseId);
      const frame = eventFrameFor(this.#viewer, event, this.#options.clock().toISOString(), policy);
      if (frame) this.#write(frame);
    }
  }

  #write(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#controller.enqueue(bytes);
    if ((this.#controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) this.#drop();
  }

  /** The client does not read: drop the connection and what it holds; it resumes with Last-Event-ID. */
  #drop(): void {
    this.#controller.error(new Error('The client fell too far behind.'));
    this.close();
  }
}
