// An educator's approval as one batch that reads nothing first: its claim holds what the planned path checks before
// its batch (the caller is the request's educator, the rule allows approving it) and every guard of that batch. A move
// (whose original the approval cancels) and anything refused go to the planned path.

import type { SessionRequest } from '@one-on-one/contract/resources';
import { REQUEST_RULES, type RuleSettings } from '@one-on-one/contract/rules';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { compile } from '../../db/bound.ts';
import type { Database } from '../../db/client.ts';
import { sessionRequests as r, slots as s } from '../../db/schema.ts';
import { newId } from '../atomic.ts';
import { recordRequestEvents, recordSlotEvents, requestClaimed } from '../events.ts';
import { stillAllowed } from '../rule-guards.ts';
import { rejectOthersOfSlot } from './another-booked.ts';
import type { RequestContext } from './core.ts';
import { applyDirect, compiledPerDatabase } from './direct.ts';

const p = sql.placeholder;

/** The claim reads no course's notice: approving takes none (were a rule to take one, every approval would be planned). */
const takesNoNotice = REQUEST_RULES.approve.every((rule) => !rule.withNotice);
const NO_NOTICE: RuleSettings = { cancelNoticeMinutes: 0 };

/** The batch of `approveRequest` for request `p('id')` by `p('user')`, marked `p('op')`, without a move's part. */
function compileApproval(db: Database) {
  const [id, op, now] = [p('id'), p('op'), p('now')];
  const slotOfRequest = sql`(SELECT approved.slot_id FROM ${r} AS approved WHERE approved.id = ${id})`;
  const { reject, recordRejected } = rejectOthersOfSlot(db, slotOfRequest, id, op, now);
  const at = sql`${now}`;
  return [
    db
      .update(r)
      .set({ status: 'approved', meetingLink: sql`${p('link')}`, decidedAt: at, updatedAt: at, op: sql`${op}` })
      .where(
        and(
          eq(r.id, id),
          eq(r.educatorId, p('user')),
          ne(r.studentId, p('user')),
          isNull(r.replaces),
          stillAllowed('approve', 'educator', 'pending', now, NO_NOTICE),
          sql`NOT EXISTS (SELECT 1 FROM ${r} AS booked WHERE booked.slot_id = ${r.slotId} AND booked.status = 'approved')`,
        ),
      ),
    reject,
    db
      .update(s)
      .set({ updatedAt: at, op: sql`${op}` })
      .where(and(sql`${s.id} = ${slotOfRequest}`, requestClaimed(id, op))),
    recordRequestEvents('request.approved', op, now, eq(r.id, id)),
    recordRejected,
    recordSlotEvents('slot.updated', op, now, sql`${s.id} = ${slotOfRequest}`),
  ].map(compile);
}

const compiled = compiledPerDatabase(compileApproval);

/** Approves in one batch; undefined when it was refused (nothing written), for the planned path to explain or apply. */
export function approveDirectly(
  ctx: RequestContext,
  requestId: string,
  meetingLink: string,
): Promise<SessionRequest | undefined> {
  if (!takesNoNotice) return Promise.resolve(undefined);
  return applyDirect(ctx, compiled(ctx.db), { id: requestId, op: newId(), user: ctx.user.id, link: meetingLink });
}
