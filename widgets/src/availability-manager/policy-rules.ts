// The body of <availability-manager>'s booking rules panel (policy-panel.ts): the rules of one course, read when
// opened and saved as a whole. A controller of the element, made when the panel first opens; the API checks every
// range and answers what it kept.
import { POLICY_RANGES } from '@one-on-one/contract/limits';
import type { Policy } from '@one-on-one/contract/resources';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { describeError } from '../internal/api.ts';
import { msg, type Say } from '../internal/localize.ts';
import { FIELDS as fields } from './policy-fields.ts';

type Field = keyof typeof POLICY_RANGES;
const FIELDS = fields as [Field, Say, Say?][];

/** What the panel needs from its element. */
export interface PolicyActions {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  saved(): void;
}

export class PolicyRules implements ReactiveController {
  #courseId = '';
  #values?: Record<Field, string>;
  #problem?: Say;
  #busy = false;
  readonly #host: ReactiveControllerHost;
  readonly #actions: PolicyActions;

  constructor(host: ReactiveControllerHost, actions: PolicyActions) {
    this.#host = host;
    this.#actions = actions;
    host.addController(this);
  }

  hostConnected(): void {}

  #path = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/policy`;

  async #load(courseId: string): Promise<void> {
    try {
      const policy = await this.#actions.call<Policy>('GET', this.#path(courseId));
      if (courseId !== this.#courseId) return;
      this.#values = Object.fromEntries(FIELDS.map(([field]) => [field, String(policy[field] ?? '')])) as Record<Field, string>;
    } catch (error) {
      this.#problem = () => describeError(error);
    }
    this.#host.requestUpdate();
  }

  async #save(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.#values) return;
    const values = this.#values;
    const body = Object.fromEntries(FIELDS.map(([field]) => [field, values[field].trim() === '' ? null : Number(values[field])]));
    this.#busy = true;
    this.#problem = undefined;
    this.#host.requestUpdate();
    try {
      await this.#actions.call<Policy>('PUT', this.#path(this.#courseId), body);
      this.#actions.saved();
    } catch (error) {
      this.#problem = () => describeError(error);
    } finally {
      this.#busy = false;
      this.#host.requestUpdate();
    }
  }

  /** The open panel's body: the rules of `courseId`, read the first time they show. */
  render(courseId: string) {
    // Another course chosen while the rules are open: show that course's.
    if (courseId !== this.#courseId) {
      this.#courseId = courseId;
      this.#values = this.#problem = undefined;
      this.#load(courseId);
    }
    const values = this.#values;
    return values
      ? html`<form class="series" novalidate @submit=${(event: Event) => this.#save(event)}>
              <div class="fields">
                ${FIELDS.map(
                  ([field, label, hint]) => html`<div class="field">
                    <label class="field"
                      >${label()}
                      <input type="number" min=${POLICY_RANGES[field].min} max=${POLICY_RANGES[field].max} aria-describedby=${hint ? `hint-${field}` : nothing} .value=${values[field]} @input=${(
                        e: Event,
                      ) => {
                        values[field] = (e.target as HTMLInputElement).value;
                      }} />
                    </label>
                    ${hint ? html`<span id="hint-${field}" class="muted">${hint()}</span>` : nothing}
                  </div>`,
                )}
              </div>
              <p class="problem" role="alert">${this.#problem?.() ?? ''}</p>
              <div><button part="button" class="primary" ?disabled=${this.#busy}>${msg('Save booking rules')}</button></div>
            </form>`
      : html`<p class="problem" role="alert">${this.#problem?.() ?? ''}</p>`;
  }
}
