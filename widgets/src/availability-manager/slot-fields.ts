// The fields of <availability-manager>'s create and edit forms (date, start, duration, note), what a draft
// of them means, and where the API's refusals of it are shown.
import { SLOT_MINUTES, TEXT_LIMITS } from '@one-on-one/contract/limits';
import { html, nothing } from 'lit';
import { ApiError, describeError, type Slot } from '../internal/api.ts';
import { fromLocalInputs, toLocalInputs } from '../internal/format.ts';

const PRESETS = [15, 30, 45, 60, 90, 120];

/** What the slot form holds; `minutes` is a preset or the custom number. */
export interface Draft {
  courseId: string;
  date: string;
  time: string;
  minutes: string;
  custom: boolean;
  note: string;
}

/** Problems shown next to the fields they concern. */
export type Problems = Partial<Record<'course' | 'when' | 'duration' | 'note' | 'form', string>>;

const fieldOfPath: Record<string, keyof Problems> = { courseId: 'course', startsAt: 'when', endsAt: 'duration', note: 'note' };

export function problemsOf(error: unknown): Problems {
  if (!(error instanceof ApiError)) return { form: describeError(error) };
  if (error.code === 'slot_overlap' || error.code === 'slot_has_requests') return { when: error.detail };
  const problems: Problems = {};
  for (const { path, message } of error.errors) problems[fieldOfPath[path] ?? 'form'] = message;
  return error.errors.length ? problems : { form: describeError(error) };
}

export const draftOf = (slot: Slot): Draft => {
  const minutes = String((Date.parse(slot.endsAt) - Date.parse(slot.startsAt)) / 60_000);
  return {
    courseId: slot.courseId,
    ...toLocalInputs(slot.startsAt),
    minutes,
    custom: !PRESETS.includes(Number(minutes)),
    note: slot.note ?? '',
  };
};

/** Date, start, duration and note: the fields the create and edit forms share. `set` patches the live draft. */
export function renderSlotFields(prefix: string, draft: Draft, problems: Problems, set: (patch: Partial<Draft>) => void) {
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  const problem = (field: keyof Problems) =>
    html`<span id="${prefix}-${field}-problem" class="problem" role="alert">${problems[field] ?? ''}</span>`;
  return html`<div class="fields">
      <label class="field"
        >Date
        <input type="date" required .value=${draft.date} @input=${(e: Event) => set({ date: value(e) })} aria-describedby="${prefix}-when-problem" />
      </label>
      <label class="field"
        >Start time
        <input type="time" required .value=${draft.time} @input=${(e: Event) => set({ time: value(e) })} aria-describedby="${prefix}-when-problem" />
      </label>
      <label class="field"
        >Duration
        <select
          aria-describedby="${prefix}-duration-problem"
          @change=${(e: Event) => (value(e) === 'custom' ? set({ custom: true }) : set({ custom: false, minutes: value(e) }))}
        >
          ${PRESETS.map((minutes) => html`<option value=${minutes} ?selected=${!draft.custom && draft.minutes === String(minutes)}>${minutes} minutes</option>`)}
          <option value="custom" ?selected=${draft.custom}>Custom…</option>
        </select>
      </label>
      ${
        draft.custom
          ? html`<label class="field"
            >Minutes (${SLOT_MINUTES.min}–${SLOT_MINUTES.max})
            <input type="number" min=${SLOT_MINUTES.min} max=${SLOT_MINUTES.max} step="5" .value=${draft.minutes} @input=${(e: Event) => set({ minutes: value(e) })} />
          </label>`
          : nothing
      }
    </div>
    ${problem('when')} ${problem('duration')}
    <label class="field"
      >Note for students (optional)
      <textarea rows="2" maxlength=${TEXT_LIMITS.note} .value=${draft.note} @input=${(e: Event) => set({ note: value(e) })}></textarea>
    </label>
    ${problem('note')} ${problem('course')} ${problem('form')}`;
}

/** The slot times a draft means, or the problems that stop it. */
export function timesOf(draft: Draft): { startsAt: string; endsAt: string } | Problems {
  const start = fromLocalInputs(draft.date, draft.time);
  const minutes = Number(draft.minutes);
  if (!start) return { when: 'Choose a date and a start time.' };
  if (!(minutes >= SLOT_MINUTES.min && minutes <= SLOT_MINUTES.max)) {
    return { duration: `A slot lasts from ${SLOT_MINUTES.min} to ${SLOT_MINUTES.max} minutes.` };
  }
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + minutes * 60_000).toISOString() };
}
