// The score poster in the background (SPEC §15): one per process, each step bounded, at once again while steps come
// full, else after a short pause. Processes share the work through the leases in the database.
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import { runInBackground } from '../jobs/background.ts';
import type { PlatformFetch } from './platform-fetch.ts';
import { postDueScores, SCORES_PER_STEP, type ScoreSender } from './scores.ts';
import { serviceAccess } from './services.ts';

const IDLE_POLL_MS = 1_000;

/** A score sender with the tool's settings: the guarded fetch, the tool's key and tokens kept for this process. */
export function scoreSender(db: Database, config: AppConfig, clock: Clock, fetchPlatform?: PlatformFetch): ScoreSender {
  const access = serviceAccess(db, config, clock, fetchPlatform);
  return {
    db,
    fetchPlatform: access.fetchPlatform,
    serviceToken: access.serviceToken,
    defaults: config.policy,
    owner: randomUUID(),
  };
}

/** Posts due scores now and again until stopped; returns the stop function. */
export function startScorePosting(sender: ScoreSender, clock: Clock, idleMs = IDLE_POLL_MS): () => void {
  return runInBackground(
    'Posting scores to LMS gradebooks',
    async () => {
      const { posted } = await postDueScores(sender, clock());
      return posted === SCORES_PER_STEP ? 0 : idleMs;
    },
    idleMs,
  );
}
