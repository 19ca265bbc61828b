// The course-policy part of <availability-manager>: the booking rules of one course, read when opened and
// saved as a whole. A controller of the element; the API checks every range and answers what it kept.
import { POLICY_RANGES } from '@one-on-one/contract/limits';
import type { Policy } from '@one-on-one/contract/resources';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { describeError } from '../internal/api.ts';
import { msg, type Say, str } from '../internal/localize.ts';

type Field = keyof typeof POLICY_RANGES;

/** Each field's label, and a hint where the label alone would not say what the number does. */
const FIELDS: [Field, Say, Say?][] = [
  ['minNoticeMinutes', () => msg('Minimum notice to book (minutes)')],
  ['maxDaysAhead', () => msg('Days ahead students can book')],
  ['cancelNoticeMinutes', () => msg('Latest a student can cancel or move (minutes before)')],
  ['maxPendingPerStudent', () => msg('Requests awaiting approval per student')],
  ['maxUpcomingPerStudent', () => msg('Upcoming sessions per student (blank: no limit)')],
  ['attendanceGoal', () => msg('Attendance goal'), () => msg('Sessions attended for full marks in the LMS gradebook')],
];

/** What the panel needs from its element. */
export interface PolicyActions {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  saved(): void;
}

export class PolicyPanel implements ReactiveController {
  #courseId = '';
  #values?: Record<Field, string>;
  #problem?: Say;
  #busy = false;
  #open = false;
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
    this.#courseId = courseId;
    this.#values = undefined;
    this.#problem = undefined;
    this.#host.requestUpdate();
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

  render(courseId: string, courseTitle: string) {
    const toggled = (event: Event) => {
      this.#open = (event.target as HTMLDetailsElement).open;
      if (this.#open && courseId !== this.#courseId) this.#load(courseId);
    };
    // Another course chosen while the rules are open: show that course's.
    if (this.#open && courseId !== this.#courseId) queueMicrotask(() => this.#load(courseId));
    const values = courseId === this.#courseId ? this.#values : undefined;
    return html`<details part="policy" ?open=${this.#open} @toggle=${toggled}>
      <summary>${msg(str`Booking rules for ${courseTitle}`)}</summary>
      ${
        values
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
          : html`<p class="problem" role="alert">${this.#problem?.() ?? ''}</p>`
      }
    </details>`;
  }
}
