// Attendance: the slot's educator records whether the student came, once an approved session has started. In a
// course with an LMS gradebook, the same batch puts the student's score in the outbox that posts it (SPEC §15).
import type { SessionRequest } from '@one-on-one/contract/resources';
import { and, eq } from 'drizzle-orm';
import { sessionRequests as r } from '../../db/schema.ts';
import { newId } from '../atomic.ts';
import { notFound } from '../errors.ts';
import { recordRequestEvents } from '../events.ts';
import { markGrade } from '../grades.ts';
import { stillAllowed } from '../rule-guards.ts';
import { changeRequest, type RequestContext, requireAllowed } from './core.ts';

/**
 * `PUT /api/session/attendance/:requestId`: also after the session has ended; it can be changed. Writes
 * `request.attendance` (SPEC §7); the score is posted later, so a platform that is down never holds this up.
 */
export function recordAttendance(ctx: RequestContext, requestId: string, attended: boolean): Promise<SessionRequest> {
  const { db, at } = ctx;
  return changeRequest(ctx, requestId, ({ request, party }, policy) => {
    if (party !== 'educator') throw notFound('request');
    requireAllowed('attendance', request, ctx, policy);
    const op = newId();
    return [
      db
        .update(r)
        .set({ attended, updatedAt: at, op })
        .where(and(eq(r.id, requestId), stillAllowed('attendance', 'educator', request.status, at, policy))),
      ...markGrade(db, requestId, op, at),
      recordRequestEvents('request.attendance', op, at, eq(r.id, requestId)),
    ];
  });
}
