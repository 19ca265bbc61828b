// Fans the outbox out to this process's live streams. It polls the table while anyone listens, so
// events reach streams whichever API instance wrote them, and reads at once after this process's own
// writes; with no listener it holds no timer.
import { asc, gt, sql } from 'drizzle-orm';
import { type Database, onCommit } from '../db/client.ts';
import { outbox } from '../db/schema.ts';
import { type Policy, type PolicyRules, policiesOf } from '../domain/policy.ts';

export type OutboxEvent = typeof outbox.$inferSelect;

/** The one user an event is for, when it is for one user alone: a time that opened on their waitlist. */
export const recipientOf = (event: OutboxEvent): string | undefined =>
  event.type === 'waitlist.opened' ? (event.studentId ?? undefined) : undefined;

/**
 * The booking policies of the courses events belong to, read once per batch for every stream that shows
 * them (a request's `actions` depend on its course's cancellation notice).
 */
export class CoursePolicies {
  readonly #known = new Map<string, Policy>();
  constructor(
    readonly db: Database,
    readonly defaults: PolicyRules,
  ) {}

  /** Reads the policies of the courses of the batch's request events (only a request carries `actions`). */
  async load(events: OutboxEvent[]): Promise<void> {
    const courseIds = events.filter((event) => event.requestId).map((event) => event.courseId);
    if (courseIds.length === 0) return;
    const policyOfCourse = await policiesOf(this.db, courseIds, this.defaults);
    for (const courseId of courseIds) this.#known.set(courseId, policyOfCourse(courseId));
  }

  of(courseId: string): PolicyRules {
    return this.#known.get(courseId) ?? this.defaults;
  }
}

/** A live stream as the hub sees it: whose it is, where new events go, how to end it. */
export interface Subscriber {
  readonly userId: string;
  deliver(events: OutboxEvent[]): void;
  close(): void;
}

/** How often the outbox is read while streams are open: well inside the 250 ms / 1 s targets. */
export const POLL_MS = 150;
const BATCH = 200;
/** Streams served between two yields to the event loop during a fan-out. */
const FAN_OUT_SLICE = 100;

/** Open streams one user may hold on one process; opening another closes their oldest. */
export const MAX_STREAMS_PER_USER = 10;

export class EventHub {
  readonly #db: Database;
  readonly #subscribers = new Set<Subscriber>();
  readonly #byUser = new Map<string, Subscriber[]>();
  #cursor = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #starting?: Promise<void>;
  #closed = false;
  /** The cursor has been read since the first stream came: polls may run. */
  #ready = false;
  #polling = false;
  #pollAgain = false;

  /** The policies of the events' courses, fresh for each batch. */
  readonly policies: CoursePolicies;

  constructor(db: Database, defaults: PolicyRules) {
    this.#db = db;
    this.policies = new CoursePolicies(db, defaults);
    onCommit(db, () => this.#wake());
  }

  /** Open streams; zero once every stream has gone. */
  get size(): number {
    return this.#subscribers.size;
  }

  /**
   * Delivers every event after the returned id to `subscriber`, in batches, until it unsubscribes.
   * The user's oldest stream is closed when this one is more than they may hold.
   */
  async subscribe(subscriber: Subscriber): Promise<number> {
    if (this.#closed) {
      subscriber.close();
      return this.#cursor;
    }
    this.#subscribers.add(subscriber);
    const own = [...(this.#byUser.get(subscriber.userId) ?? []), subscriber];
    this.#byUser.set(subscriber.userId, own);
    if (own.length > MAX_STREAMS_PER_USER) own[0].close();
    if (this.#subscribers.size === 1) this.#starting = this.#start();
    await this.#starting;
    return this.#cursor;
  }

  unsubscribe(subscriber: Subscriber): void {
    if (!this.#subscribers.delete(subscriber)) return;
    const own = (this.#byUser.get(subscriber.userId) ?? []).filter((other) => other !== subscriber);
    if (own.length > 0) this.#byUser.set(subscriber.userId, own);
    else this.#byUser.delete(subscriber.userId);
    if (this.#subscribers.size === 0) {
      this.#ready = false;
      clearTimeout(this.#timer);
    }
  }

  /** Ends every open stream and any opened later, as at shutdown; their clients reconnect elsewhere. */
  close(): void {
    this.#closed = true;
    for (const subscriber of this.#subscribers) subscriber.close();
  }

  async #start(): Promise<void> {
    // The last id ever issued, also when retention has emptied the table.
    const latest = await this.#db.get<{ id: number | null }>(
      sql`SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'outbox') AS id`,
    );
    this.#cursor = Number(latest?.id ?? 0);
    this.#ready = true;
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#subscribers.size > 0) this.#timer = setTimeout(() => this.#poll(), POLL_MS);
  }

  /**
   * Hands the events to every stream, yielding now and then so that other requests are not kept waiting. An event
   * for one user alone goes only to that user's streams: thousands of them cost the others nothing.
   */
  async #fanOut(events: OutboxEvent[]): Promise<void> {
    const recipients = new Set(events.map(recipientOf).filter((userId) => userId !== undefined));
    const shared = recipients.size === 0 ? events : events.filter((event) => recipientOf(event) === undefined);
    const withOwn = (userId: string) =>
      events.filter((event) => {
        const recipient = recipientOf(event);
        return recipient === undefined || recipient === userId;
      });
    let handed = 0;
    for (const subscriber of [...this.#subscribers]) {
      subscriber.deliver(recipients.has(subscriber.userId) ? withOwn(subscriber.userId) : shared);
      if (++handed % FAN_OUT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** A write of this process committed: read its events now rather than at the next tick. */
  #wake(): void {
    if (!this.#ready) return;
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    clearTimeout(this.#timer);
    void this.#poll();
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      const events = await this.#db.select().from(outbox).where(gt(outbox.id, this.#cursor)).orderBy(asc(outbox.id)).limit(BATCH);
      if (events.length > 0) {
        this.#cursor = events[events.length - 1].id;
        await this.policies.load(events);
        await this.#fanOut(events);
      }
    } catch (error) {
      console.error('Reading the outbox failed; retrying.', error);
    }
    this.#polling = false;
    if (this.#pollAgain) {
      this.#pollAgain = false;
      void this.#poll();
    } else this.#schedule();
  }
}
