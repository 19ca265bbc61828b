// The expiry sweep in the background: records `request.expired` for pending requests whose session started
// undecided, a bounded batch at a time, at once again while batches come full.
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import { EXPIRY_BATCH, recordExpiries } from '../domain/requests/expire.ts';
import { runInBackground } from './background.ts';

const SWEEP_EVERY_MS = 15_000;

/** Sweeps now and every `everyMs`; returns the stop function. */
export function startExpirySweep(db: Database, clock: Clock, everyMs = SWEEP_EVERY_MS): () => void {
  return runInBackground(
    'Recording expired requests',
    async () => ((await recordExpiries(db, clock().toISOString())) === EXPIRY_BATCH ? 0 : everyMs),
    everyMs,
  );
}
