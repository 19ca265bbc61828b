import { html, nothing, type PropertyDeclarations } from 'lit';
import { SeriesCreatedEvent } from '../events/series-created.ts';
import { SlotCreatedEvent } from '../events/slot-created.ts';
import type { Me, Slot } from '../internal/api.ts';
import { formatTimes, formatWhen, groupByDay, zoneName } from '../internal/format.ts';
import type { ResourceEvent } from '../internal/live.ts';
import { msg, type Say, str } from '../internal/localize.ts';
import '../locales/en/availability-manager.js';
import { LazyModule } from '../internal/load.ts';
import { SessionElement } from '../internal/session-element.ts';
import { sharedStyles } from '../internal/styles.ts';
import { styles } from './availability-manager.styles.ts';
import { policyPanel } from './policy-panel.ts';
import { repeatWeekly } from './repeat-weekly.ts';
import { type Draft, draftOf, PRESETS, type Problems, problemsOf, renderSlotFields, timesOf } from './slot-fields.ts';
import type { SlotFormsHost } from './slot-forms.ts';
import { WeekSlot } from './week-slot.ts';

const slotStatusLabels = { open: () => msg('Open'), booked: () => msg('Booked'), past: () => msg('Past') } as const;

/**
 * @tag availability-manager
 * @summary The educator's slots with their booking state and pending requests. Create a slot by
 * choosing one of the educator's courses, a date, a start time and a duration; edit and delete
 * slots. The API's refusals appear next to the field or action they concern.
 *
 * @attr api-base - The API's origin; defaults to the origin `widgets.js` was loaded from.
 * @attr token - A token signed by the host platform.
 * @attr heading-level - The level of its headings (1–6) in the host page's outline; default 3.
 * @attr {'week' | 'list'} view - A week of slots (a grid: drag or press Enter on an empty half-hour to create a slot
 * there) or a list of them; unset, the week when the element is at least 48rem wide, else the list.
 * @prop {TokenProvider} tokenProvider - Returns a fresh token; called when none is set and once after a 401.
 *
 * @fires {SlotCreatedEvent} slot-created - The educator created a slot; `detail.slot` is it.
 * @fires {SlotChangedEvent} slot-changed - The educator changed a slot; `detail.slot` is it.
 * @fires {SeriesCreatedEvent} series-created - The educator published weekly office hours; `detail.slots` are the slots.
 * @fires {SeriesDeletedEvent} series-deleted - The educator deleted a weekly series; `detail.deleted` and `detail.kept` count its slots.
 * @fires {SlotDeletedEvent} slot-deleted - The educator deleted a slot; `detail.slot` is it as it was.
 *
 * @csspart base - The wrapper of everything.
 * @csspart series - The "Repeat weekly" form that publishes weekly office hours.
 * @csspart policy - The course's booking rules, for its educators.
 * @csspart form - The create and edit forms.
 * @csspart day - The heading of a day of slots.
 * @csspart list - The list of slots.
 * @csspart week - The week view, with its label, Previous week, Today and Next week.
 * @csspart grid - The week's grid of half-hours.
 * @csspart slot - A slot in the week's grid.
 * @csspart item - One slot.
 * @csspart badge - A slot's booking state.
 * @csspart button - The action buttons.
 * @csspart empty - The message when there are no upcoming slots.
 * @csspart more - The button that shows later slots.
 * @csspart loading - The placeholder while loading.
 * @csspart error - An error with a retry button.
 *
 * @cssprop --oo-accent - Buttons, open slots and focus rings. Default: `#2557d6`.
 * @cssprop --oo-on-accent - Text on accent buttons. Default: `#fff`.
 * @cssprop --oo-surface - Background of the widget and its fields. Default: `transparent`.
 * @cssprop --oo-border - Borders of items and fields. Default: the text colour at 22%.
 * @cssprop --oo-danger - Errors and delete buttons. Default: `#c0262d`.
 * @cssprop --oo-success - Booked slots. Default: `#1b7f4b`.
 * @cssprop --oo-radius - Corner radius. Default: `8px`.
 * @cssprop --oo-gap - Spacing between parts. Default: `0.75rem`.
 */
export class AvailabilityManager extends SessionElement {
  static override styles = [sharedStyles, styles];
  static override properties: PropertyDeclarations = {
    draft: { state: true },
    problems: { state: true },
    editing: { state: true },
    deleting: { state: true },
    busy: { state: true },
    view: { reflect: true },
  };

  /** `week` or `list`; unset, the week when the element is at least 48rem wide. */
  declare view?: 'week' | 'list';

  declare protected draft: Draft;
  declare protected problems: Problems;
  /** The slot being edited, with its draft and problems. */
  declare protected editing?: { slot: Slot; draft: Draft; problems: Problems };
  /** The slot whose deletion awaits confirmation, with its problem. */
  declare protected deleting?: { slot: Slot; problem?: Say };
  declare protected busy: boolean;

  constructor() {
    super();
    this.draft = { courseId: '', date: '', time: '', minutes: '30', custom: false, note: '' };
    this.problems = {};
    this.busy = false;
  }

  #me = this.loadViewer();

  #slots = this.pagedList<Slot>(() => (this.#week.shown ? undefined : '/api/availability/educator/slots'));

  #week = new WeekSlot(this, () => ({
    ...this.partActions(),
    host: this,
    focus: (selector) => this.focusOn(selector),
    slotCard: (slot) => this.renderSlot(slot),
    createAt: (date, time, minutes) => {
      this.draft = { ...this.draft, date, time, minutes: String(minutes), custom: !PRESETS.includes(minutes) };
      this.problems = {};
      this.focusOn('#create-title ~ .fields input');
    },
    skeleton: () => this.renderSkeleton(),
    failed: (error, retry) => this.renderError(error, retry),
    heading: () => this.level,
    locale: () => this.locale,
  }));

  /** Loads the slots shown again, the list's or the week's. */
  #reloadSlots(): void {
    this.#slots.task.run();
    this.#week.reload();
  }

  /** How a panel shows while its module loads, and when it could not load. */
  #panelViews = {
    skeleton: () => this.renderSkeleton(1),
    failed: (error: unknown, retry: () => void) => this.renderError(error, retry),
  };

  #policy = policyPanel(
    this,
    {
      call: (method, path, body) => this.call(method, path, body),
      saved: () => this.announce(() => msg('Booking rules saved.')),
    },
    this.#panelViews,
  );

  #series = repeatWeekly(
    this,
    {
      call: (method, path, body) => this.call(method, path, body),
      // Focus goes to the first new slot once listed, else (the week, or further on) back to Repeat weekly.
      published: async (seriesId, slots) => {
        this.#series.panel.open = false;
        this.dispatchEvent(new SeriesCreatedEvent(seriesId, slots));
        this.announce(() => msg('{n, plural, one {Published: # slot.} other {Published: # slots.}}', { n: slots.length }));
        this.#reloadSlots();
        await this.#slots.task.taskComplete;
        (await this.focusOn(`#s-${CSS.escape(slots[0].id)}`)) ?? this.focusOn('summary');
      },
      focus: (selector) => this.focusOn(selector),
    },
    this.#panelViews,
  );

  reload(): void {
    this.#me.run();
    this.#reloadSlots();
  }

  /** Requests and bookings change a slot's state and pending count: the list follows quietly. */
  protected override onLiveEvent(_event: ResourceEvent): void {
    this.#reloadSlots();
  }

  override render() {
    return html`<div part="base" lang=${this.speaks.lang} dir=${this.speaks.dir}>
      ${this.renderTask(this.#me, (me) => this.renderCreate(me), 1)}
      ${this.#week.shown ? this.#week.render() : this.renderTask(this.#slots.task, (slots) => this.renderSlots(slots))}
      ${this.renderLiveRegion()}
    </div>`;
  }

  protected renderCreate(me: Me) {
    const courses = me.courses.filter((course) => course.role === 'educator');
    if (courses.length === 0)
      return html`<p part="empty" class="muted">${msg('You do not teach a course here, so there is no slot to publish.')}</p>`;
    const draft = { ...this.draft, courseId: this.draft.courseId || courses[0].id };
    return html`<form part="form" novalidate @submit=${(e: Event) => this.create(e, courses[0].id)} aria-labelledby="create-title">
      <p class="title" id="create-title">${msg('New slot')} <span class="muted">${msg(str`(times in ${zoneName()})`)}</span></p>
      <label class="field"
        >${msg('Course')}
        <select @change=${(e: Event) => (this.draft = { ...draft, courseId: (e.target as HTMLSelectElement).value })}>
          ${courses.map((course) => html`<option value=${course.id} ?selected=${course.id === draft.courseId}>${course.title ?? course.id}</option>`)}
        </select>
      </label>
      ${renderSlotFields('new', draft, this.problems, (patch) => {
        this.draft = { ...this.draft, ...patch };
        this.problems = {};
      })}
      <div><button part="button" class="primary" ?disabled=${this.busy}>${msg('Create slot')}</button></div>
    </form>
    ${this.#series.render(draft.courseId)}
    ${this.#policy(draft.courseId, courses.find((course) => course.id === draft.courseId)?.title ?? draft.courseId)}`;
  }

  protected renderSlots(slots: Slot[]) {
    if (slots.length === 0) return html`<p part="empty" class="muted">${msg('No upcoming slots. Create one above.')}</p>`;
    // A day heading, then one compact row a slot: readable with a hundred of them.
    return html`${groupByDay(slots).map(
      ([
        key,
        day,
        items,
      ]) => html`<div role="heading" aria-level=${this.level} class="heading" part="day" id="day-${key}">${day}</div>
        <ul part="list" aria-labelledby="day-${key}">${items.map((slot) => this.renderSlot(slot))}</ul>`,
    )}
      ${this.renderMore(this.#slots, msg('Show later slots'))}`;
  }

  protected renderSlot(slot: Slot) {
    const editing = this.editing?.slot.id === slot.id ? this.editing : undefined;
    const deleting = this.deleting?.slot.id === slot.id ? this.deleting : undefined;
    const close = () => this.#closeSlotForm(slot, editing ? 1 : 2);
    return html`<li part="item" @keydown=${(event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !(editing || deleting)) return;
      event.stopPropagation();
      close();
    }}>
      <div class="row spread">
        <p class="title" id="s-${slot.id}" tabindex="-1">${formatTimes(slot.startsAt, slot.endsAt)}</p>
        <span class="row">
          ${slot.seriesId ? html`<span part="badge" class="muted">${msg('Weekly')}</span>` : nothing}
          ${slot.instant ? html`<span part="badge" class="approved">${msg('Instant')}</span>` : nothing}
          <span part="badge" class=${slot.status}>${slotStatusLabels[slot.status]()}</span>
        </span>
      </div>
      <p class="muted">
        <bdi>${slot.courseTitle ?? slot.courseId}</bdi>${slot.pendingCount ? ` · ${msg('{n, plural, one {# request awaiting approval} other {# requests awaiting approval}}', { n: slot.pendingCount })}` : ''}
      </p>
      ${slot.note ? html`<p dir="auto">${slot.note}</p>` : nothing}
      ${
        editing || deleting
          ? this.#slotForm(slot, editing, close)
          : html`<div class="row">
              <button part="button" @click=${() => this.startEdit(slot)}>${msg('Edit')}</button>
              <button part="button" class="danger" @click=${() => this.startDelete(slot)}>${msg('Delete')}</button>
            </div>`
      }
    </li>`;
  }

  protected async create(event: Event, defaultCourseId: string): Promise<void> {
    event.preventDefault();
    const draft = { ...this.draft, courseId: this.draft.courseId || defaultCourseId };
    const times = timesOf(draft);
    if (!('startsAt' in times)) {
      this.problems = times;
      return;
    }
    await this.save(
      () =>
        this.call<Slot>('POST', '/api/availability/create', {
          courseId: draft.courseId,
          ...times,
          ...(draft.note.trim() && { note: draft.note }),
        }),
      (slot) => {
        this.draft = { ...draft, date: '', time: '', note: '' };
        this.problems = {};
        this.dispatchEvent(new SlotCreatedEvent(slot));
        this.announce(() => msg(str`Slot created for ${formatWhen(slot.startsAt, slot.endsAt)}.`));
      },
      (problems) => (this.problems = problems),
    );
  }

  protected async startEdit(slot: Slot): Promise<void> {
    this.deleting = undefined;
    this.editing = { slot, draft: draftOf(slot), problems: {} };
    await this.#forms.loaded();
    this.focusOn(`li:has(#s-${CSS.escape(slot.id)}) input`);
  }

  /**
   * Closes the slot's edit form or delete confirmation, and focus returns to the button that opened it: the item's
   * first action (Edit, `opener` 1) or its second (Delete, 2).
   */
  #closeSlotForm(slot: Slot, opener: number): void {
    this.editing = this.deleting = undefined;
    this.focusOn(`li:has(#s-${CSS.escape(slot.id)}) > .row > button:nth-child(${opener})`);
  }

  protected async startDelete(slot: Slot): Promise<void> {
    this.editing = undefined;
    this.deleting = { slot };
    await this.#forms.loaded();
    this.focusOn('#confirm-delete');
  }

  /** The module of the edit form and the delete confirmation (slot-forms.ts), imported the first time one opens. */
  #forms = new LazyModule(this, () => import('./slot-forms.ts'), this.#panelViews);

  /** The slot's open form: a placeholder while its module loads, a retry if it could not. */
  #slotForm(slot: Slot, editing: AvailabilityManager['editing'], close: () => void) {
    return this.#forms.render((forms) =>
      forms.renderSlotForm(this as unknown as SlotFormsHost, { draftOf, renderSlotFields, timesOf }, slot, editing, close),
    );
  }

  /** Runs a change; on success reports it and reloads the list, on failure shows its problems. */
  protected async save<T>(run: () => Promise<T>, done: (result: T) => void, failed: (problems: Problems) => void): Promise<void> {
    this.busy = true;
    try {
      done(await run());
      this.#reloadSlots();
    } catch (error) {
      failed(problemsOf(error));
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'availability-manager': AvailabilityManager;
  }
}
