// Fans the outbox out to this process's live streams. It polls the table while anyone listens,
// so events reach streams whichever API instance wrote them; with no listener it holds no timer.
import { asc, gt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { outbox } from '../db/schema.ts';

export type OutboxEvent = typeof outbox.$inferSelect;
type Listener = (events: OutboxEvent[]) => void;

/** How often the outbox is read while streams are open: well inside the 250 ms / 1 s targets. */
export const POLL_MS = 150;
const BATCH = 200;

export class EventHub {
  readonly #db: Database;
  readonly #listeners = new Set<Listener>();
  #cursor = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #starting?: Promise<void>;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Open listeners; zero once every stream has gone. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Calls `listener` with each batch of new events; resolves once it is listening, with its unsubscribe. */
  async subscribe(listener: Listener): Promise<() => void> {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#starting = this.#start();
    await this.#starting;
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) clearTimeout(this.#timer);
    };
  }

  /** Events after `afterId`, oldest first, up to the hub's cursor: what a reconnecting stream missed. */
  missedSince(afterId: number): Promise<OutboxEvent[]> {
    return this.#db
      .select()
      .from(outbox)
      .where(sql`${outbox.id} > ${afterId} AND ${outbox.id} <= ${this.#cursor}`)
      .orderBy(asc(outbox.id));
  }

  async #start(): Promise<void> {
    const latest = await this.#db.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM outbox`);
    this.#cursor = Number(latest?.id ?? 0);
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#listeners.size > 0) this.#timer = setTimeout(() => this.#poll(), POLL_MS);
  }

  async #poll(): Promise<void> {
    try {
      const events = await this.#db.select().from(outbox).where(gt(outbox.id, this.#cursor)).orderBy(asc(outbox.id)).limit(BATCH);
      if (events.length > 0) {
        this.#cursor = events[events.length - 1].id;
        for (const listener of this.#listeners) listener(events);
      }
    } catch (error) {
      console.error('Reading the outbox failed; retrying.', error);
    }
    this.#schedule();
  }
}
