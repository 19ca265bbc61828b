// The base of both request lists: loading, in-place updates, per-item forms (loaded when first opened), errors and calendars, and the viewer's
// own settings under the list (email on or off, their sessions in their calendar app).
import type { RequestAction } from '@one-on-one/contract/vocabulary';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { describeError, type SessionRequest } from './api.ts';
import { CalendarFeed } from './calendar-feed.ts';
import type { EmailSwitch } from './email-switch.ts';
import type { ItemFormHost } from './item-form.ts';
import { LazyModule } from './load.ts';
import { msg, type Say } from './localize.ts';
import { saveCalendar } from './request-parts.ts';
import { SessionElement } from './session-element.ts';

/** An open per-item form: which request, which action, and what was typed. */
export interface ItemForm {
  id: string;
  action: RequestAction;
  text: string;
  problem?: Say;
}

/**
 * A module of an element's forms on a request. Its export's name is not one the build shortens (INTERNAL_MEMBERS):
 * the module's exports keep their names.
 */
export interface ItemForms {
  renderActionForm(host: ItemFormHost, request: SessionRequest): unknown;
}

export abstract class RequestList extends SessionElement {
  static override properties: PropertyDeclarations = { form: { state: true }, busy: { state: true } };

  declare protected form?: ItemForm;
  declare protected busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  /** The query of the list, e.g. `/api/session/my-requests`. */
  protected abstract get listPath(): string;

  protected requests = this.pagedList<SessionRequest>(() => this.listPath);
  /**
   * The Notifications switch (email-switch.ts), imported as the list first draws: it shows once its setting has loaded,
   * under the list, so nothing moves while it comes.
   */
  #email = new LazyModule<EmailSwitch>(
    this,
    async () => new (await import('./email-switch.ts')).EmailSwitch(this.partActions()),
    {
      skeleton: () => nothing,
      failed: (error, retry) => this.renderError(error, retry),
    },
  );
  #feed = new CalendarFeed(this.partActions(), (error, retry) => this.renderError(error, retry));

  reload(): void {
    this.reloadList();
    this.#email.module?.task.run();
    this.#feed.task.run();
  }

  /** Loads the list again, after a change to its requests. */
  protected reloadList(): void {
    this.requests.task.run();
  }

  /** The viewer's own settings, under the list: Notifications and Subscribe in your calendar. */
  protected renderSettings() {
    return html`<div class="settings">${this.#email.render((email) => email.render())}${this.#feed.render()}</div>`;
  }

  /** Opens the inline form of `action` on request `id`, its field holding `text`, and focuses `focus`. */
  protected async openForm(id: string, action: RequestAction, focus: string, text = ''): Promise<void> {
    this.form = { id, action, text };
    await this.#forms.loaded();
    this.focusOn(focus);
  }

  /** Closes the open form and puts focus back on the button that opened it. */
  protected closeForm(): void {
    const { id = '', action = '' } = this.form ?? {};
    this.form = undefined;
    this.returnFocus(id, action);
  }

  /** Focuses the button of item `id` that opens `opens` (its `data-opens`), once drawn again. */
  protected returnFocus(id: string, opens: string): void {
    this.focusOn(`li:has(#r-${CSS.escape(id)}) [data-opens='${opens}']`);
  }

  /** A keydown listener for an inline form: Escape runs `close`, and goes no further. */
  protected closesOnEscape(close: () => void) {
    return (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      close();
    };
  }

  /**
   * Runs an action on a request; on success reloads, fires `done`'s event, announces what `said` says of the
   * result and focuses the resulting item; on failure shows why in the open form (or through `showProblem`).
   */
  protected async act(
    run: () => Promise<SessionRequest>,
    done: (updated: SessionRequest) => Event,
    said: (updated: SessionRequest) => string,
    showProblem = (problem: Say) => {
      if (this.form) this.form = { ...this.form, problem };
    },
  ) {
    this.busy = true;
    try {
      const updated = await run();
      this.form = undefined;
      this.dispatchEvent(done(updated));
      this.announce(() => said(updated));
      this.reloadList();
      await this.requests.task.taskComplete;
      await this.focusOn(`#r-${CSS.escape(updated.id)}`);
    } catch (error) {
      showProblem(() => describeError(error));
    } finally {
      this.busy = false;
    }
  }

  protected async downloadCalendar(request: SessionRequest): Promise<void> {
    try {
      saveCalendar(await this.call<Blob>('GET', `/api/session/calendar/${encodeURIComponent(request.id)}`), request);
    } catch (error) {
      this.announce(() => describeError(error));
    }
  }

  /** Add to calendar; for a session called off after approval, Remove from calendar (its file cancels the event). */
  protected renderCalendarButton(request: SessionRequest) {
    return html`<button part="calendar" @click=${() => this.downloadCalendar(request)}>${
      request.status === 'cancelled' ? msg('Remove from calendar') : msg('Add to calendar')
    }</button>`;
  }

  /** Imports the module of the element's forms on a request (cancel, reject, approve). */
  protected abstract loadForms(): Promise<ItemForms>;

  /** The forms' module, imported the first time one opens. */
  #forms = new LazyModule(this, () => this.loadForms(), {
    skeleton: () => this.renderSkeleton(1),
    failed: (error, retry) => this.renderError(error, retry),
  });

  /** The open form on `request`: a placeholder while its module loads, a retry if it could not. */
  protected renderForm(request: SessionRequest) {
    return this.#forms.render((forms) => forms.renderActionForm(this as unknown as ItemFormHost, request));
  }
}
