// The views of <session-requests> (SPEC 16): the Agenda, and for an educator of a course its Students and Reports,
// as tabs (the ARIA tabs pattern). Students and Reports are modules of their own, loaded when first opened.
import { type CSSResult, html } from 'lit';
import { LazyModule } from '../internal/load.ts';
import { msg, type Say } from '../internal/localize.ts';
import type { PartActions } from '../internal/session-element.ts';

export const VIEWS = ['agenda', 'students', 'reports'] as const;
export type View = (typeof VIEWS)[number];
type CourseViewName = Exclude<View, 'agenda'>;

/**
 * What a course view may ask of the element. The view is a chunk of its own, and widgets.js shortens the names in
 * scripts/internal-members.ts; so it reaches the element only through these members, none of them shortened.
 */
export interface ViewHost extends Pick<PartActions, 'host' | 'load' | 'call' | 'credentials'> {
  /** The course the view shows, or '' while another view is shown (nothing to load then). */
  course(): string;
  /** Says `message` through the element's live region. */
  say(message: Say): void;
  /** The element's placeholder while loading. */
  skeleton(): unknown;
  /** The element's error with a retry. */
  failed(error: unknown, retry: () => void): unknown;
  /** Adds the view's own styles to the element's. */
  adopt(styles: CSSResult): void;
}

/** A view of a course, made once its module has loaded. */
export interface CourseView {
  render(): unknown;
  /** Loads its data again, as after `configure()`. */
  reload(): void;
}

const modules: Record<CourseViewName, () => Promise<{ createView(host: ViewHost): CourseView }>> = {
  students: () => import('./students-view.ts'),
  reports: () => import('./reports-view.ts'),
};

/** The next tab is to the right of the current one, left to right; to its left, right to left. */
const ARROWS: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };

const labels: Record<View, Say> = {
  agenda: () => msg('Agenda'),
  students: () => msg('Students'),
  reports: () => msg('Reports'),
};

/** What the tabs need of the element besides a view's host. */
export interface TabsHost {
  /** A course view's host: its `course()` is the selected course while `view` is shown. */
  hostOf(view: CourseViewName): ViewHost;
  select(view: View): void;
  focusOn(selector: string): Promise<HTMLElement | null>;
  rtl(): boolean;
}

export class CourseViews {
  /** Each course view opened so far: its module, loaded the first time (internal/load.ts), then the view it made. */
  readonly #views = new Map<CourseViewName, LazyModule<CourseView>>();
  readonly #host: TabsHost;

  constructor(host: TabsHost) {
    this.#host = host;
  }

  /** The tab list; arrow keys (mirrored right to left), Home and End move to a tab and show its view. */
  renderTabs(current: View) {
    const keydown = (event: KeyboardEvent) => {
      const step = (ARROWS[event.key] ?? 0) * (this.#host.rtl() ? -1 : 1);
      const at = VIEWS.indexOf(current);
      const to = event.key === 'Home' ? 0 : event.key === 'End' ? VIEWS.length - 1 : step ? at + step : undefined;
      if (to === undefined) return;
      event.preventDefault();
      const next = VIEWS[(to + VIEWS.length) % VIEWS.length];
      this.#host.select(next);
      this.#host.focusOn(`#tab-${next}`);
    };
    return html`<div role="tablist" part="tabs" class="tabs" aria-label=${msg('Views')} @keydown=${keydown}>
      ${VIEWS.map(
        (view) => html`<button role="tab" part="tab" id="tab-${view}" aria-selected=${view === current ? 'true' : 'false'}
          aria-controls="panel" tabindex=${view === current ? 0 : -1} @click=${() => this.#host.select(view)}>${labels[view]()}</button>`,
      )}
    </div>`;
  }

  /** A course view: its placeholder while its module loads, a retry if it could not. */
  render(name: CourseViewName) {
    let view = this.#views.get(name);
    if (!view) {
      const host = this.#host.hostOf(name);
      view = new LazyModule(host.host, async () => (await modules[name]()).createView(host), host);
      this.#views.set(name, view);
    }
    return view.render((shown) => shown.render());
  }

  /** Loads the views again (as after `configure()`), or only `name`. */
  reload(name?: CourseViewName): void {
    for (const [shown, view] of this.#views) if (!name || shown === name) view.module?.reload();
  }
}
