// The groups of <session-requests>' agenda (SPEC 16): ahead, today's and this week's sessions in time order, the
// requests awaiting a decision (oldest first) and later sessions; the past and the closed ones, Earlier, latest first. A session
// whose move awaits a decision is shown once, as the session, with the move on it.
import type { SessionRequest } from '../internal/api.ts';
import { now } from '../internal/clock.ts';
import { firstDayOf, toLocalInputs } from '../internal/format.ts';

export type Group = 'today' | 'week' | 'pending' | 'later' | 'earlier';

/** The viewer's wall date at `iso`, in days since 1970-01-01 (a Thursday). */
const dayOf = (iso: string) => Date.parse(toLocalInputs(iso).date) / 864e5;

/**
 * The agenda of `items` (a request listed twice counts once), This week in the weeks of `locale` (its first day as the
 * week view's, `firstDayOf`): its groups, and per approved session its move awaiting a decision.
 */
export function agendaOf(items: SessionRequest[], locale: string) {
  const today = dayOf(new Date(now()).toISOString());
  // The first day is 0 (Sunday) to 6 (Saturday), counted modulo 7 from day 0, a Thursday.
  const nextWeek = today + 7 - ((today + 11 - firstDayOf(locale)) % 7);
  const byId = new Map(items.map((item) => [item.id, item]));
  const moves = new Map<string, SessionRequest>();
  const groups: Record<Group, SessionRequest[]> = { today: [], week: [], pending: [], later: [], earlier: [] };
  for (const item of [...byId.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = dayOf(item.startsAt);
    const original = item.status === 'pending' && byId.get(item.replaces as string);
    if (original && original.status === 'approved') moves.set(original.id, item);
    else
      groups[
        item.status === 'pending'
          ? 'pending'
          : item.status !== 'approved' || Date.parse(item.endsAt) <= now()
            ? 'earlier'
            : day <= today
              ? 'today'
              : day < nextWeek
                ? 'week'
                : 'later'
      ].push(item);
  }
  groups.pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // Earlier goes back in time: the latest first, as its pages come.
  groups.earlier.reverse();
  return { groups, moves };
}
