// How many CSV exports one user may stream at once on this process: each download in progress holds a place.
import { DomainError } from '../errors.ts';

/** Exports one user may stream at once; one more is refused until one of them ends. */
export const MAX_EXPORTS_PER_USER = 2;

/** Counts each user's exports in progress on this process, so that no one user ties the database up with many. */
export class ExportGate {
  readonly #open = new Map<string, number>();

  /** Takes a place for `userId`, or refuses with 429 `rate_limited`; the function returned gives it back, once. */
  enter(userId: string): () => void {
    const open = this.#open.get(userId) ?? 0;
    if (open >= MAX_EXPORTS_PER_USER)
      throw new DomainError(
        'rate_limited',
        `At most ${MAX_EXPORTS_PER_USER} downloads at a time; try again when one has finished.`,
      );
    this.#open.set(userId, open + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.#open.get(userId) ?? 1) - 1;
      if (left > 0) this.#open.set(userId, left);
      else this.#open.delete(userId);
    };
  }
}
