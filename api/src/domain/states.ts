// The request states the rules and the lists share, written once as SQL: a request waiting for a decision, one
// that expired undecided, and the reasons the system writes (with their codes, which readers translate).
import type { ReasonCode } from '@one-on-one/contract/vocabulary';
import { type AnyColumn, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { sessionRequests as r } from '../db/schema.ts';

/** A time in a query: a value, or the placeholder of a prepared statement that takes it at each run. */
export type Instant = string | Placeholder;

/** The columns a state reads, of `session_requests` or an alias of it. */
interface RequestColumns {
  status: AnyColumn;
  startsAt: AnyColumn;
}

/** Pending, its session not yet started at `now`: the request waits for its educator. */
export const awaitingDecision = (now: Instant, request: RequestColumns = r): SQL =>
  sql`(${request.status} = 'pending' AND ${request.startsAt} > ${now})`;

/** Pending, its session started at `now` without a decision: readers see it rejected as expired. */
export const expiredUndecided = (now: Instant, request: RequestColumns = r): SQL =>
  sql`(${request.status} = 'pending' AND ${request.startsAt} <= ${now})`;

/** The English text of each reason the system writes; it stays in the request for logs, beside its code. */
export const SYSTEM_REASONS: Record<ReasonCode, string> = {
  moved: 'Moved to another time.',
  another_booked: 'Another student was booked for this time.',
  slot_removed: 'The educator removed this time slot.',
  expired: 'Not approved before the session started.',
};
