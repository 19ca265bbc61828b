// <my-session-requests>' move form: the course's open times on the strip of days `<book-session>` shows, a message,
// and Move or Keep as it is. Loaded the first time the student presses Move (my-session-requests.ts).
import { TEXT_LIMITS } from '@one-on-one/contract/limits';
import { html, nothing } from 'lit';
import { RequestSentEvent } from '../events/request-sent.ts';
import { type CourseSlot, describeError, type SessionRequest } from '../internal/api.ts';
import { renderDayStrip } from '../internal/day-strip.ts';
import type { ItemFormHost } from '../internal/item-form.ts';
import { msg, type Say } from '../internal/localize.ts';

/** The move being chosen: the request, the course's open times once loaded, and what was picked. */
export interface Move {
  request: SessionRequest;
  slots?: CourseSlot[];
  /** The day shown in the strip. */
  day?: string;
  slotId: string;
  message: string;
  problem?: Say;
}

/** What the move form asks of <my-session-requests>: what an item's form asks of its list, and the move's own. */
export interface MoveHost extends Pick<ItemFormHost, 'busy' | 'call' | 'focusOn' | 'closesOnEscape' | 'act'> {
  moving?: Move;
  level: number;
  requests: { task: { value?: SessionRequest[] } };
  returnFocus(id: string, opens: string): void;
  renderSkeleton(rows?: number): unknown;
}

/** Loads the course's open times, but for the session's own and the one it moved from, and focuses the form. */
export async function loadMove(host: MoveHost, request: SessionRequest): Promise<void> {
  const away = [request.slotId, host.requests.task.value?.find((other) => other.id === request.replaces)?.slotId];
  try {
    const page = await host.call<{ items: CourseSlot[] }>(
      'GET',
      `/api/availability/course/${encodeURIComponent(request.courseId)}?limit=200`,
    );
    if (host.moving?.request.id === request.id)
      host.moving = { ...host.moving, slots: page.items.filter((slot) => !slot.requestedByMe && !away.includes(slot.id)) };
  } catch (error) {
    if (host.moving) host.moving = { ...host.moving, slots: [], problem: () => describeError(error) };
  }
  await host.focusOn('[part~=form] button:enabled');
}

/** The move: the same strip of days as booking, a message, and Move or Keep as it is. */
export function renderMove(host: MoveHost, move: Move) {
  const set = (change: Partial<Move>) => {
    host.moving = { ...move, ...change, problem: undefined };
  };
  if (!move.slots) return host.renderSkeleton(1);
  const keep = () => {
    host.moving = undefined;
    host.returnFocus(move.request.id, 'reschedule');
  };
  return html`<form part="form" class="field" novalidate @keydown=${host.closesOnEscape(keep)} @submit=${(event: Event) => {
    event.preventDefault();
    send(host, move);
  }}>
      <fieldset class="field">
        <legend>${msg('New time')}</legend>
        ${
          move.slots.length
            ? renderDayStrip(move.slots, move.day, move.slotId, host.level, (day, slotId = '') => set({ day, slotId }))
            : html`<p class="muted">${msg('No other open time')}</p>`
        }
      </fieldset>
      <label class="field"
        >${msg('Message to the educator (optional)')}
        <input .value=${move.message} maxlength=${TEXT_LIMITS.message} @input=${(e: Event) => set({ message: (e.target as HTMLInputElement).value })} />
      </label>
      ${move.request.status === 'approved' ? html`<p class="muted">${msg('Your current session stays booked until the educator approves the new time.')}</p>` : nothing}
      <p class="problem" role="alert">${move.problem?.() ?? ''}</p>
      <div class="row">
        <button class="primary" ?disabled=${!move.slotId || host.busy}>${msg('Move')}</button>
        <button type="button" @click=${keep}>${msg('Keep as it is')}</button>
      </div>
    </form>`;
}

function send(host: MoveHost, move: Move): Promise<void> {
  const body = { slotId: move.slotId, ...(move.message.trim() ? { message: move.message.trim() } : {}) };
  return host.act(
    () => host.call<SessionRequest>('POST', `/api/session/reschedule/${encodeURIComponent(move.request.id)}`, body),
    (moved) => {
      host.moving = undefined;
      return new RequestSentEvent(moved);
    },
    (moved) => (moved.status === 'approved' || move.request.status === 'pending' ? msg('Moved.') : msg('Move requested.')),
    (problem) => {
      if (host.moving) host.moving = { ...host.moving, problem };
    },
  );
}
