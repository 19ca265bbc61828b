// The Students view of <session-requests> (SPEC 15): the selected course's roster, each member with their upcoming,
// attended and missed sessions, a filter for the students who have not booked, and Refresh (read from the LMS again).
import type { Roster, RosterMember } from '@one-on-one/contract/resources';
import { css, html, nothing } from 'lit';
import { describeError } from '../internal/api.ts';
import { now } from '../internal/clock.ts';
import { formatNumber } from '../internal/format.ts';
import { initialState, Load } from '../internal/load.ts';
import { currentLocale, msg, str } from '../internal/localize.ts';
import '../locales/en/students-view.js';
import type { CourseView, ViewHost } from './course-views.ts';

/** The API's largest page: most courses come in one. */
const PAGE_SIZE = 200;
/** "Not booked yet" filters the members loaded; turned on, it first loads the roster up to this many members. */
const MAX_FILTERED_MEMBERS = 2000;

/** A student who has no session in the course: none upcoming, attended or missed. */
const notBooked = (member: RosterMember) => member.role === 'student' && member.upcoming + member.attended + member.missed === 0;

/** "Updated 5 minutes ago", in the locale being rendered. */
function updated(readAt: string): string {
  const seconds = Math.max(0, (now() - Date.parse(readAt)) / 1000);
  if (seconds < 60) return msg('Updated just now');
  const [value, unit] =
    seconds < 3600 ? [seconds / 60, 'minute'] : seconds < 86_400 ? [seconds / 3600, 'hour'] : [seconds / 86_400, 'day'];
  const ago = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' }).format(
    -Math.floor(value),
    unit as Intl.RelativeTimeFormatUnit,
  );
  return msg(str`Updated ${ago}`);
}

function renderMember(member: RosterMember) {
  const { upcoming, attended, missed } = member;
  const role = { student: '', educator: msg('Educator'), other: msg('Other role') }[member.role];
  return html`<li part="item">
    <div class="row spread">
      <p class="title"><bdi>${member.name ?? member.userId}</bdi></p>
      ${role ? html`<span part="badge" class="muted">${role}</span>` : nothing}
    </div>
    ${member.email ? html`<p class="muted"><bdi>${member.email}</bdi></p>` : nothing}
    ${
      notBooked(member)
        ? html`<p class="pending">${msg('Not booked yet')}</p>`
        : upcoming + attended + missed > 0
          ? html`<p>${msg(str`Upcoming: ${formatNumber(upcoming)} · Attended: ${formatNumber(attended)} · Missed: ${formatNumber(missed)}`)}</p>`
          : nothing
    }
  </li>`;
}

/** A busy button stays focusable (a disabled one would drop the focus), and the filter is a plain checkbox. */
const styles = css`
  [aria-disabled='true'] { opacity: 0.55; cursor: progress; }
  input[type='checkbox']:not([role='switch']) { width: auto; margin: 0; accent-color: var(--_accent); }
`;

/** The roster of a course as loaded so far: its first page and each page "Show more" or the filter added. */
type Loaded = Roster & { courseId: string };

class StudentsView implements CourseView {
  readonly roster: Load<readonly [string, ...unknown[]], Loaded>;
  readonly #host: ViewHost;
  #onlyNotBooked = false;
  #reading = false;

  constructor(host: ViewHost) {
    this.#host = host;
    host.adopt(styles);
    this.roster = new Load(
      host.host,
      ([courseId], signal) => this.#read(courseId, false, signal),
      () => [host.course(), ...host.credentials()] as const,
    );
  }

  reload(): void {
    this.roster.run();
  }

  #path = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/roster?limit=${PAGE_SIZE}`;

  /** Reads the roster's first page (from the LMS again with `refresh`), and the rest as far as the filter needs. */
  async #read(courseId: string, refresh: boolean, signal?: AbortSignal): Promise<Loaded | typeof initialState> {
    if (!courseId) return initialState;
    const roster = await this.#host.load<Roster>(`${this.#path(courseId)}${refresh ? '&refresh=1' : ''}`, signal);
    if (roster === initialState) return roster;
    const first = { ...roster, courseId };
    return this.#after(first, this.#pagesToFilter(first), signal);
  }

  /** The pages after `loaded` that the filter reads, for it to see up to MAX_FILTERED_MEMBERS; none when it is off. */
  #pagesToFilter(loaded: Loaded): number {
    return this.#onlyNotBooked ? Math.ceil((MAX_FILTERED_MEMBERS - loaded.items.length) / PAGE_SIZE) : 0;
  }

  /** `loaded` and up to `pages` pages after it. */
  async #after(loaded: Loaded, pages: number, signal?: AbortSignal): Promise<Loaded> {
    let roster = loaded;
    for (let read = 0; roster.nextCursor && read < pages; read++) {
      const page = await this.#host.load<Roster>(
        `${this.#path(roster.courseId)}&cursor=${encodeURIComponent(roster.nextCursor)}`,
        signal,
      );
      if (page === initialState) break;
      roster = { ...roster, items: [...roster.items, ...page.items], nextCursor: page.nextCursor };
    }
    return roster;
  }

  /**
   * Runs `change` on the roster shown, once at a time; shows what it gives (unless the roster was replaced meanwhile)
   * and says what `said` says of it. A failure is said and the roster stays as it was.
   */
  async #change(
    change: (loaded: Loaded) => Promise<Loaded | typeof initialState>,
    said: (before: Loaded, after: Loaded) => () => string,
  ) {
    const loaded = this.roster.value;
    if (this.#reading || !loaded) return;
    this.#reading = true;
    this.#host.host.requestUpdate();
    try {
      const changed = await change(loaded);
      if (changed === initialState || this.roster.value !== loaded) return;
      this.roster.set(changed);
      this.#host.say(said(loaded, changed));
    } catch (error) {
      this.#host.say(() => describeError(error));
    } finally {
      this.#reading = false;
      this.#host.host.requestUpdate();
    }
  }

  #notBookedCount = (_: Loaded, roster: Loaded) => () => {
    const count = roster.items.filter(notBooked).length;
    return msg('{n, plural, one {# student has not booked yet.} other {# students have not booked yet.}}', { n: count });
  };

  #filter(on: boolean): void {
    this.#onlyNotBooked = on;
    this.#host.host.requestUpdate();
    if (on) this.#change((loaded) => this.#after(loaded, this.#pagesToFilter(loaded)), this.#notBookedCount);
  }

  #refresh(): void {
    this.#change(
      (loaded) => this.#read(loaded.courseId, true),
      this.#onlyNotBooked ? this.#notBookedCount : () => () => msg('Roster updated.'),
    );
  }

  #more(): void {
    this.#change(
      (loaded) => this.#after(loaded, 1),
      (before, after) => () =>
        msg('{n, plural, one {# more shown.} other {# more shown.}}', { n: after.items.length - before.items.length }),
    );
  }

  render() {
    const course = this.#host.course();
    const { value } = this.roster;
    return this.roster.render({
      initial: () => this.#host.skeleton(),
      pending: () => (value?.courseId === course ? this.#renderRoster(value) : this.#host.skeleton()),
      complete: (roster) => this.#renderRoster(roster),
      error: (error) => this.#host.failed(error, () => this.reload()),
    });
  }

  #renderRoster(roster: Loaded) {
    const shown = this.#onlyNotBooked ? roster.items.filter(notBooked) : roster.items;
    return html`<div class="row spread">
        <p part="note" class="muted">${roster.readAt ? html`<time datetime=${roster.readAt}>${updated(roster.readAt)}</time>` : nothing}</p>
        <button part="button" aria-disabled=${this.#reading ? 'true' : 'false'} @click=${() => this.#refresh()}>${msg('Refresh')}</button>
      </div>
      ${
        roster.source === 'none'
          ? html`<p part="note">${msg('The LMS did not share its roster, so these are the people who have used the booking tool in this course.')}</p>`
          : nothing
      }
      <label class="switch"
        ><input type="checkbox" .checked=${this.#onlyNotBooked} @change=${(event: Event) => this.#filter((event.target as HTMLInputElement).checked)} />${msg(
          'Only students not booked yet',
        )}</label
      >
      ${
        shown.length
          ? html`<ul part="list">${shown.map(renderMember)}</ul>`
          : html`<p part="empty" class="muted">${this.#onlyNotBooked ? msg('Every student listed has booked a session.') : msg('No one is listed in this course yet.')}</p>`
      }
      ${
        roster.nextCursor
          ? html`<button part="more" class="more" aria-disabled=${this.#reading ? 'true' : 'false'}
              @click=${() => this.#more()}>${msg('Show more students')}</button>`
          : nothing
      }`;
  }
}

/** The Students view, on the element's `host`. */
export const createView = (host: ViewHost): CourseView => new StudentsView(host);
