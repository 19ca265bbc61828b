// What may be done with a session request, as data: each action, who may take it, from which states, and
// until or after when. The checks, the SQL guards of the writes (rule-guards.ts) and each request's
// `actions` are all built from this table, so a rule changes in one line here. Pure: no database here;
// the widgets' stand-in API computes `actions` with it too.
import type { RequestView } from './resources.ts';
import { type Party, type RequestAction, type RequestStatus, requestActions } from './vocabulary.ts';

export type { Party, RequestAction } from './vocabulary.ts';

const MINUTE_MS = 60_000;

interface Rule {
  by: Party[];
  /** The statuses, as readers see them, the request may be in. */
  from: RequestStatus[];
  /** Before the session starts, or once it has. */
  when?: 'beforeStart' | 'afterStart';
  /** A student's change to an approved session must come `cancelNoticeMinutes` before its start. */
  withNotice?: boolean;
  /** Only a cancelled request that had been approved (it had a meeting link). */
  wasApproved?: boolean;
  /** Not while a move of the request waits for the educator. */
  unlessMoving?: boolean;
}

const both: Party[] = ['student', 'educator'];

/** The rules. The first that matches the request and the caller decides. */
export const REQUEST_RULES: Record<RequestAction, Rule[]> = {
  approve: [{ by: ['educator'], from: ['pending'], when: 'beforeStart' }],
  reject: [{ by: ['educator'], from: ['pending'], when: 'beforeStart' }],
  cancel: [
    { by: ['student'], from: ['pending'], when: 'beforeStart' },
    { by: ['student'], from: ['approved'], when: 'beforeStart', withNotice: true },
    { by: ['educator'], from: ['approved'], when: 'beforeStart' },
  ],
  reschedule: [
    { by: ['student'], from: ['pending'], when: 'beforeStart' },
    { by: ['student'], from: ['approved'], when: 'beforeStart', withNotice: true, unlessMoving: true },
  ],
  attendance: [{ by: ['educator'], from: ['approved', 'completed'], when: 'afterStart' }],
  calendar: [
    { by: both, from: ['approved', 'completed'] },
    { by: both, from: ['cancelled'], wasApproved: true },
  ],
};

/** What the request's course allows; the rules above read only this much of it. */
export interface RuleSettings {
  cancelNoticeMinutes: number;
}

export type Verdict = 'allowed' | 'too_late' | 'not_allowed';

export const partyOf = (request: Pick<RequestView, 'studentId' | 'educatorId'>, userId: string): Party | undefined =>
  request.studentId === userId ? 'student' : request.educatorId === userId ? 'educator' : undefined;

/** Whether `userId` may take `action` on `request` (as read at `now`), and if not, why. */
export function verdict(
  action: RequestAction,
  request: RequestView & { movePending?: boolean },
  userId: string,
  now: string,
  settings: RuleSettings,
): Verdict {
  const party = partyOf(request, userId);
  const started = request.startsAt <= now;
  let result: Verdict = 'not_allowed';
  for (const rule of REQUEST_RULES[action]) {
    if (!party || !rule.by.includes(party) || !rule.from.includes(request.status)) continue;
    if ((rule.when === 'beforeStart' && started) || (rule.when === 'afterStart' && !started)) continue;
    if (rule.wasApproved && request.meetingLink === null) continue;
    if (rule.unlessMoving && request.movePending) continue;
    if (rule.withNotice && Date.parse(request.startsAt) <= Date.parse(now) + settings.cancelNoticeMinutes * MINUTE_MS) {
      result = 'too_late';
      continue;
    }
    return 'allowed';
  }
  return result;
}

/** Everything `userId` may do with `request` now. */
export function actionsFor(
  request: RequestView & { movePending?: boolean },
  userId: string,
  now: string,
  settings: RuleSettings,
): RequestAction[] {
  return requestActions.filter((action) => verdict(action, request, userId, now, settings) === 'allowed');
}
