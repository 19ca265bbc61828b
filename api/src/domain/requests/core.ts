// The shared core of the request lifecycle: who is calling and when, finding one's own request, asking the
// rule table whether an action is allowed, and reading a request back with what the caller may do with it.

import type { ResultSet } from '@libsql/client';
import type { RequestView, SessionRequest } from '@one-on-one/contract/resources';
import { actionsFor, type RuleSettings, verdict } from '@one-on-one/contract/rules';
import type { Party, RequestAction } from '@one-on-one/contract/vocabulary';
import { eq } from 'drizzle-orm';
import type { Database, Statement } from '../../db/client.ts';
import { sessionRequests as r } from '../../db/schema.ts';
import { applyChange, type BatchRead, readInBatch, written } from '../atomic.ts';
import { DomainError, notFound } from '../errors.ts';
import type { User } from '../identity.ts';
import { type Policy, type PolicyRules, policyOf } from '../policy.ts';
import { findRequestView, type RequestFacts, selectRequests } from '../views.ts';

/** What every lifecycle step works in: the database, the caller, the moment of the call, the default policy. */
export interface RequestContext {
  db: Database;
  user: User;
  /** The moment of the call, as stored times are written (ISO 8601 UTC). */
  at: string;
  /** The deployment's policy, under each course's own. */
  defaults: PolicyRules;
}

/** A request as its caller reads it, and which of its two people the caller is. */
export interface OwnRequest {
  request: RequestFacts;
  party: Party;
}

export const invalidState = (detail: string) => new DomainError('invalid_state', detail);

/** The request as it reads now, if the caller is its student or its slot's educator; else 404. */
export async function findOwnRequest({ db, user, at }: RequestContext, requestId: string): Promise<OwnRequest> {
  const request = await findRequestView(db, requestId, at);
  const party = request?.studentId === user.id ? 'student' : request?.educatorId === user.id ? 'educator' : undefined;
  if (!request || !party) throw notFound('request');
  return { request, party };
}

const refusals: Record<RequestAction, string> = {
  approve: 'Only a pending request for a session that has not started can be approved.',
  reject: 'Only a pending request for a session that has not started can be rejected.',
  cancel:
    'This request cannot be cancelled now: a student withdraws a pending or approved request, an educator calls off an approved session, before it starts.',
  reschedule: 'Only a pending request, or an approved session that has not started, can be moved.',
  attendance: 'Attendance is recorded for an approved session once it has started.',
  calendar: 'Only an approved session, or one cancelled after approval, has a calendar entry.',
};

/** Throws unless the rules let the caller take `action` on `request` now. */
export function requireAllowed(action: RequestAction, request: RequestView, ctx: RequestContext, rules: RuleSettings): void {
  const found = verdict(action, request, ctx.user.id, ctx.at, rules);
  if (found === 'too_late') {
    throw new DomainError(
      'too_late_to_cancel',
      `This session starts within ${rules.cancelNoticeMinutes} minutes: it can no longer be changed.`,
    );
  }
  if (found === 'not_allowed') throw invalidState(refusals[action]);
}

/** The request as `userId` gets it from the API at `at`: with what they may do with it. */
export function withActions(request: RequestFacts, userId: string, at: string, rules: RuleSettings): SessionRequest {
  const { movePending: _, ...view } = request;
  return { ...view, actions: actionsFor(request, userId, at, rules) };
}

/** The request as it reads at `at`, to read last in the batch that writes it (instead of `readBack` after it). */
export const requestInBatch = ({ db, at }: RequestContext, requestId: string) =>
  readInBatch<RequestFacts>(selectRequests(db, at).where(eq(r.id, requestId)));

/** The request a batch ended by `requestInBatch` wrote, as the caller now reads it. */
export const readFromBatch = (
  { user, at }: RequestContext,
  read: BatchRead<RequestFacts>,
  results: ResultSet[],
  rules: RuleSettings,
): Promise<SessionRequest> =>
  written(Promise.resolve(read.rowOf(results))).then((request) => withActions(request, user.id, at, rules));

/**
 * Applies a planned change to one of the caller's requests and returns it as the caller now reads it. `plan`
 * gets the request as read, the caller's part in it and its course's policy, and gives the batch.
 */
export async function changeRequest(
  ctx: RequestContext,
  requestId: string,
  plan: (own: OwnRequest, policy: Policy) => Statement[] | Promise<Statement[]>,
): Promise<SessionRequest> {
  const read = requestInBatch(ctx, requestId);
  const { policy, results } = await applyChange(ctx.db, async () => {
    const own = await findOwnRequest(ctx, requestId);
    const policy = await policyOf(ctx.db, own.request.courseId, ctx.defaults);
    return { batch: [...(await plan(own, policy)), read.statement], policy };
  });
  return readFromBatch(ctx, read, results, policy);
}
