// "Subscribe in your calendar" in both request lists (SPEC 14): the viewer's calendar feed, fetched the first time
// they open it, as a webcal: link that opens their calendar app and a Copy link button. Where the browser refuses
// the clipboard, the link shows selected in a field to copy by hand. A new link stops the old one.
import { html, nothing } from 'lit';
import { describeError } from './api.ts';
import { initialState, Load } from './load.ts';
import { msg, type Say } from './localize.ts';
import type { PartActions } from './session-element.ts';

const PATH = '/api/calendar/feed';

/** The feed for a calendar app: the same host and path under webcal:, which opens the app; none unless http(s). */
export const webcalOf = (url: string) => (/^https?:\/\//i.test(url) ? url.replace(/^https?:/i, 'webcal:') : undefined);

export class CalendarFeed {
  readonly task: Load<readonly [boolean, ...unknown[]], { url: string }>;
  readonly #actions: PartActions;
  #opened = false;
  /** The clipboard was refused: the link shows in a field. */
  #byHand = false;
  #problem?: Say;

  constructor(actions: PartActions) {
    this.#actions = actions;
    this.task = new Load(
      actions.host,
      ([opened], signal) => (opened ? actions.load<{ url: string }>(PATH, signal) : Promise.resolve(initialState)),
      () => [this.#opened, ...actions.credentials()] as const,
    );
  }

  render() {
    const opened = (event: Event) => {
      if (!(event.target as HTMLDetailsElement).open || this.#opened) return;
      this.#opened = true;
      this.#actions.host.requestUpdate();
    };
    const { value } = this.task;
    return html`<details part="feed" @toggle=${opened}>
      <summary>${msg('Subscribe in your calendar')}</summary>
      ${this.task.render({
        initial: () => nothing,
        pending: () => (value ? this.#renderFeed(value.url) : html`<p class="muted" aria-busy="true">${msg('Loading…')}</p>`),
        complete: ({ url }) => this.#renderFeed(url),
        error: (error) => html`<p class="problem">${describeError(error)}</p>`,
      })}
    </details>`;
  }

  #renderFeed(url: string) {
    const webcal = webcalOf(url);
    return html`<div class="field">
      <p class="muted">${msg('Your calendar app shows your sessions and keeps them up to date. Anyone with the link can see them.')}</p>
      <div class="row">
        ${webcal ? html`<a part="subscribe" class="link primary" href=${webcal}>${msg('Open in your calendar app')}</a>` : nothing}
        <button part="button" @click=${() => this.#copy(url)}>${msg('Copy link')}</button>
        <button part="button" @click=${() => this.#renew()}>${msg('Make a new link')}</button>
      </div>
      ${
        this.#byHand
          ? html`<label class="field">${msg('Calendar link')}<input id="feed-url" readonly .value=${url} /></label>`
          : nothing
      }
      <p class="problem">${this.#problem?.() ?? ''}</p>
    </div>`;
  }

  async #copy(url: string): Promise<void> {
    this.#problem = undefined;
    try {
      await navigator.clipboard.writeText(url);
      this.#actions.announce(() => msg('Copied.'));
    } catch {
      this.#byHand = true;
      this.#actions.host.requestUpdate();
      ((await this.#actions.focusOn('#feed-url')) as HTMLInputElement | null)?.select();
      this.#actions.announce(() => msg('Copy the selected link.'));
    }
  }

  /** Revokes the link (calendars subscribed to it stop updating) and shows the new one. */
  async #renew(): Promise<void> {
    this.#problem = undefined;
    try {
      await this.#actions.call('DELETE', PATH);
      this.#byHand = false;
      await this.task.run();
      const { error } = this.task;
      this.#actions.announce(() => (error ? describeError(error) : msg('New link made. The old one no longer works.')));
    } catch (error) {
      this.#problem = () => describeError(error);
      this.#actions.announce(this.#problem);
    }
    this.#actions.host.requestUpdate();
  }
}
