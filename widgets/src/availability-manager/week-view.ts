// The week view of <availability-manager> (SPEC 16): seven columns from the locale's first day, half-hours down the
// side, each slot at its time with its state; a grid (roving tabindex) where Enter on an empty half-hour or a drag
// over empty time opens the new-slot form there. A module of its own, loaded when the week is first shown.
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { Slot } from '../internal/api.ts';
import { now } from '../internal/clock.ts';
import { fromLocalInputs, toLocalInputs, viewerZone } from '../internal/format.ts';
import { initialState, Load } from '../internal/load.ts';
import { currentLocale, knownLocale, msg, type Say } from '../internal/localize.ts';
import type { Page } from '../internal/paged-list.ts';
import { addDays, clock, firstDayOf, layout, moveIn, type Placed, wall, weekOf } from './week-dates.ts';
import { weekStyles } from './week-styles.ts';

/** What the week asks of the element. Its member names are not among the ones widgets.js shortens. */
export interface WeekHost {
  host: ReactiveControllerHost & HTMLElement;
  load<T>(path: string, signal?: AbortSignal): Promise<T | typeof initialState>;
  credentials(): readonly unknown[];
  /** The element's own card of a slot (its details, Edit and Delete), as the list shows it. */
  slotCard(slot: Slot): unknown;
  /** Opens the new-slot form at that date, time and length, and moves focus to it. */
  createAt(date: string, time: string, minutes: number): void;
  focus(selector: string): Promise<unknown>;
  skeleton(): unknown;
  failed(error: unknown, retry: () => void): unknown;
  heading(): number;
  /** The locale the element speaks. */
  locale(): string;
}

const PAGES = 5;
const stateOf = (slot: Slot) => (slot.status === 'open' && slot.pendingCount ? 'requested' : slot.status);
const states: Record<string, Say> = {
  open: () => msg('Open'),
  requested: () => msg('Requested'),
  booked: () => msg('Booked'),
  past: () => msg('Past'),
};

export class WeekView {
  readonly #h: WeekHost;
  readonly #slots: Load<[string, ...unknown[]], Slot[]>;
  #weeks = 0;
  #at: [number, number] = [0, 0];
  #drag?: { day: number; from: number; to: number };
  #open?: string;

  constructor(host: WeekHost) {
    this.#h = host;
    const root = host.host.shadowRoot as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, weekStyles.styleSheet as CSSStyleSheet];
    this.#slots = new Load(
      host.host,
      ([start], signal) => this.#fetch(start as string, signal),
      () => [this.#start(), ...host.credentials()],
    );
  }

  /** The week's first day: this week's, moved by Previous and Next. */
  #start(): string {
    const tag = this.#h.host.closest('[lang]')?.getAttribute('lang') ?? '';
    const first = firstDayOf(knownLocale(tag) === this.#h.locale() ? tag : this.#h.locale());
    return addDays(weekOf(toLocalInputs(new Date(now()).toISOString()).date, first), 7 * this.#weeks);
  }

  async #fetch(start: string, signal: AbortSignal): Promise<Slot[] | typeof initialState> {
    const window = [start, addDays(start, 7)].map((day) => (fromLocalInputs(day, '00:00') as Date).toISOString());
    const path = `/api/availability/educator/slots?from=${encodeURIComponent(window[0])}&to=${encodeURIComponent(window[1])}&limit=200`;
    const items: Slot[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < PAGES && (page === 0 || cursor); page++) {
      const got: Page<Slot> | typeof initialState = await this.#h.load<Page<Slot>>(
        cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path,
        signal,
      );
      if (got === initialState) return initialState;
      items.push(...got.items);
      cursor = got.nextCursor;
    }
    return items;
  }

  reload(): void {
    this.#slots.run();
  }

  #go(weeks: number): void {
    this.#weeks = weeks;
    this.#open = undefined;
    this.#h.host.requestUpdate();
  }

  render() {
    const start = this.#start();
    const locale = currentLocale();
    const label = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    const slots = this.#slots;
    return html`<section part="week" class="week" aria-labelledby="week-label">
      <div class="row spread">
        <div role="heading" aria-level=${this.#h.heading()} class="heading" id="week-label">${label.formatRange(wall(start), wall(addDays(start, 6)))}</div>
        <div class="row">
          <button part="button" @click=${() => this.#go(this.#weeks - 1)}>${msg('Previous week')}</button>
          <button part="button" @click=${() => this.#go(0)}>${msg('Today')}</button>
          <button part="button" @click=${() => this.#go(this.#weeks + 1)}>${msg('Next week')}</button>
        </div>
      </div>
      ${slots.render({
        initial: () => this.#h.skeleton(),
        pending: () => (slots.value ? this.#grid(start, slots.value) : this.#h.skeleton()),
        complete: (value) => this.#grid(start, value),
        error: (error) => this.#h.failed(error, () => this.reload()),
      })}
    </section>`;
  }

  #grid(start: string, slots: Slot[]) {
    const days = Array.from({ length: 7 }, (_, n) => addDays(start, n));
    const { first, rows, at } = layout(slots, days);
    this.#at = [Math.min(this.#at[0], 6), Math.min(this.#at[1], rows - 1)];
    const locale = currentLocale();
    const zone = { timeZone: viewerZone() };
    const head = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
    const name = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' });
    const hour = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' });
    const times = new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...zone });
    const today = toLocalInputs(new Date(now()).toISOString()).date;
    const describe = (p: Placed) =>
      [
        times.formatRange(new Date(p.slot.startsAt), new Date(p.slot.endsAt)),
        states[stateOf(p.slot)](),
        p.slot.seriesId ? msg('Weekly') : '',
      ]
        .filter(Boolean)
        .join(', ');
    const activate = (day: number, row: number) => {
      const p = at(day, row);
      if (p) this.#show(p.slot.id);
      else this.#h.createAt(days[day], clock(first + row * 30), 30);
    };
    const keydown = (event: KeyboardEvent) => {
      const [day, row] = this.#at;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        return activate(day, row);
      }
      const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
      const to = moveIn([day, row], event.key, rows, rtl);
      if (!to) return;
      event.preventDefault();
      this.#at = to;
      this.#h.host.requestUpdate();
      this.#h.focus(`#c${this.#at[0]}-${this.#at[1]}`);
    };
    const drop = () => {
      const drag = this.#drag;
      this.#drag = undefined;
      if (!drag) return;
      const [from, to] = [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)];
      this.#h.createAt(days[drag.day], clock(first + from * 30), (to - from + 1) * 30);
    };
    const dragging = (day: number, row: number) => {
      const drag = this.#drag;
      return drag?.day === day && row >= Math.min(drag.from, drag.to) && row <= Math.max(drag.from, drag.to);
    };
    const cell = (day: number, row: number) => {
      const p = at(day, row);
      const focused = this.#at[0] === day && this.#at[1] === row;
      const label = `${name.format(wall(days[day], first + row * 30))}${p ? `, ${describe(p)}` : ''}`;
      const starts = p && (p.start >= first + row * 30 || row === 0);
      return html`<div role="gridcell" id="c${day}-${row}" tabindex=${focused ? 0 : -1} aria-label=${label}
        class=${dragging(day, row) ? 'cell chosen' : 'cell'} @focus=${() => (this.#at = [day, row])}
        @pointerdown=${(e: PointerEvent) => {
          if (!p && e.button === 0) this.#drag = { day, from: row, to: row };
        }}
        @pointerenter=${() => {
          if (this.#drag?.day === day && !p) {
            this.#drag.to = row;
            this.#h.host.requestUpdate();
          }
        }}>${
          starts && p
            ? html`<button tabindex="-1" part="slot" class="slot ${stateOf(p.slot)}" @click=${() => this.#show(p.slot.id, [day, row])}
                style="top: ${((Math.max(p.start, first + row * 30) - first - row * 30) / 30) * 100}%; height: calc(${(p.end - Math.max(p.start, first + row * 30)) / 30} * var(--row) - 2px)">
                <span>${times.formatRange(new Date(p.slot.startsAt), new Date(p.slot.endsAt))}</span>
                <span part="badge">${states[stateOf(p.slot)]()}</span> ${p.slot.seriesId ? html`<span part="badge">${msg('Weekly')}</span>` : nothing}
              </button>`
            : nothing
        }</div>`;
    };
    const open = slots.find((slot) => slot.id === this.#open);
    // A slot deleted or moved away while its card was open: focus goes back to where it was.
    if (this.#open && !open) this.#show(undefined);
    return html`<div role="grid" part="grid" class="grid" aria-labelledby="week-label" @keydown=${keydown} @pointerup=${drop}
        @pointerleave=${() => {
          this.#drag = undefined;
          this.#h.host.requestUpdate();
        }}>
        <div role="row" class="wrow"><span role="columnheader"><span class="sr-only">${msg('Time')}</span></span>
          ${days.map((day) => html`<span role="columnheader" class="day" aria-current=${day === today ? 'date' : nothing}>${head.format(wall(day))}</span>`)}
        </div>
        ${Array.from(
          { length: rows },
          (_, row) => html`<div role="row" class="wrow">
            <span role="rowheader" class="hour"><span class=${row % 2 ? 'sr-only' : ''}>${hour.format(wall(start, first + row * 30))}</span></span>
            ${days.map((_, day) => cell(day, row))}
          </div>`,
        )}
      </div>
      ${
        open
          ? html`<div class="details" role="group" aria-label=${msg('Slot')} @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape' && !(e.target as Element).closest('form')) this.#show(undefined);
            }}>
            <ul part="list">${this.#h.slotCard(open)}</ul>
            <button part="button" @click=${() => this.#show(undefined)}>${msg('Close')}</button>
          </div>`
          : nothing
      }`;
  }

  /** Shows a slot's card under the grid and moves focus to it; closed, focus goes back to the grid. */
  #show(id: string | undefined, at = this.#at): void {
    [this.#open, this.#at] = [id, at];
    this.#h.host.requestUpdate();
    this.#h.focus(id ? `#s-${CSS.escape(id)}` : `#c${this.#at[0]}-${this.#at[1]}`);
  }
}

/** The week view, for the element's lazy import. */
export const createWeek = (host: WeekHost) => new WeekView(host);
