// The Notifications switch of both request lists (SPEC 14): whether the viewer gets email about their sessions,
// read as the list loads and saved on each change. An API that has no such setting (404: an older server) shows none.
import { html, nothing } from 'lit';
import { ApiError, describeError, type Notifications } from './api.ts';
import { Load } from './load.ts';
import { msg, type Say } from './localize.ts';
import type { PartActions } from './session-element.ts';

const PATH = '/api/me/notifications';

export class EmailSwitch {
  readonly task: Load<readonly unknown[], Notifications>;
  readonly #actions: PartActions;
  #saving = false;
  #problem?: Say;

  constructor(actions: PartActions) {
    this.#actions = actions;
    this.task = new Load(actions.host, (_credentials, signal) => actions.load<Notifications>(PATH, signal), actions.credentials);
  }

  render() {
    const { value } = this.task;
    return this.task.render({
      initial: () => nothing,
      pending: () => (value ? this.#renderSwitch(value) : nothing),
      complete: (loaded) => this.#renderSwitch(loaded),
      error: (error) => (error instanceof ApiError && error.status === 404 ? nothing : this.#renderSwitch()),
    });
  }

  /** The switch with the saved setting, or without one (it could not be read) the reason why. */
  #renderSwitch(saved?: Notifications) {
    const problem = saved ? this.#problem : () => describeError(this.task.error);
    return html`<fieldset part="notifications">
      <legend>${msg('Notifications')}</legend>
      ${
        saved
          ? html`<label class="switch"
              ><input
                type="checkbox"
                role="switch"
                aria-describedby="email-problem"
                .checked=${saved.email}
                @click=${(event: Event) => this.#saving && event.preventDefault()}
                @change=${(event: Event) => this.#save(event.target as HTMLInputElement)}
              />${msg('Email me about my sessions')}</label
            >`
          : nothing
      }
      <p id="email-problem" class="problem">${problem?.() ?? ''}</p>
    </fieldset>`;
  }

  /** Saves the switch's new position; if the API refuses, the switch goes back and says why. */
  async #save(input: HTMLInputElement): Promise<void> {
    const email = input.checked;
    this.#saving = true;
    this.#problem = undefined;
    this.#actions.host.requestUpdate();
    try {
      const saved = await this.#actions.call<Notifications>('PUT', PATH, { email });
      this.task.set(saved);
      this.#actions.announce(() =>
        saved.email ? msg('You will get emails about your sessions.') : msg('You will get no more emails about your sessions.'),
      );
    } catch (error) {
      input.checked = !email;
      this.#problem = () => describeError(error);
      this.#actions.announce(this.#problem);
    } finally {
      this.#saving = false;
      this.#actions.host.requestUpdate();
    }
  }
}
