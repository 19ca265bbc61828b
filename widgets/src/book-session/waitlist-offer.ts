// The waitlist part of <book-session> (SPEC 14): when the course shows no open time, the student asks to be told
// when one opens, or sees that they are waiting and can stop. Read only while the list is empty; it sits inside the
// box of times, so the page never moves.
import { html, nothing } from 'lit';
import { ApiError, describeError, type WaitlistEntry } from '../internal/api.ts';
import { initialState, Load } from '../internal/load.ts';
import { msg, type Say } from '../internal/localize.ts';
import type { PartActions } from '../internal/session-element.ts';

export class WaitlistOffer {
  /** The student's entry, null when they are not waiting. */
  readonly task: Load<readonly [string, boolean, ...unknown[]], WaitlistEntry | null>;
  readonly #actions: PartActions;
  readonly #path: () => string;
  #busy = false;
  #problem?: Say;

  /** `courseId` is the course shown; `empty` whether it shows no open time. */
  constructor(actions: PartActions, courseId: () => string, empty: () => boolean) {
    this.#actions = actions;
    this.#path = () => `/api/courses/${encodeURIComponent(courseId())}/waitlist`;
    this.task = new Load(
      actions.host,
      async ([course, isEmpty], signal) => {
        if (!course || !isEmpty) return initialState;
        try {
          return await actions.load<WaitlistEntry>(this.#path(), signal);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }
      },
      () => [courseId(), empty(), ...actions.credentials()] as const,
    );
  }

  /** The message of the empty box, with the offer to wait or the note that the student waits. */
  render() {
    // While it loads again, what it last said stays.
    const entry = this.task.render({
      initial: () => undefined,
      pending: () => this.task.value,
      complete: (loaded) => loaded,
      error: () => undefined,
    });
    const problem = html`<p class="problem">${this.#problem?.() ?? ''}</p>`;
    if (entry)
      return html`<p class="muted">${msg('No open times right now.')}</p>
        <div part="waitlist" class="field">
          <p id="waiting" tabindex="-1"><strong>${msg("We'll email you when a time opens.")}</strong></p>
          <div><button type="button" @click=${() => this.#change('DELETE')}>${msg('Stop waiting')}</button></div>
          ${problem}
        </div>`;
    return html`<p class="muted">${msg('No open times right now. Please check back later.')}</p>
      ${
        entry === null
          ? html`<div part="waitlist" class="field">
              <div><button type="button" id="wait" @click=${() => this.#change('POST')}>${msg('Tell me when a time opens')}</button></div>
              ${problem}
            </div>`
          : nothing
      }`;
  }

  /** Joins the waitlist for the course's whole window (POST) or leaves it (DELETE). */
  async #change(method: 'POST' | 'DELETE'): Promise<void> {
    // The button stays enabled, so that focus stays on it; a press while the last one is under way does nothing.
    if (this.#busy) return;
    this.#busy = true;
    this.#problem = undefined;
    this.#actions.host.requestUpdate();
    try {
      const entry = await this.#actions.call<WaitlistEntry | undefined>(method, this.#path(), method === 'POST' ? {} : undefined);
      this.task.set(entry ?? null);
      this.#actions.announce(() =>
        entry ? msg("We'll email you when a time opens.") : msg('You are no longer waiting for a time to open.'),
      );
      await this.#actions.focusOn(entry ? '#waiting' : '#wait');
    } catch (error) {
      this.#problem = () => describeError(error);
      this.#actions.announce(this.#problem);
    } finally {
      this.#busy = false;
      this.#actions.host.requestUpdate();
    }
  }
}
