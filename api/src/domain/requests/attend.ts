// Attendance: the slot's educator records whether the student came, once an approved session has started.
import type { SessionRequest } from '@one-on-one/contract/resources';
import { and, eq } from 'drizzle-orm';
import { sessionRequests as r } from '../../db/schema.ts';
import { newId } from '../atomic.ts';
import { notFound } from '../errors.ts';
import { stillAllowed } from '../rule-guards.ts';
import { changeRequest, type RequestContext, requireAllowed } from './core.ts';

/** `PUT /api/session/attendance/:requestId`: also after the session has ended; it can be changed. */
export function recordAttendance(ctx: RequestContext, requestId: string, attended: boolean): Promise<SessionRequest> {
  const { db, at } = ctx;
  return changeRequest(ctx, requestId, ({ request, party }, policy) => {
    if (party !== 'educator') throw notFound('request');
    requireAllowed('attendance', request, ctx, policy);
    return [
      db
        .update(r)
        .set({ attended, updatedAt: at, op: newId() })
        .where(and(eq(r.id, requestId), stillAllowed('attendance', 'educator', request.status, at, policy))),
    ];
  });
}
