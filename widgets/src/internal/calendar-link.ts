// The body of "Subscribe in your calendar" (calendar-feed.ts), loaded the first time it opens: the feed as a
// webcal: link that opens the viewer's calendar app and a Copy link button. Where the browser refuses the clipboard,
// the link shows selected in a field to copy by hand. A new link stops the old one.
import { html, nothing } from 'lit';
import { describeError } from './api.ts';
import { msg, type Say } from './localize.ts';
import type { PartActions } from './session-element.ts';

/** The feed for a calendar app: the same host and path under webcal:, which opens the app; none unless http(s). */
export const webcalOf = (url: string) => (/^https?:\/\//i.test(url) ? url.replace(/^https?:/i, 'webcal:') : undefined);

/** What the links need of the feed's load: loading it again, and whether that failed. */
export interface FeedTask {
  run(): Promise<unknown>;
  readonly error?: unknown;
}

export class FeedLinks {
  readonly #actions: PartActions;
  readonly #task: FeedTask;
  /** The clipboard was refused: the link shows in a field. */
  #byHand = false;
  #problem?: Say;

  /** `path` is the feed's, which `task` loads and a new link revokes. */
  constructor(
    actions: PartActions,
    task: FeedTask,
    readonly path: string,
  ) {
    this.#actions = actions;
    this.#task = task;
  }

  render(url: string) {
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
      await this.#actions.call('DELETE', this.path);
      this.#byHand = false;
      await this.#task.run();
      const { error } = this.#task;
      this.#actions.announce(() => (error ? describeError(error) : msg('New link made. The old one no longer works.')));
    } catch (error) {
      this.#problem = () => describeError(error);
      this.#actions.announce(this.#problem);
    }
    this.#actions.host.requestUpdate();
  }
}
