import { type RequestStatus, requestStatuses } from '@one-on-one/contract/vocabulary';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { AttendanceRecordedEvent } from '../events/attendance-recorded.ts';
import { RequestApprovedEvent } from '../events/request-approved.ts';
import { RequestCancelledEvent } from '../events/request-cancelled.ts';
import { RequestRejectedEvent } from '../events/request-rejected.ts';
import type { SessionRequest } from '../internal/api.ts';
import { formatWhen, isHttpsUrl } from '../internal/format.ts';
import { isRequestEvent, type ResourceEvent } from '../internal/live.ts';
import { msg, str } from '../internal/localize.ts';
import { RequestList } from '../internal/request-list.ts';
import { can, renderAttendance, renderBadge, renderJoin, renderReason, statusLabel } from '../internal/request-parts.ts';
import { sharedStyles } from '../internal/shared-styles.ts';
import { settingsStyles } from '../internal/styles.ts';
import { CourseViews, VIEWS, type View, type ViewHost } from './course-views.ts';
import { styles } from './session-requests.styles.ts';

/** A session whose move waits for a decision is shown once, as the move ("wants to move from … to …"). */
const withoutMovedAway = (items: SessionRequest[]) => {
  const moving = new Set(items.filter((item) => item.status === 'pending' && item.replaces).map((item) => item.replaces));
  return items.filter((item) => !moving.has(item.id));
};

/** Pending requests first, then by session start. */
const pendingFirst = (a: SessionRequest, b: SessionRequest) =>
  Number(b.status === 'pending') - Number(a.status === 'pending') || a.startsAt.localeCompare(b.startsAt);

/**
 * @tag session-requests
 * @summary The educator's incoming requests, pending first, with the student's name, course, time
 * and message. Approve with a meeting link (checked to be https: before sending), reject with a
 * reason, cancel an approved session with a reason. Filter by status and course. Under the list, the
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
 * @csspart list - The list of requests.
 * @csspart item - One request.
 * @csspart badge - A request's status.
 * @csspart reason - Why it was rejected or cancelled.
 * @csspart attendance - Whether the student came, once recorded.
 * @csspart grade - "Grade not in the LMS yet": the session's attendance score has not reached the LMS gradebook.
 * @csspart join - The Join link of an approved session.
 * @csspart calendar - The Add to calendar button (Remove from calendar for a session called off after approval).
 * @csspart button - The Approve, Reject and Cancel buttons, and the feed's Copy link and Make a new link.
 * @csspart form - The step that asks for a meeting link or a reason.
 * @csspart empty - The message when no request matches, or in Students no one does.
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
    const { type, data } = event;
    const who = () => data.studentName ?? msg('a student');
    if (type === 'request.created') this.announce(() => msg(str`New request from ${who()}.`));
    if (type === 'request.cancelled' && data.cancelledBy === 'student')
      this.announce(() => msg(str`A request was cancelled by ${who()}.`));
  }

  protected get listPath() {
    const query = new URLSearchParams({
      ...(this.status && { status: this.status }),
      ...(this.courseId && { courseId: this.courseId }),
    });
    return `/api/session/educator/requests${query.size ? `?${query}` : ''}`;
  }

  override render() {
    const [view, tabs] = [this.#shown(), this.#courses().length > 0];
    return html`<div part="base" lang=${this.speaks.lang} dir=${this.speaks.dir}>
      ${tabs ? this.#views.renderTabs(view) : nothing}
      <div part="panel" class="panel" id="panel" role=${tabs ? 'tabpanel' : nothing} aria-labelledby=${tabs ? `tab-${view}` : nothing}>
        ${view === 'agenda' ? this.renderAgenda() : html`<div part="filters" class="filters">${this.renderCourseFilter(false)}</div>${this.#views.render(view)}`}
      </div>
      ${this.renderLiveRegion()}
    </div>`;
  }

  /** The course filter; the agenda's also offers all courses, Students and Reports show one. */
  protected renderCourseFilter(all: boolean) {
    const selected = all ? this.courseId : this.#course();
    return html`<label
      >${msg('Course')}
      <select @change=${(e: Event) => (this.courseId = (e.target as HTMLSelectElement).value)}>
        ${all ? html`<option value="">${msg('All courses')}</option>` : nothing}
        ${this.#courses().map((course) => html`<option value=${course.id} ?selected=${selected === course.id}>${course.title ?? course.id}</option>`)}
      </select>
    </label>`;
  }

  protected renderAgenda() {
    return html`<div part="filters" class="filters">
        <label
          >${msg('Status')}
          <select @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as RequestStatus)}>
            <option value="">${msg('All')}</option>
            ${requestStatuses.map((status) => html`<option value=${status} ?selected=${this.status === status}>${statusLabel(status)}</option>`)}
          </select>
        </label>
        ${this.renderCourseFilter(true)}
      </div>
      ${this.renderTask(this.requests.task, (items) =>
        items.length === 0
          ? html`<p part="empty" class="muted">${this.status || this.courseId ? msg('No requests match these filters.') : msg('No requests yet.')}</p>`
          : html`<ul part="list">${withoutMovedAway(items)
              .sort(pendingFirst)
              .map((request) => this.renderItem(request))}</ul>
              ${this.renderMore(this.requests, msg('Show later requests'))}`,
      )}
      ${this.renderSettings()}`;
  }

  protected renderItem(request: SessionRequest) {
    return html`<li part="item">
      <div class="row spread">
        <p class="title" id="r-${request.id}" tabindex="-1">${request.studentName ?? request.studentId}</p>
        ${renderBadge(request)}
      </div>
      <p>${request.courseTitle ?? request.courseId} · ${formatWhen(request.startsAt, request.endsAt)}</p>
      ${this.renderMoveNote(request)}
      ${request.message ? html`<p><q class="message" dir="auto">${request.message}</q></p>` : nothing} ${renderReason(request)} ${renderAttendance(request)}
      ${request.gradeSync === 'pending' ? html`<p part="grade" class="muted">${msg('Grade not in the LMS yet')}</p>` : nothing}
      ${
        this.form?.id === request.id
          ? this.renderForm(request)
          : html`<div class="row">
            ${
              can(request, 'approve')
                ? html`<button part="button" class="primary" data-opens="approve" @click=${() => this.openForm(request.id, 'approve', '#form-input', this.originalOf(request)?.meetingLink ?? '')}>
                    ${msg('Approve')}
                  </button>`
                : nothing
            }
            ${
              can(request, 'reject')
                ? html`<button part="button" data-opens="reject" @click=${() => this.openForm(request.id, 'reject', '#form-input')}>${msg('Reject')}</button>`
                : nothing
            }
            ${can(request, 'attendance') ? this.renderAttendanceButtons(request) : nothing}
            ${renderJoin(request)} ${can(request, 'calendar') ? this.renderCalendarButton(request) : nothing}
            ${
              can(request, 'cancel')
                ? html`<button part="button" class="danger" data-opens="cancel" @click=${() => this.openForm(request.id, 'cancel', '#form-input')}>
                  ${msg('Cancel session')}
                </button>`
                : nothing
            }
          </div>`
      }
    </li>`;
  }

  protected renderForm(request: SessionRequest) {
    switch (this.form?.action) {
      case 'approve':
        return this.renderItemForm({
          label: msg('Meeting link'),
          hint: msg('The student sees it once approved. It must start with https://'),
          type: 'url',
          required: true,
          confirm: msg('Approve'),
          onSubmit: () => this.approve(request),
        });
      case 'reject':
        return this.renderItemForm({
          label: msg('Reason for the student'),
          required: true,
          confirm: msg('Reject'),
          onSubmit: () => this.decide(request, 'reject'),
        });
      default:
        return this.renderItemForm({
          label: msg('Reason for the student'),
          required: true,
          confirm: msg('Cancel session'),
          onSubmit: () => this.decide(request, 'cancel'),
        });
    }
  }

  /** The session a move would replace, when the list holds it: approving the move starts from its meeting link. */
  protected originalOf(request: SessionRequest): SessionRequest | undefined {
    return request.replaces ? this.requests.task.value?.find((other) => other.id === request.replaces) : undefined;
  }

  /** A move waiting for a decision is one item: where the student wants to go from. */
  protected renderMoveNote(request: SessionRequest) {
    if (!request.replaces || request.status !== 'pending') return nothing;
    const original = this.originalOf(request);
    return html`<p part="reason" class="pending">
      ${original ? msg(str`Wants to move from ${formatWhen(original.startsAt, original.endsAt)} to this time.`) : msg('Wants to move a session to this time.')}
      ${original?.status === 'approved' ? msg('Their session stays booked until you decide.') : ''}
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

  protected approve(request: SessionRequest): Promise<void> | void {
    const meetingLink = this.form?.text.trim() ?? '';
    if (!isHttpsUrl(meetingLink)) {
      this.form = {
        ...(this.form as NonNullable<typeof this.form>),
        problem: () => msg('Enter a full meeting link that starts with https://'),
      };
      return;
    }
    return this.act(
      () => this.call('PUT', `/api/session/approve/${encodeURIComponent(request.id)}`, { meetingLink }),
      (updated) => new RequestApprovedEvent(updated),
      () => msg('Request approved.'),
    );
  }

  protected decide(request: SessionRequest, action: 'reject' | 'cancel'): Promise<void> | void {
    const reason = this.form?.text.trim() ?? '';
    if (!reason) {
      this.form = { ...(this.form as NonNullable<typeof this.form>), problem: () => msg('Please give the student a reason.') };
      return;
    }
    return this.act(
      () => this.call('PUT', `/api/session/${action}/${encodeURIComponent(request.id)}`, { reason }),
      (updated) => (action === 'reject' ? new RequestRejectedEvent(updated) : new RequestCancelledEvent(updated)),
      () => (action === 'reject' ? msg('Request rejected.') : msg('Session cancelled.')),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-requests': SessionRequests;
  }
}
