// <book-session>: a student picks an open slot of a course and sends a request.
import { TEXT_LIMITS } from '@one-on-one/contract/limits';
import { html, nothing, type PropertyDeclarations } from 'lit';
import { RequestSentEvent } from '../events/request-sent.ts';
import { ApiError, type CourseSlot, describeError, type SessionRequest } from '../internal/api.ts';
import { dayStripStyles, renderDayStrip } from '../internal/day-strip.ts';
import { formatNumber, formatWhen, zoneName } from '../internal/format.ts';
import { renderJoin } from '../internal/join-link.ts';
import type { ResourceEvent } from '../internal/live.ts';
import { LazyModule } from '../internal/load.ts';
import { msg, type Say, str } from '../internal/localize.ts';
import { SessionElement } from '../internal/session-element.ts';
import { sharedStyles } from '../internal/shared-styles.ts';
import { styles } from './book-session.styles.ts';

/**
 * @tag book-session
 * @summary The open slots of a course by day in the viewer's time zone: the student picks a day from a
 * strip, then one of its times, adds an optional message and sends a request. When the course has no open
 * time, the student can ask to be told by email when one opens; a time that opens then appears, and is read out.
 *
 * @attr course-id - The course whose slots are offered.
 * @attr requests-href - Where the student follows their requests; linked once a request is sent.
 * @attr api-base - The API's origin; defaults to the origin `widgets.js` was loaded from.
 * @attr token - A token signed by the host platform.
 * @attr heading-level - The level of its headings (1–6) in the host page's outline; default 3.
 * @prop {TokenProvider} tokenProvider - Returns a fresh token; called when none is set and once after a 401.
 *
 * @fires {RequestSentEvent} request-sent - The student sent a request; `detail.request` is it.
 *
 * @csspart base - The wrapper of everything.
 * @csspart form - The form with the slots and the message.
 * @csspart list - The box of fixed height that holds the days and times (scrolls when they are many).
 * @csspart day - A day of the strip; `aria-pressed` marks the one shown.
 * @csspart item - One slot to choose.
 * @csspart badge - The "Requested" mark on a slot the student already asked for.
 * @csspart button - The send button.
 * @csspart notice - The note that a slot was just taken.
 * @csspart sent - The confirmation after sending.
 * @csspart empty - The message when no slot is open, with the waitlist.
 * @csspart waitlist - Inside `empty`: "Tell me when a time opens", or once the student waits, the note saying so
 * and "Stop waiting".
 * @csspart more - The button at the end of the strip that loads later days.
 * @csspart loading - The placeholder while loading.
 * @csspart error - An error with a retry button.
 *
 * @cssprop --oo-accent - Buttons, focus rings and the chosen slot. Default: `#2557d6`.
 * @cssprop --oo-on-accent - Text on accent buttons. Default: `#fff`.
 * @cssprop --oo-surface - Background of the widget and its fields. Default: `transparent`.
 * @cssprop --oo-border - Borders of slots and fields. Default: the text colour at 22%.
 * @cssprop --oo-danger - Errors. Default: `#c0262d`.
 * @cssprop --oo-success - Confirmations. Default: `#1b7f4b`.
 * @cssprop --oo-radius - Corner radius. Default: `8px`.
 * @cssprop --oo-gap - Spacing between parts. Default: `0.75rem`.
 * @cssprop --oo-list-height - Height of the box of times; it stays the same while they load. Default: `20rem`.
 */
export class BookSession extends SessionElement {
  static override styles = [sharedStyles, dayStripStyles, styles];
  static override properties: PropertyDeclarations = {
    courseId: { attribute: 'course-id' },
    requestsHref: { attribute: 'requests-href' },
    selected: { state: true },
    message: { state: true },
    sending: { state: true },
    sent: { state: true },
    notice: { state: true },
    day: { state: true },
  };

  /** The course whose open slots are offered. */
  declare courseId: string;
  /** Where the student follows their requests; linked once a request is sent. */
  declare requestsHref?: string;
  declare protected selected?: string;
  declare protected message: string;
  declare protected sending: boolean;
  declare protected sent?: SessionRequest;
  declare protected notice?: Say;
  /** The day whose times show, as `YYYY-MM-DD` in the viewer's zone. */
  declare protected day?: string;

  constructor() {
    super();
    this.courseId = '';
    this.message = '';
    this.sending = false;
  }

  #slots = this.pagedList<CourseSlot>(() =>
    this.courseId ? `/api/availability/course/${encodeURIComponent(this.courseId)}` : undefined,
  );
  /**
   * The waitlist's part (waitlist-offer.ts), made the first time the course shows no open time; until then, and while
   * it asks whether the student waits, the box says what it says before that answer.
   */
  #waitlist = new LazyModule(
    this,
    async () =>
      new (await import('./waitlist-offer.ts')).WaitlistOffer(
        this.partActions(),
        () => this.courseId,
        () => this.#slots.task.value?.length === 0,
      ),
    {
      skeleton: () => html`<p class="muted">${msg('No open times right now. Please check back later.')}</p>`,
      failed: (error, retry) => this.renderError(error, retry),
    },
  );

  reload(): void {
    this.#slots.task.run();
  }

  /** Slots of the course come, go and get booked, and open for a student who waits; the list follows, and says so. */
  protected override onLiveEvent(event: ResourceEvent): void {
    if (event.data.courseId !== this.courseId || this.sent) return;
    this.reload();
    if (event.type === 'waitlist.opened') {
      const { startsAt, endsAt } = event.data;
      this.announce(() => msg(str`A time has opened: ${formatWhen(startsAt, endsAt)}.`));
    } else if (event.type.startsWith('slot.')) this.announce(() => msg('The open times have changed.'));
  }

  override render() {
    return html`<div part="base" lang=${this.speaks.lang} dir=${this.speaks.dir}>
      ${this.sent ? this.renderSent(this.sent) : this.renderForm()}
      ${this.renderLiveRegion()}
    </div>`;
  }

  /**
   * The form keeps its shape from the first frame: the times load inside a box of fixed height (placeholder,
   * empty, error or the slots), so the host page never jumps. A strip of days picks the day; its times show
   * together, and the message and Send sit beside them on a wide page, right below on a narrow one.
   */
  protected renderForm() {
    const notice = this.notice ? html`<p part="notice" class="problem" role="alert">${this.notice()}</p>` : nothing;
    return html`${notice}<form part="form" @submit=${this.send}>
        <fieldset>
          <legend tabindex="-1">${msg('Choose a time')} <span class="muted">${msg(str`(times in ${zoneName()})`)}</span></legend>
          <div class="choices" part="list">
            ${this.renderTask(this.#slots.task, (slots) =>
              slots.length === 0
                ? html`<div part="empty" class="empty">${this.#waitlist.render((offer) => offer.render())}</div>`
                : renderDayStrip(
                    slots,
                    this.day,
                    this.selected,
                    this.level,
                    (day, slotId) => {
                      [this.day, this.selected] = [day, slotId];
                    },
                    this.renderMore(this.#slots, msg('Later days')),
                  ),
            )}
          </div>
        </fieldset>
        <div class="compose">
        <label class="field"
          >${msg('Message to the educator (optional)')}
          <textarea
            rows="3"
            maxlength=${TEXT_LIMITS.message}
            aria-describedby="counter"
            .value=${this.message}
            @input=${(e: InputEvent) => {
              this.message = (e.target as HTMLTextAreaElement).value;
            }}
          ></textarea>
        </label>
        <div class="row spread">
          <span id="counter" class="counter muted">${msg(str`${formatNumber(this.message.length)}/${formatNumber(TEXT_LIMITS.message)} characters`)}</span>
          <button part="button" class="primary" ?disabled=${!this.selected || this.sending}>
            ${this.sending ? msg('Sending…') : this.#selectedSlot()?.instant ? msg('Book') : msg('Send request')}
          </button>
        </div>
        </div>
      </form>`;
  }

  /** The slot the student picked, if it is still listed. */
  #selectedSlot(): CourseSlot | undefined {
    return this.#slots.task.value?.find((slot) => slot.id === this.selected);
  }

  protected renderSent(request: SessionRequest) {
    const when = formatWhen(request.startsAt, request.endsAt);
    const educator = request.educatorName ?? msg('the educator');
    return html`<div part="sent" class="field">
      ${
        request.status === 'approved'
          ? html`<p id="sent" tabindex="-1"><strong>${msg('Booked.')}</strong> ${msg(str`Your session with ${educator} on ${when} is confirmed.`)}</p>
            <div class="row">${renderJoin(request)}</div>`
          : html`<p id="sent" tabindex="-1"><strong>${msg('Request sent.')}</strong> ${msg(
              str`Your request for ${when} now awaits approval by ${educator}. Once approved, you get the meeting link.`,
            )}</p>`
      }
      <div class="row">
        ${this.requestsHref ? html`<a class="link" href=${this.requestsHref}>${msg('See your requests')}</a>` : nothing}
        <button @click=${this.bookAnother}>${msg('Book another time')}</button>
      </div>
    </div>`;
  }

  protected async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.selected) return;
    this.sending = true;
    this.notice = undefined;
    try {
      const body = { slotId: this.selected, ...(this.message.trim() ? { message: this.message } : {}) };
      const request = await this.call<SessionRequest>('POST', '/api/session/request', body);
      this.sent = request;
      this.selected = undefined;
      this.message = '';
      this.dispatchEvent(new RequestSentEvent(request));
      this.announce(() => (request.status === 'approved' ? msg('Booked.') : msg('Request sent.')));
      await this.focusOn('#sent');
    } catch (error) {
      this.notice = () => describeError(error);
      if (error instanceof ApiError && error.status === 409) {
        this.selected = undefined;
        this.reload();
      }
    } finally {
      this.sending = false;
    }
  }

  /** Back to the form, focus on its start. */
  protected bookAnother(): void {
    this.sent = undefined;
    this.reload();
    this.focusOn('legend');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'book-session': BookSession;
  }
}
