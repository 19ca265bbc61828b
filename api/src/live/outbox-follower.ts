// Follows the outbox for a cache: which courses changed since the last look, whichever process made the change.
import type { Database } from '../db/client.ts';

/** What changed since the last look: the courses of the events read, or everything when events may have been missed. */
export interface OutboxChanges {
  courses: Set<string>;
  /** The events since the last look cannot be told (the first look, events removed by retention, too many). */
  all: boolean;
}

/** Event types that change what a course's listing shows: a slot's, a request's (booking, requestedByMe), the policy's. */
const changesListing = (type: string) => type.startsWith('slot.') || type.startsWith('request.') || type === 'policy.updated';

/**
 * Reads the outbox after its cursor, one indexed range of ids. Ids are contiguous as written (one writer at a time,
 * and a guarded insert that writes nothing takes no id), so a first id past the cursor's next means events were
 * removed unread (retention): the caller forgets everything then.
 */
export class OutboxFollower {
  #cursor: number | undefined;
  constructor(
    readonly db: Database,
    /** Events read at one look; more than this forgets everything instead. */
    readonly limit = 1_000,
  ) {}

  async changes(): Promise<OutboxChanges> {
    const client = this.db.$client;
    if (this.#cursor === undefined) {
      this.#cursor = await this.#latest();
      return { courses: new Set(), all: true };
    }
    const { rows } = await client.execute({
      sql: 'SELECT id, type, course_id FROM outbox WHERE id > ? ORDER BY id LIMIT ?',
      args: [this.#cursor, this.limit],
    });
    if (rows.length === 0) return { courses: new Set(), all: false };
    const first = Number(rows[0].id);
    const missed = first !== this.#cursor + 1 || rows.length === this.limit;
    this.#cursor = Number(rows[rows.length - 1].id);
    if (missed) {
      // Start again from the latest id: what lies between is not read.
      this.#cursor = Math.max(this.#cursor, await this.#latest());
      return { courses: new Set(), all: true };
    }
    const courses = new Set<string>();
    for (const row of rows) if (changesListing(String(row.type))) courses.add(String(row.course_id));
    return { courses, all: false };
  }

  /** The last id ever issued, also when retention has emptied the table. */
  async #latest(): Promise<number> {
    const { rows } = await this.db.$client.execute({
      sql: "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'outbox') AS id",
      args: [],
    });
    return Number(rows[0]?.id ?? 0);
  }
}
