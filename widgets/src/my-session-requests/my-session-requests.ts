// <my-session-requests>: a student's requests with their status, links and cancellation.
import { html, nothing, type PropertyDeclarations } from 'lit';
import type { SessionRequest } from '../internal/api.ts';
import { dayStripStyles } from '../internal/day-strip.ts';
import { formatWhen } from '../internal/format.ts';
import { isRequestEvent, type ResourceEvent } from '../internal/live.ts';
import { LazyModule } from '../internal/load.ts';
import { msg, type Say, str } from '../internal/localize.ts';
import { RequestList } from '../internal/request-list.ts';
import {
  can,
  describeSession,
  isUpcoming,
  renderAttendance,
  renderBadge,
  renderJoin,
  renderReason,
} from '../internal/request-parts.ts';
import { settingsStyles, sharedStyles } from '../internal/styles.ts';
import type { Move, MoveHost } from './move-form.ts';
import { styles } from './my-session-requests.styles.ts';

/** Upcoming sessions first, soonest first; then the past, most recent first. */
function upcomingFirst(a: SessionRequest, b: SessionRequest): number {
  const [aUp, bUp] = [isUpcoming(a), isUpcoming(b)];
  if (aUp !== bUp) return aUp ? -1 : 1;
  return aUp ? a.startsAt.localeCompare(b.startsAt) : b.startsAt.localeCompare(a.startsAt);
}

/**
 * @tag my-session-requests
 * @summary The student's requests, upcoming first, with status, the educator's reasons, a Join
 * link for approved sessions, Add to calendar, and Cancel with a confirmation step. Under the list, the
 * student turns email about their sessions on or off (Notifications) and subscribes to a feed of their sessions
 * in their calendar app.
 *
 * @attr api-base - The API's origin; defaults to the origin `widgets.js` was loaded from.
 * @attr token - A token signed by the host platform.
 * @attr heading-level - The level of its headings (1–6) in the host page's outline; default 3.
 * @prop {TokenProvider} tokenProvider - Returns a fresh token; called when none is set and once after a 401.
 *
 * @fires {RequestCancelledEvent} request-cancelled - The student cancelled a request; `detail.request` is it.
 * @fires {RequestSentEvent} request-sent - The student moved a request or session to another time; `detail.request` is the new request.
 *
 * @csspart base - The wrapper of everything.
 * @csspart list - The list of requests.
 * @csspart item - One request; in the move form, one open time.
 * @csspart day - In the move form, a day of the strip of open times (as `<book-session>`'s); `aria-pressed` marks the one shown.
 * @csspart badge - A request's status.
 * @csspart reason - Why it was rejected or cancelled.
 * @csspart attendance - Whether the educator recorded the student as attending.
 * @csspart join - The Join link of an approved session.
 * @csspart calendar - The Add to calendar button (Remove from calendar for a session called off after approval).
 * @csspart button - The Cancel button, and the feed's Copy link and Make a new link.
 * @csspart form - The cancellation step, or the move form.
 * @csspart empty - The message when there are no requests.
 * @csspart notifications - The Notifications switch under the list: email about the viewer's sessions on or off.
 * @csspart feed - "Subscribe in your calendar" under the list; opened, the feed's link and Copy link.
 * @csspart subscribe - The link that opens the feed of the viewer's sessions in their calendar app (webcal:).
 * @csspart more - The button that shows older requests.
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
export class MySessionRequests extends RequestList {
  static override styles = [sharedStyles, settingsStyles, dayStripStyles, styles];
  static override properties: PropertyDeclarations = { ...RequestList.properties, moving: { state: true } };

  /** The move being chosen: the request, the course's open times once loaded, and what was picked. */
  declare protected moving?: Move;

  protected get listPath() {
    return '/api/session/my-requests';
  }

  /** The educator's decisions arrive as they are made, and are read out. */
  protected override onLiveEvent(event: ResourceEvent): void {
    if (!isRequestEvent(event)) return;
    this.reloadList();
    const { type, data } = event;
    // The student's own cancellation was announced when they made it; the educator's is news.
    const byEducator = type === 'request.cancelled' && data.cancelledBy === 'educator';
    const news: Record<string, Say> = {
      'request.approved': () => msg(str`Your request for ${describeSession(data)} was approved.`),
      'request.rejected': () => msg(str`Your request for ${describeSession(data)} was rejected.`),
      ...(byEducator && {
        'request.cancelled': () => msg(str`Your session for ${describeSession(data)} was cancelled by the educator.`),
      }),
    };
    if (news[type]) this.announce(news[type]);
  }

  override render() {
    return html`<div part="base" lang=${this.speaks.lang} dir=${this.speaks.dir}>
      ${this.renderTask(this.requests.task, (items) =>
        items.length === 0
          ? html`<p part="empty" class="muted">${msg('You have no session requests yet.')}</p>`
          : html`<ul part="list">${[...items].sort(upcomingFirst).map((request) => this.renderItem(request))}</ul>
              ${this.renderMore(this.requests, msg('Show older requests'))}`,
      )}
      ${this.renderSettings()} ${this.renderLiveRegion()}
    </div>`;
  }

  protected renderItem(request: SessionRequest) {
    const confirming = this.form?.id === request.id;
    return html`<li part="item">
      <div class="row spread">
        <p class="title" id="r-${request.id}" tabindex="-1">${request.courseTitle ?? request.courseId}</p>
        ${renderBadge(request)}
      </div>
      <p>${formatWhen(request.startsAt, request.endsAt)}${request.educatorName ? ` · ${msg(str`with ${request.educatorName}`)}` : nothing}</p>
      ${request.message ? html`<p class="muted"><q class="message" dir="auto">${request.message}</q></p>` : nothing} ${renderReason(request)} ${renderAttendance(request)}
      ${this.renderMoveNote(request)}
      ${
        this.moving?.request.id === request.id
          ? this.renderMoveForm(this.moving)
          : confirming
            ? this.renderForm(request)
            : html`<div class="row">
            ${renderJoin(request)} ${can(request, 'calendar') ? this.renderCalendarButton(request) : nothing}
            ${can(request, 'reschedule') ? html`<button part="button" data-opens="reschedule" @click=${() => this.startMove(request)}>${msg('Move')}</button>` : nothing}
            ${
              can(request, 'cancel')
                ? html`<button part="button" class="danger" data-opens="cancel" @click=${() => this.openForm(request.id, 'cancel', '#form-input')}>
                  ${request.status === 'approved' ? msg('Cancel session') : msg('Cancel request')}
                </button>`
                : nothing
            }
          </div>`
      }
    </li>`;
  }

  /** On a move still waiting for the educator: the session it replaces stays booked until then. */
  protected renderMoveNote(request: SessionRequest) {
    if (!request.replaces || request.status !== 'pending') return nothing;
    const original = this.requests.task.value?.find((other) => other.id === request.replaces);
    return original?.status === 'approved'
      ? html`<p class="muted" part="reason">${msg(
          str`Moving your session of ${formatWhen(original.startsAt, original.endsAt)}: it stays booked until the educator approves this time.`,
        )}</p>`
      : nothing;
  }

  /** The move form's module, imported the first time Move is pressed. */
  #moveForm = new LazyModule(this, () => import('./move-form.ts'), {
    skeleton: () => this.renderSkeleton(1),
    failed: (error, retry) => this.renderError(error, retry),
  });

  /** Opens the move form (move-form.ts, loaded the first time) on the course's open times. */
  protected async startMove(request: SessionRequest): Promise<void> {
    this.moving = { request, slotId: '', message: '' };
    await this.#moveForm.loaded(true);
    await this.#moveForm.module?.loadMove(this as unknown as MoveHost, request);
  }

  /** The move form; a placeholder while its module or the open times load, a retry if they could not. */
  protected renderMoveForm(move: Move) {
    return this.#moveForm.render(
      (form) => form.renderMove(this as unknown as MoveHost, move),
      () => this.startMove(move.request),
    );
  }

  protected loadForms() {
    return import('./cancel-form.ts');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'my-session-requests': MySessionRequests;
  }
}
