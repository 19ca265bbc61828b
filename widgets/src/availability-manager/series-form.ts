// The "Repeat weekly" part of <availability-manager>: weekly office hours in one step, with a preview of how
// many slots it makes and, when some collide with other slots, which ones. A controller of the element, made when
// the panel first opens (lazy-panel.ts): the panel's <details> and summary are the element's.

import { BREAK_MINUTES, MAX_SERIES_SLOTS, SLOT_MINUTES } from '@one-on-one/contract/limits';
import { occurrences } from '@one-on-one/contract/series';
import { instantOf } from '@one-on-one/contract/wall-clock';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ApiError, describeError, type Slot } from '../internal/api.ts';
import { now } from '../internal/clock.ts';
import { firstDayOf, formatWhen, isHttpsUrl, viewerZone, weekdayNames, zoneName } from '../internal/format.ts';
import { currentLocale, msg, type Say } from '../internal/localize.ts';
import '../locales/en/series-form.js';

interface SeriesDraft {
  from: string;
  until: string;
  weekdays: number[];
  startTime: string;
  endTime: string;
  slotMinutes: string;
  breakMinutes: string;
  meetingLink: string;
  instant: boolean;
}

/** What the form needs from its element. */
export interface SeriesActions {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** The series was published: close the panel, reload, announce, fire the event, move focus. */
  published(seriesId: string, slots: Slot[]): void;
  focus(selector: string): void;
}

/**
 * The series the draft describes in `zone`, as the API takes it (an empty meeting link and `instant: false` are
 * left out: JSON drops `undefined`).
 */
const seriesOf = (draft: SeriesDraft, zone: string) => ({
  ...draft,
  timeZone: zone,
  weekdays: [...draft.weekdays].sort(),
  slotMinutes: Number(draft.slotMinutes),
  breakMinutes: Number(draft.breakMinutes || 0),
  meetingLink: draft.meetingLink || undefined,
  instant: draft.instant || undefined,
});

/** How many slots the draft makes from now on, counted as the API counts them (up to one past its limit). */
export function previewCount(draft: SeriesDraft, zone: string, at: number): number {
  if (!draft.from || !draft.until || !draft.startTime || !draft.endTime) return 0;
  const pattern = seriesOf(draft, zone);
  let count = 0;
  for (const _ of occurrences(pattern, at, instantOf)) if (++count > MAX_SERIES_SLOTS) break;
  return count;
}

export class SeriesForm implements ReactiveController {
  busy = false;
  draft: SeriesDraft = {
    from: '',
    until: '',
    weekdays: [],
    startTime: '',
    endTime: '',
    slotMinutes: '30',
    breakMinutes: '0',
    meetingLink: '',
    instant: false,
  };
  problem?: Say;
  conflicts: { startsAt: string; endsAt: string }[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #actions: SeriesActions;

  constructor(host: ReactiveControllerHost, actions: SeriesActions) {
    this.#host = host;
    this.#actions = actions;
    host.addController(this);
  }

  hostConnected(): void {}

  #set(patch: Partial<SeriesDraft>): void {
    this.draft = { ...this.draft, ...patch };
    this.problem = undefined;
    this.conflicts = [];
    this.#host.requestUpdate();
  }

  render(courseId: string) {
    const draft = this.draft;
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const count = previewCount(draft, viewerZone(), now());
    const toggle = (day: number) => {
      const { weekdays } = this.draft;
      this.#set({ weekdays: weekdays.includes(day) ? weekdays.filter((d) => d !== day) : [...weekdays, day] });
    };
    return html`<form class="series" novalidate @submit=${(e: Event) => this.#publish(e, courseId)}>
        <fieldset class="weekdays">
          <legend>${msg('Weekdays')}</legend>
          ${[0, 1, 2, 3, 4, 5, 6].map((i) => {
            // From the locale's first day; the API numbers the days 1 (Monday) to 7 (Sunday).
            const day = ((firstDayOf(currentLocale()) + i + 6) % 7) + 1;
            return html`<label><input type="checkbox" .checked=${draft.weekdays.includes(day)} @change=${() => toggle(day)} />${weekdayNames()[day - 1]}</label>`;
          })}
        </fieldset>
        <div class="fields">
          <label class="field">${msg('From')}<input type="date" .value=${draft.from} @input=${(e: Event) => this.#set({ from: value(e) })} /></label>
          <label class="field">${msg('Until')}<input type="date" .value=${draft.until} @input=${(e: Event) => this.#set({ until: value(e) })} /></label>
          <label class="field">${msg('From time')}<input type="time" .value=${draft.startTime} @input=${(e: Event) => this.#set({ startTime: value(e) })} /></label>
          <label class="field">${msg('Until time')}<input type="time" .value=${draft.endTime} @input=${(e: Event) => this.#set({ endTime: value(e) })} /></label>
          <label class="field"
            >${msg('Slot minutes')}<input type="number" min=${SLOT_MINUTES.min} max=${SLOT_MINUTES.max} step="5" .value=${draft.slotMinutes} @input=${(e: Event) => this.#set({ slotMinutes: value(e) })}
          /></label>
          <label class="field"
            >${msg('Break minutes')}<input type="number" min=${BREAK_MINUTES.min} max=${BREAK_MINUTES.max} step="5" .value=${draft.breakMinutes} @input=${(e: Event) => this.#set({ breakMinutes: value(e) })}
          /></label>
        </div>
        <label class="field"
          >${msg('Meeting link (optional)')}
          <input type="url" id="series-link" inputmode="url" .value=${draft.meetingLink} @input=${(e: Event) => this.#set({ meetingLink: value(e) })} />
        </label>
        <label class="check"
          ><input type="checkbox" .checked=${draft.instant} @change=${(e: Event) => this.#set({ instant: (e.target as HTMLInputElement).checked })} />
          ${msg('Book at once: students get the meeting link without waiting for approval')}</label
        >
        <p class="muted" aria-live="polite">${
          count > MAX_SERIES_SLOTS
            ? msg('{n, plural, one {More than # slot: shorten the dates.} other {More than # slots: shorten the dates.}}', {
                n: MAX_SERIES_SLOTS,
              })
            : msg('{n, plural, one {Makes # slot (times in {zone}).} other {Makes # slots (times in {zone}).}}', {
                n: count,
                zone: zoneName(),
              })
        }</p>
        <p class="problem" role="alert">${this.problem?.() ?? ''}</p>
        ${
          this.conflicts.length
            ? html`<ul class="conflicts" aria-label=${msg('Times that overlap your other slots')}>
                ${this.conflicts.map((conflict) => html`<li>${formatWhen(conflict.startsAt, conflict.endsAt)}</li>`)}
              </ul>`
            : nothing
        }
        <div><button part="button" class="primary" ?disabled=${this.busy || count === 0 || count > MAX_SERIES_SLOTS}>${count ? msg('{n, plural, one {Publish # slot} other {Publish # slots}}', { n: count }) : msg('Publish')}</button></div>
      </form>`;
  }

  async #publish(event: Event, courseId: string): Promise<void> {
    event.preventDefault();
    const draft = this.draft;
    const problem =
      draft.meetingLink && !isHttpsUrl(draft.meetingLink)
        ? () => msg('Enter a full meeting link that starts with https://')
        : draft.instant && !draft.meetingLink
          ? () => msg('Booking at once needs the meeting link students will get.')
          : undefined;
    if (problem) {
      this.problem = problem;
      this.#host.requestUpdate();
      this.#actions.focus('#series-link');
      return;
    }
    this.busy = true;
    this.#host.requestUpdate();
    try {
      const body = { courseId, ...seriesOf(draft, viewerZone()) };
      const made = await this.#actions.call<{ seriesId: string; items: Slot[] }>('POST', '/api/availability/series', body);
      this.#actions.published(made.seriesId, made.items);
    } catch (error) {
      this.problem = () => describeError(error);
      this.conflicts = error instanceof ApiError ? error.conflicts : [];
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }
}
