import { type RequestAction, type RequestStatus, requestStatuses } from '@one-on-one/contract/vocabulary';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { AttendanceRecordedEvent } from '../events/attendance-recorded.ts';
import type { SessionRequest } from '../internal/api.ts';
import { now } from '../internal/clock.ts';
import { formatWhen } from '../internal/format.ts';
import { isRequestEvent, type ResourceEvent } from '../internal/live.ts';
import { msg, str } from '../internal/localize.ts';
import { RequestList } from '../internal/request-list.ts';
import { can, renderAttendance, renderBadge, renderJoin, renderReason, statusLabel } from '../internal/request-parts.ts';
import { sharedStyles } from '../internal/shared-styles.ts';
import { settingsStyles } from '../internal/styles.ts';
import { agendaOf, type Group } from './agenda.ts';
import { CourseViews, VIEWS, type View, type ViewHost } from './course-views.ts';
import { styles } from './session-requests.styles.ts';

/** A message as its author wrote it, quoted. */
const quote = (text: string | null) => (text ? html`<p><q class="message" dir="auto">${text}</q></p>` : nothing);

/**
 * @tag session-requests
 * @summary The educator's agenda: Today's and This week's sessions in time order, each with Join, then the requests
 * awaiting approval (oldest first), then later sessions; the past and the closed ones under Earlier, the latest first,
 * collapsed (read when first opened). Each shows the student's name, course, time and message; a session whose student asked to move it
 * shows the move on it. Approve with a meeting link (checked to be https: before sending; a move's starts from the
 * session's), reject with a reason, cancel an approved session with a reason. Filter by status and course. Under the list, the
 * educator turns email about their sessions on or off (Notifications) and subscribes to a feed of their sessions
 * in their calendar app. Three views, as tabs: the Agenda (the requests), and for the selected course Students
 * (its roster, each member's upcoming, attended and missed sessions, with a filter for the students who have not
 * booked) and Reports (its statistics and an Export CSV of its sessions); Students and Reports load when first opened.
 *
 * @attr api-base - The API's origin; defaults to the origin `widgets.js` was loaded from.
 * @attr token - A token signed by the host platform.
 * @attr heading-level - The level of its headings (1–6) in the host page's outline; default 3.
 * @attr {'agenda' | 'students' | 'reports'} view - The view shown, reflected as the viewer switches: `agenda` (the default), `students` or `reports`. Students and Reports are only offered to an educator of a course; otherwise the agenda shows.
 * @prop {TokenProvider} tokenProvider - Returns a fresh token; called when none is set and once after a 401.
 *
 * @fires {RequestApprovedEvent} request-approved - The educator approved a request; `detail.request` is it.
 * @fires {RequestRejectedEvent} request-rejected - The educator rejected a request; `detail.request` is it.
 * @fires {RequestCancelledEvent} request-cancelled - The educator cancelled an approved session; `detail.request` is it.
 * @fires {AttendanceRecordedEvent} attendance-recorded - The educator recorded whether the student came; `detail.request` is it.
 *
 * @csspart base - The wrapper of everything.
 * @csspart tabs - The tab list of the views: Agenda, Students and Reports.
 * @csspart tab - One view's tab; `aria-selected="true"` on the one shown.
 * @csspart panel - The view shown.
 * @csspart filters - The status and course filters; in Students and Reports, the course.
 * @csspart list - A group's list of requests: Today, This week, Awaiting approval, Later, Earlier.
 * @csspart item - One request.
 * @csspart move - On a session, the move its student asked for, with its Approve and Reject.
 * @csspart earlier - Earlier: the past and the closed requests, collapsed until opened.
 * @csspart badge - A request's status.
 * @csspart reason - Why it was rejected or cancelled.
 * @csspart attendance - Whether the student came, once recorded.
 * @csspart grade - "Grade not in the LMS yet": the session's attendance score has not reached the LMS gradebook.
 * @csspart join - The Join link of an approved session.
 * @csspart calendar - The Add to calendar button (Remove from calendar for a session called off after approval).
 * @csspart button - The Approve, Reject and Cancel buttons, and the feed's Copy link and Make a new link.
 * @csspart form - The step that asks for a meeting link or a reason.
 * @csspart empty - The message when there is no session today, or in Students when no one matches.
 * @csspart note - In Students: when the roster was read, or that the LMS did not share it.
 * @csspart stats - In Reports: the course's statistics.
 * @csspart export - In Reports: the Export CSV button.
 * @csspart notifications - The Notifications switch under the list: email about the viewer's sessions on or off.
 * @csspart feed - "Subscribe in your calendar" under the list; opened, the feed's link and Copy link.
 * @csspart subscribe - The link that opens the feed of the viewer's sessions in their calendar app (webcal:).
 * @csspart more - The button that shows later requests, or in Students more members.
 * @csspart loading - The placeholder while loading.
 * @csspart error - An error with a retry button.
 *
 * @cssprop --oo-accent - Buttons, links and focus rings. Default: `#2557d6`.
 * @cssprop --oo-on-accent - Text on accent buttons. Default: `#fff`.
 * @cssprop --oo-surface - Background of the widget and its fields. Default: `transparent`.
 * @cssprop --oo-border - Borders of items and fields. Default: the text colour at 22%.
 * @cssprop --oo-danger - Errors and rejected requests. Default: `#c0262d`.
 * @cssprop --oo-success - Approved sessions. Default: `#1b7f4b`.
 * @cssprop --oo-radius - Corner radius. Default: `8px`.
 * @cssprop --oo-gap - Spacing between parts. Default: `0.75rem`.
 */
export class SessionRequests extends RequestList {
  static override styles = [sharedStyles, settingsStyles, styles];
  static override properties: PropertyDeclarations = {
    status: { state: true },
    courseId: { state: true },
    view: { reflect: true },
  };

  declare protected status: RequestStatus | '';
  declare protected courseId: string;
  /** The view shown: `agenda` (the default), or for an educator of a course `students` or `reports`. */
  declare view: 'agenda' | 'students' | 'reports';

  constructor() {
    super();
    this.status = '';
    this.courseId = '';
    this.view = 'agenda';
  }

  /**
   * Where the agenda splits its list, the time the element was made: after it what is ahead (and what is closed ahead);
   * before it, Earlier's. What ends later on moves to Earlier as it is drawn.
   */
  #since = new Date(now()).toISOString();

  /** Whether Earlier is open: its past requests load when it opens. */
  #earlier = false;
  #past = this.pagedList<SessionRequest>(() => (this.#earlier ? this.#path('to') : undefined));

  #me = this.loadViewer();

  /** The courses the viewer teaches. */
  #courses() {
    return this.#me.value?.courses.filter((course) => course.role === 'educator') ?? [];
  }

  /** The view on screen: Students and Reports are for a course's educators, so without a course the agenda. */
  #shown(): View {
    return this.#courses().length && VIEWS.includes(this.view) ? this.view : 'agenda';
  }

  /** The course of Students and Reports: the one chosen, else the first the viewer teaches. */
  #course(): string {
    const courses = this.#courses();
    return (courses.find((course) => course.id === this.courseId) ?? courses[0])?.id ?? '';
  }

  #hostOf = (view: View): ViewHost => ({
    host: this,
    load: (path, signal) => this.load(path, signal),
    call: (method, path, body) => this.call(method, path, body),
    credentials: () => this.credentials,
    course: () => (this.#shown() === view ? this.#course() : ''),
    say: (message) => this.announce(message),
    skeleton: () => this.renderSkeleton(),
    failed: (error, retry) => this.renderError(error, retry),
    adopt: (styles) => {
      const root = this.renderRoot as ShadowRoot;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet as CSSStyleSheet];
    },
  });

  #views = new CourseViews({
    hostOf: this.#hostOf,
    select: (view) => {
      this.view = view;
    },
    focusOn: (selector) => this.focusOn(selector),
    rtl: () => this.speaks.dir === 'rtl',
  });

  override reload(): void {
    super.reload();
    this.#me.run();
    this.#views.reload();
  }

  /** New requests and students' cancellations arrive as they happen, and are read out. */
  protected override onLiveEvent(event: ResourceEvent): void {
    if (!isRequestEvent(event)) return;
    this.reloadList();
    // Students counts each member's sessions: shown, it follows the course's requests too.
    if (this.#shown() === 'students' && event.data.courseId === this.#course()) this.#views.reload('students');
    const { type, data } = event;
    const who = () => data.studentName ?? msg('a student');
    if (type === 'request.created') this.announce(() => msg(str`New request from ${who()}.`));
    if (type === 'request.cancelled' && data.cancelledBy === 'student')
      this.announce(() => msg(str`A request was cancelled by ${who()}.`));
  }

  protected override reloadList(): void {
    super.reloadList();
    this.#past.task.run();
  }

  /** The requests that end after the split (`from`), or start before it (`to`, the latest first), filtered. */
  #path(side: 'from' | 'to') {
    const query = new URLSearchParams({
      [side]: this.#since,
      ...(side === 'to' && { order: 'desc' }),
      ...(this.status && { status: this.status }),
      ...(this.courseId && { courseId: this.courseId }),
    });
    return `/api/session/educator/requests?${query}`;
  }

  protected get listPath() {
    return this.#path('from');
  }

  /** What both lists hold: ahead and, once loaded, Earlier's. */
  #listed(): SessionRequest[] {
    return [...(this.requests.task.value ?? []), ...(this.#past.task.value ?? [])];
  }

  /**
   * After an action, focus goes to the request once the list is its latest (a live update of the same change may be
   * loading it again); if not shown (closed into Earlier), to the session it moved, else to Earlier.
   */
  protected override async focusOn(selector: string): Promise<HTMLElement | null> {
    if (selector.startsWith('#r-')) await this.requests.task.taskComplete;
    const moved = this.#listed().find((item) => selector === `#r-${CSS.escape(item.id)}`)?.replaces;
    return (await super.focusOn(selector)) ?? (moved ? this.focusOn(`#r-${CSS.escape(moved)}`) : super.focusOn('#earlier'));
  }

  override render() {
    const [view, tabs] = [this.#shown(), this.#courses().length > 0];
    return html`<div part="base" lang=${this.speaks.lang} dir=${this.speaks.dir}>
      ${tabs ? this.#views.renderTabs(view) : nothing}
      <div part="panel" class="panel" id="panel" role=${tabs ? 'tabpanel' : nothing} aria-labelledby=${tabs ? `tab-${view}` : nothing}>
        ${view === 'agenda' ? this.#agenda() : html`<div part="filters" class="filters">${this.#courseFilter(false)}</div>${this.#views.render(view)}`}
      </div>
      ${this.renderLiveRegion()}
    </div>`;
  }

  /** The course filter; the agenda's also offers all courses, Students and Reports show one. */
  #courseFilter(all: boolean) {
    const selected = all ? this.courseId : this.#course();
    return html`<label
      >${msg('Course')}
      <select @change=${(e: Event) => (this.courseId = (e.target as HTMLSelectElement).value)}>
        ${all ? html`<option value="">${msg('All courses')}</option>` : nothing}
        ${this.#courses().map((course) => html`<option value=${course.id} ?selected=${selected === course.id}>${course.title ?? course.id}</option>`)}
      </select>
    </label>`;
  }

  #agenda() {
    return html`<div part="filters" class="filters">
        <label
          >${msg('Status')}
          <select @change=${(e: Event) => {
            this.status = (e.target as HTMLSelectElement).value as RequestStatus;
            // Rejected, completed and cancelled requests lie mostly in the past: Earlier opens to show them.
            if (this.status && !['pending', 'approved'].includes(this.status)) this.#earlier = true;
          }}>
            <option value="">${msg('All')}</option>
            ${requestStatuses.map((status) => html`<option value=${status} ?selected=${this.status === status}>${statusLabel(status)}</option>`)}
          </select>
        </label>
        ${this.#courseFilter(true)}
      </div>
      ${this.renderTask(this.requests.task, () => {
        const { groups, moves } = agendaOf(this.#listed(), this.locale);
        const list = (id: Group) =>
          html`<ul part="list" aria-labelledby=${id}>${groups[id].map((request) => this.renderItem(request, moves.get(request.id)))}</ul>`;
        const group = (id: Group, title: string) =>
          groups[id].length || id === 'today'
            ? html`<div role="heading" aria-level=${this.level} class="heading" id=${id}>${title}</div>
                ${groups[id].length ? list(id) : html`<p part="empty" class="muted">${msg('No sessions today.')}</p>`}`
            : nothing;
        return html`${group('today', msg('Today'))} ${group('week', msg('This week'))} ${group('pending', msg('Awaiting approval'))}
          ${group('later', msg('Later'))} ${this.renderMore(this.requests, msg('Show later requests'))}
          <details part="earlier" ?open=${this.#earlier} @toggle=${(e: Event) => {
            this.#earlier = (e.target as HTMLDetailsElement).open;
            this.requestUpdate();
          }}>
            <summary id="earlier">${msg('Earlier')}</summary>
            ${this.#earlier ? this.renderTask(this.#past.task, () => html`${list('earlier')} ${this.renderMore(this.#past, msg('Show older requests'))}`) : nothing}
          </details>`;
      })}
      ${this.renderSettings()}`;
  }

  /** A request; an approved session with its move awaiting a decision on it. */
  protected renderItem(request: SessionRequest, move?: SessionRequest) {
    return html`<li part="item">
      <div class="row spread">
        <p class="title" id="r-${request.id}" tabindex="-1">${request.studentName ?? request.studentId}</p>
        ${renderBadge(request)}
      </div>
      <p><bdi>${request.courseTitle ?? request.courseId}</bdi> · ${formatWhen(request.startsAt, request.endsAt)}</p>
      ${this.renderMoveNote(request)} ${quote(request.message)} ${renderReason(request)} ${renderAttendance(request)}
      ${
        request.gradeSync === 'pending'
          ? html`<p part="grade" class="muted">${msg('Grade not in the LMS yet')}</p>`
          : request.gradeSync === 'failed'
            ? html`<p part="grade" class="problem">${msg('The LMS refused this grade: enter it there')}</p>`
            : nothing
      }
      ${this.#actions(request)}
      ${
        move
          ? html`<div part="move" class="field" role="group" aria-labelledby="r-${move.id}">
            <p class="pending" id="r-${move.id}">
              ${msg(str`Wants to move this session to ${formatWhen(move.startsAt, move.endsAt)}.`)} ${msg('Their session stays booked until you decide.')}
            </p>
            ${quote(move.message)} ${this.#actions(move)}
          </div>`
          : nothing
      }
    </li>`;
  }

  /** The buttons the API allows on a request, or the form one of them opened. */
  #actions(request: SessionRequest) {
    const opener = (action: RequestAction, label: string, className?: string, text?: string) =>
      can(request, action)
        ? html`<button part="button" class=${className} data-opens=${action} @click=${() => this.openForm(request.id, action, '#form-input', text)}>${label}</button>`
        : nothing;
    return this.form?.id === request.id
      ? this.renderForm(request)
      : html`<div class="row">
          ${opener('approve', msg('Approve'), 'primary', this.#original(request)?.meetingLink ?? '')} ${opener('reject', msg('Reject'))}
          ${can(request, 'attendance') ? this.renderAttendanceButtons(request) : nothing}
          ${renderJoin(request)} ${can(request, 'calendar') ? this.renderCalendarButton(request) : nothing}
          ${opener('cancel', msg('Cancel session'), 'danger')}
        </div>`;
  }

  protected loadForms() {
    return import('./decision-forms.ts');
  }

  /** The session a move would replace, when a list holds it: approving the move starts from its meeting link. */
  #original(request: SessionRequest): SessionRequest | undefined {
    return this.#listed().find((other) => other.id === request.replaces);
  }

  /** A move not shown on its session (the request it replaced was cancelled by the move, or is not listed). */
  protected renderMoveNote(request: SessionRequest) {
    if (!request.replaces || request.status !== 'pending') return nothing;
    const original = this.#original(request);
    return html`<p part="reason" class="pending">
      ${original ? msg(str`Wants to move from ${formatWhen(original.startsAt, original.endsAt)} to this time.`) : msg('Wants to move a session to this time.')}
    </p>`;
  }

  /** Once a session has started: did the student come? The recorded answer is pressed. */
  protected renderAttendanceButtons(request: SessionRequest) {
    const choice = (attended: boolean, label: string) =>
      html`<button part="button" aria-pressed=${request.attended === attended ? 'true' : 'false'} ?disabled=${this.busy}
        @click=${() => this.recordAttendance(request, attended)}>${label}</button>`;
    return html`<span role="group" aria-label=${msg('Attendance')} class="row">${choice(true, msg('Attended'))} ${choice(false, msg('Did not attend'))}</span>`;
  }

  protected recordAttendance(request: SessionRequest, attended: boolean): Promise<void> {
    return this.act(
      () => this.call('PUT', `/api/session/attendance/${encodeURIComponent(request.id)}`, { attended }),
      (updated) => new AttendanceRecordedEvent(updated),
      () => (attended ? msg('Recorded as attended.') : msg('Recorded as not attended.')),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-requests': SessionRequests;
  }
}
