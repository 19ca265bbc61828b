// The waitlist's background work: telling waiting students of opened times as soon as a change queues them,
// a bounded step at a time, and removing entries whose window has ended.
import type { Database } from '../db/client.ts';
import { type Clock, systemClock } from '../domain/clock.ts';
import type { PolicyRules } from '../domain/policy.ts';
import { removeEndedEntries } from '../domain/waitlist/entries.ts';
import { announceOpenings } from '../domain/waitlist/openings.ts';
import { runInBackground } from './background.ts';

/** How often an idle process looks for queued openings (a cheap read of an empty table). */
const ANNOUNCE_IDLE_MS = 250;
const SWEEP_EVERY_MS = 60 * 60_000;

/** Runs the announcement (step after step while work waits) and the hourly sweep; returns the stop function. */
export function startWaitlistJobs(db: Database, defaults: PolicyRules, clock: Clock = systemClock): () => void {
  const stops = [
    runInBackground(
      'Announcing opened times to waiting students',
      async () => ((await announceOpenings(db, clock(), defaults)) ? 0 : ANNOUNCE_IDLE_MS),
      ANNOUNCE_IDLE_MS,
    ),
    runInBackground(
      'Removing ended waitlist entries',
      async () => {
        await removeEndedEntries(db, clock());
        return SWEEP_EVERY_MS;
      },
      SWEEP_EVERY_MS,
    ),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
