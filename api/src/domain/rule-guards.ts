// The rules of rules.ts as SQL: what a write re-checks in its first statement, so that a change made
// between the read and the write makes the database refuse it.

import { REQUEST_RULES, type RuleSettings } from '@one-on-one/contract/rules';
import type { Party, RequestAction, RequestStatus } from '@one-on-one/contract/vocabulary';
import { eq, gt, lte, type SQL, sql } from 'drizzle-orm';
import { sessionRequests as r, type StoredRequestStatus } from '../db/schema.ts';
import { addMs, MINUTE_MS } from './clock.ts';
import type { Instant } from './states.ts';

/**
 * The condition a write's first statement re-checks in the database: the stored state in which the rule
 * allowed `party` to take `action` at `now`, so that a concurrent change makes the write refuse itself.
 */
export function stillAllowed(
  action: RequestAction,
  party: Party,
  status: RequestStatus,
  now: Instant,
  settings: RuleSettings,
): SQL {
  const rule = REQUEST_RULES[action].find((candidate) => candidate.by.includes(party) && candidate.from.includes(status));
  const stored = storedOf(status);
  if (rule?.withNotice && typeof now !== 'string') throw new Error(`The rule of ${action} takes a notice: give now as a time.`);
  const startsAfter = rule?.withNotice ? addMs(now as string, settings.cancelNoticeMinutes * MINUTE_MS) : now;
  const time =
    rule?.when === 'beforeStart' ? gt(r.startsAt, startsAfter) : rule?.when === 'afterStart' ? lte(r.startsAt, now) : sql`1`;
  return sql`(${eq(r.status, stored)} AND ${time})`;
}

/** The stored status behind a status as readers see it (the rules never start from an expired pending). */
function storedOf(status: RequestStatus): StoredRequestStatus {
  return status === 'completed' ? 'approved' : status;
}
