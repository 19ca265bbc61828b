// The day picker of open times: a strip of days, then the shown day's times as radios. <book-session> books from it
// and <my-session-requests> moves a session with it.
import { css, html, nothing } from 'lit';
import type { CourseSlot } from './api.ts';
import '../locales/en/day-strip.js';
import { formatShortDay, formatTimes, groupByDay } from './format.ts';
import { msg } from './localize.ts';

/** "3 times", in the locale being rendered. */
const timesCount = (n: number) => msg('{n, plural, one {# time} other {# times}}', { n });

/**
 * The days of `slots` (not empty) as buttons, `day`'s pressed (else the first's), `more` at the strip's end; then that
 * day's heading at `level` and its times, `selected` checked. `pick` gets the day and slot chosen: another day, none.
 */
export function renderDayStrip(
  slots: CourseSlot[],
  day: string | undefined,
  selected: string | undefined,
  level: number,
  pick: (day: string, slotId?: string) => void,
  more: unknown = nothing,
) {
  const days = groupByDay(slots);
  const [key, label, items] = days.find(([dayKey]) => dayKey === day) ?? days[0];
  return html`<div class="days" role="group" aria-label=${msg('Days')}>
      ${days.map(
        ([dayKey, , dayItems]) => html`<button type="button" part="day" aria-pressed=${dayKey === key} data-day=${dayKey}
          @click=${() => pick(dayKey, dayKey === key ? selected : undefined)}>
          <span>${formatShortDay(dayItems[0].startsAt)}</span><span class="sr-only">,</span> <span class="muted">${timesCount(dayItems.length)}</span>
        </button>`,
      )}
      ${more}
    </div>
    <div role="heading" aria-level=${level} class="heading" id="day">${label}</div>
    <div class="slots" role="group" aria-labelledby="day">${items.map(
      (slot) => html`<label part="item" class="slot">
        <input type="radio" name="slot" .value=${slot.id} .checked=${selected === slot.id} ?disabled=${slot.requestedByMe} @change=${() => pick(key, slot.id)} />
        <span class="when">
          <span class="time">${formatTimes(slot.startsAt, slot.endsAt)}</span>
          <span class="muted">${slot.educatorName ?? ''}</span>
        </span>
        ${
          slot.requestedByMe
            ? html`<span part="badge" class="pending">${msg('Requested')}</span>`
            : slot.instant
              ? html`<span part="badge" class="approved" title=${msg('Booked at once, no approval needed')}>${msg('Instant')}</span>`
              : nothing
        }
      </label>`,
    )}</div>`;
}

/** The strip's styles: the days scroll sideways, the times fill columns. */
export const dayStripStyles = css`
  .days {
    display: flex; gap: 0.4rem; overflow-x: auto; position: relative; padding: 2px 2rem 0.4rem 2px;
    mask-image: linear-gradient(to right, #000 calc(100% - 2rem), #0000);
  }
  /* The end fades, so a strip wider than its box shows there is more; the end's padding lets the last day clear it. */
  .days:dir(rtl) { padding: 2px 2px 0.4rem 2rem; mask-image: linear-gradient(to left, #000 calc(100% - 2rem), #0000); }
  .days button { flex: none; display: grid; justify-items: center; gap: 0; padding: 0.35em 0.7em; line-height: 1.3; }
  .days [aria-pressed='true'] { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); font-weight: 600; }
  .days .more { margin: 0; }
  .slots { display: grid; gap: 0.4rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr)); }
  .slot { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; font-weight: 400; padding: 0.45rem 0.6rem; cursor: pointer; }
  .slot:has(input:checked) { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
  .slot:has(input:disabled) { cursor: default; }
  .when { display: grid; flex: 1; }
  .time { white-space: nowrap; }
`;
