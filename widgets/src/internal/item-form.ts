// The inline form of a request's action (cancel, reject, approve): a text field, a confirm and a keep button. In the
// modules of the request lists' forms, loaded the first time one opens (request-list.ts).
import { TEXT_LIMITS } from '@one-on-one/contract/limits';
import { html, nothing } from 'lit';
import type { SessionRequest } from './api.ts';
import type { Say } from './localize.ts';
import { msg } from './localize.ts';
import type { ItemForm } from './request-list.ts';

/** What the form asks of the request list. */
export interface ItemFormHost extends HTMLElement {
  form?: ItemForm;
  busy: boolean;
  closeForm(): void;
  closesOnEscape(close: () => void): (event: KeyboardEvent) => void;
  focusOn(selector: string): Promise<HTMLElement | null>;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  act(
    run: () => Promise<SessionRequest>,
    done: (updated: SessionRequest) => Event,
    said: (updated: SessionRequest) => string,
    showProblem?: (problem: Say) => void,
  ): Promise<void>;
}

/** The inline form of an action: a text field, a confirm and a keep button. */
export function renderItemForm(
  host: ItemFormHost,
  options: { label: string; hint?: string; confirm: string; type?: string; required?: boolean; onSubmit: () => void },
) {
  const form = host.form as ItemForm;
  return html`<form
      part="form"
      class="field"
      novalidate
      @submit=${(event: Event) => {
        event.preventDefault();
        options.onSubmit();
      }}
      @keydown=${host.closesOnEscape(() => host.closeForm())}
    >
      <label class="field"
        >${options.label}
        <input
          id="form-input"
          type=${options.type ?? 'text'}
          maxlength=${TEXT_LIMITS.meetingLink}
          ?required=${options.required}
          aria-invalid=${form.problem ? 'true' : 'false'}
          aria-describedby="form-problem"
          .value=${form.text}
          @input=${(event: InputEvent) => {
            host.form = { ...form, text: (event.target as HTMLInputElement).value, problem: undefined };
          }}
        />
      </label>
      ${options.hint ? html`<span class="muted">${options.hint}</span>` : nothing}
      <p id="form-problem" class="problem" role="alert">${form.problem?.() ?? ''}</p>
      <div class="row">
        <button class="primary" ?disabled=${host.busy}>${options.confirm}</button>
        <button type="button" @click=${() => host.closeForm()}>${msg('Keep as it is')}</button>
      </div>
    </form>`;
}
