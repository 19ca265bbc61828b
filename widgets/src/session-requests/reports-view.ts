// The Reports view of <session-requests> (SPEC 15): the selected course's statistics over the API's default window
// (a year back to a year ahead), by educator too, and Export CSV of its sessions.
import type { CourseStats } from '@one-on-one/contract/resources';
import { css, html, nothing } from 'lit';
import { describeError } from '../internal/api.ts';
import { now } from '../internal/clock.ts';
import { formatNumber, toLocalInputs } from '../internal/format.ts';
import { initialState, Load } from '../internal/load.ts';
import { currentLocale, msg, type Say, str } from '../internal/localize.ts';
import { saveFile } from '../internal/request-parts.ts';
import type { CourseView, ViewHost } from './course-views.ts';

type Loaded = { courseId: string; stats: CourseStats };

const styles = css`
  [aria-disabled='true'] { opacity: 0.55; cursor: progress; }
  .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: var(--_gap); margin: 0; }
  .stats div { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.5rem var(--_gap); }
  dd { margin: 0; font-size: 1.4em; font-weight: 700; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: start; font-weight: 600; padding-block-end: 0.3rem; }
  th, td { text-align: start; padding: 0.35rem 0.5rem; border-block-end: 1px solid var(--_border); }
  td { font-variant-numeric: tabular-nums; }
`;

const percent = (rate: number) =>
  new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(rate);
/** A duration in hours as a person says it: under an hour in whole minutes (at least one), else hours to a tenth. */
const hours = (count: number) => {
  const [unit, value] = count < 1 ? ['minute', Math.max(1, Math.round(count * 60))] : ['hour', count];
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(
    value,
  );
};

/**
 * "sessions-c-101-2031-03-04.csv": the course and the viewer's date, in characters every file system takes; the API's
 * `Content-Disposition` names the file the same way, by the UTC date.
 */
const fileName = (courseId: string) =>
  `sessions-${courseId.replace(/[^\w-]+/g, '-').slice(0, 100)}-${toLocalInputs(new Date(now()).toISOString()).date}.csv`;

const path = (courseId: string, file: string) => `/api/courses/${encodeURIComponent(courseId)}/${file}`;

class ReportsView implements CourseView {
  readonly stats: Load<readonly [string, ...unknown[]], Loaded>;
  readonly #host: ViewHost;
  #exporting = false;
  #problem?: Say;

  constructor(host: ViewHost) {
    this.#host = host;
    host.adopt(styles);
    this.stats = new Load(
      host.host,
      async ([courseId], signal) => {
        if (!courseId) return initialState;
        const stats = await host.load<CourseStats>(path(courseId, 'stats'), signal);
        return stats === initialState ? stats : { courseId: courseId, stats };
      },
      () => [host.course(), ...host.credentials()] as const,
    );
  }

  reload(): void {
    this.stats.run();
  }

  /** Downloads the course's sessions as CSV with the viewer's token; says when it is saved, or why not. */
  async #export(courseId: string): Promise<void> {
    if (this.#exporting) return;
    [this.#exporting, this.#problem] = [true, undefined];
    this.#host.host.requestUpdate();
    try {
      const name = fileName(courseId);
      saveFile(await this.#host.call<Blob>('GET', path(courseId, 'sessions.csv')), name);
      this.#host.say(() => msg(str`Sessions exported to ${name}.`));
    } catch (error) {
      this.#problem = () => describeError(error);
      this.#host.say(this.#problem);
    } finally {
      this.#exporting = false;
      this.#host.host.requestUpdate();
    }
  }

  render() {
    const course = this.#host.course();
    const { value } = this.stats;
    return html`<div class="row spread">
        <p class="muted">${msg('Sessions from a year ago to a year ahead.')}</p>
        <button part="button export" aria-disabled=${this.#exporting ? 'true' : 'false'} aria-describedby="export-problem"
          @click=${() => this.#export(course)}>${msg('Export CSV')}</button>
      </div>
      <p id="export-problem" class="problem">${this.#problem?.() ?? ''}</p>
      ${this.stats.render({
        initial: () => this.#host.skeleton(),
        pending: () => (value?.courseId === course ? this.#renderStats(value.stats) : this.#host.skeleton()),
        complete: (loaded) => this.#renderStats(loaded.stats),
        error: (error) => this.#host.failed(error, () => this.reload()),
      })}`;
  }

  #renderStats(stats: CourseStats) {
    const figures: [string, string][] = [
      [msg('Requests'), formatNumber(stats.requested)],
      [msg('Requests approved'), formatNumber(stats.approved)],
      [msg('Sessions attended'), formatNumber(stats.attended)],
      [msg('Sessions missed'), formatNumber(stats.missed)],
      [msg('Attendance rate'), stats.attendanceRate === null ? msg('No attendance recorded yet') : percent(stats.attendanceRate)],
      [
        msg('Median time to decision'),
        stats.medianHoursToDecision === null ? msg('No decisions yet') : hours(stats.medianHoursToDecision),
      ],
    ];
    return html`<dl part="stats" class="stats">
        ${figures.map(([label, figure]) => html`<div><dt>${label}</dt><dd>${figure}</dd></div>`)}
      </dl>
      ${
        stats.byEducator.length
          ? html`<table class="by-educator">
              <caption>${msg('By educator')}</caption>
              <thead><tr><th scope="col">${msg('Educator')}</th><th scope="col">${msg('Requests approved')}</th><th scope="col">${msg('Sessions attended')}</th></tr></thead>
              <tbody>
                ${stats.byEducator.map(
                  (row) => html`<tr>
                    <th scope="row"><bdi>${row.educatorName ?? row.educatorId}</bdi></th>
                    <td>${formatNumber(row.approved)}</td>
                    <td>${formatNumber(row.attended)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : nothing
      }`;
  }
}

/** The Reports view, on the element's `host`. */
export const createView = (host: ViewHost): CourseView => new ReportsView(host);
