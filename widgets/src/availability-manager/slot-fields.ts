// The fields of <availability-manager>'s create and edit forms (date, start, duration, note), what a draft
// of them means, and where the API's refusals of it are shown.
import { SLOT_MINUTES, TEXT_LIMITS } from '@one-on-one/contract/limits';
import { html, nothing } from 'lit';
import { ApiError, describeError, type Slot } from '../internal/api.ts';
import { formatMinutes, formatNumber, fromLocalInputs, toLocalInputs } from '../internal/format.ts';
import { msg, type Say, str } from '../internal/localize.ts';

/** The durations the form offers; another is typed as a custom number of minutes. */
export const PRESETS = [15, 30, 45, 60, 90, 120];

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
export type Problems = Partial<Record<'course' | 'when' | 'duration' | 'note' | 'form', Say>>;

const fieldOfPath: Record<string, keyof Problems> = { courseId: 'course', startsAt: 'when', endsAt: 'duration', note: 'note' };

/** Where the API's refusal goes: a collision at the time fields, a field's own refusal at that field. */
export function problemsOf(error: unknown): Problems {
  const said = () => describeError(error);
  if (!(error instanceof ApiError)) return { form: said };
  if (error.code === 'slot_overlap' || error.code === 'slot_has_requests') return { when: said };
  const problems: Problems = {};
  for (const { path } of error.errors) problems[fieldOfPath[path] ?? 'form'] = () => msg('Check this value.');
  return error.errors.length ? problems : { form: said };
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
    html`<span id="${prefix}-${field}-problem" class="problem" role="alert">${problems[field]?.() ?? ''}</span>`;
  return html`<div class="fields">
      <label class="field"
        >${msg('Date')}
        <input type="date" required .value=${draft.date} @input=${(e: Event) => set({ date: value(e) })} aria-describedby="${prefix}-when-problem" />
      </label>
      <label class="field"
        >${msg('Start time')}
        <input type="time" required .value=${draft.time} @input=${(e: Event) => set({ time: value(e) })} aria-describedby="${prefix}-when-problem" />
      </label>
      <label class="field"
        >${msg('Duration')}
        <select
          aria-describedby="${prefix}-duration-problem"
          @change=${(e: Event) => (value(e) === 'custom' ? set({ custom: true }) : set({ custom: false, minutes: value(e) }))}
        >
          ${PRESETS.map((minutes) => html`<option value=${minutes} ?selected=${!draft.custom && draft.minutes === String(minutes)}>${formatMinutes(minutes)}</option>`)}
          <option value="custom" ?selected=${draft.custom}>${msg('Custom…')}</option>
        </select>
      </label>
      ${
        draft.custom
          ? html`<label class="field"
            >${msg(str`Minutes (${formatNumber(SLOT_MINUTES.min)}–${formatNumber(SLOT_MINUTES.max)})`)}
            <input type="number" min=${SLOT_MINUTES.min} max=${SLOT_MINUTES.max} step="5" .value=${draft.minutes} @input=${(e: Event) => set({ minutes: value(e) })} />
          </label>`
          : nothing
      }
    </div>
    ${problem('when')} ${problem('duration')}
    <label class="field"
      >${msg('Note for students (optional)')}
      <textarea rows="2" maxlength=${TEXT_LIMITS.note} .value=${draft.note} @input=${(e: Event) => set({ note: value(e) })}></textarea>
    </label>
    ${problem('note')} ${problem('course')} ${problem('form')}`;
}

/** The slot times a draft means, or the problems that stop it. */
export function timesOf(draft: Draft): { startsAt: string; endsAt: string } | Problems {
  const start = fromLocalInputs(draft.date, draft.time);
  const minutes = Number(draft.minutes);
  if (!start) return { when: () => msg('Choose a date and a start time.') };
  if (!(minutes >= SLOT_MINUTES.min && minutes <= SLOT_MINUTES.max)) {
    return {
      duration: () => msg(str`A slot lasts from ${formatMinutes(SLOT_MINUTES.min)} to ${formatMinutes(SLOT_MINUTES.max)}.`),
    };
  }
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + minutes * 60_000).toISOString() };
}
