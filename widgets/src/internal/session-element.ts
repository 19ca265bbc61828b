// The base of every widget: configuration, API calls, announcements and the shared states.
import { html, LitElement, nothing, type PropertyDeclarations, type ReactiveControllerHost } from 'lit';
import { callApi, canSignIn, describeError, type Me } from './api.ts';
import { onConfigure, pageSettings, type TokenProvider } from './config.ts';
import { listen, type ResourceEvent, resume } from './live.ts';
import { initialState, Load } from './load.ts';
import { directionOf, inLocale, type Locale, loadLocale, localeOf, msg, onLanguageChange, type Say } from './localize.ts';
import '../locales/en/session-element.js';
import { PagedList } from './paged-list.ts';

/** What a part of an element (a piece with its own data, rendered by the element) may ask of the element. */
export interface PartActions {
  host: ReactiveControllerHost;
  load<T>(path: string, signal?: AbortSignal): Promise<T | typeof initialState>;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  announce(message: Say): void;
  focusOn(selector: string): Promise<HTMLElement | null>;
  /** The element's credentials: a part's data loads again when they change. */
  credentials(): readonly unknown[];
}

/**
 * Escape in an open panel (a `<details>`: Repeat weekly, the booking rules, Earlier, Subscribe in your calendar) closes
 * it, focus back on its summary (its first child). An inline form's Escape goes no further: it closes the form alone.
 */
const closePanel = (event: KeyboardEvent) => {
  const panel = event.key === 'Escape' && (event.composedPath()[0] as Element).closest?.<HTMLDetailsElement>('details[open]');
  if (panel) {
    panel.open = false;
    (panel.firstElementChild as HTMLElement).focus();
  }
};

export abstract class SessionElement extends LitElement {
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    token: {},
    tokenProvider: { attribute: false },
    headingLevel: { attribute: 'heading-level', type: Number },
    announcement: { state: true },
    // Observed so a change of `lang` reaches attributeChangedCallback; HTMLElement's own `lang` property stays.
    lang: { noAccessor: true },
  };

  /** The API's origin; defaults to the origin `widgets.js` was loaded from, then to `configure()`'s. */
  declare apiBase?: string;
  /** A token signed by the host platform for the viewer. */
  declare token?: string;
  /** Returns a fresh token; called when no token is set and again once after a 401. */
  declare tokenProvider?: TokenProvider;
  /** The level of the element's headings (1–6), so they fit the host page's outline. Default: 3. */
  declare headingLevel?: number;
  declare protected announcement?: Say;

  #locale: Locale = 'en';
  #localeLoaded: Promise<void> = Promise.resolve();

  /** The locale the element speaks (see `localeOf`). */
  get locale(): Locale {
    return this.#locale;
  }

  /** Follows a change of `lang` here or above, of `configure({ locale })` or of the browser's language. */
  #followLanguage(): void {
    const locale = localeOf(this, pageSettings().locale);
    if (locale === this.#locale) return;
    this.#locale = locale;
    this.#localeLoaded = loadLocale(locale);
    this.requestUpdate();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'lang') this.#followLanguage();
    else super.attributeChangedCallback(name, old, value);
  }

  /** An update waits for the texts of the element's locale, so it never shows a flash of English. */
  protected override async scheduleUpdate(): Promise<unknown> {
    await this.#localeLoaded;
    return super.scheduleUpdate();
  }

  /** Renders in the element's locale: `msg` and the date formats read it. */
  protected override update(changed: Map<PropertyKey, unknown>): void {
    inLocale(this.#locale, () => super.update(changed));
  }

  /** The attributes of the wrapper of everything: its language and writing direction. */
  protected get speaks() {
    return { lang: this.#locale, dir: directionOf(this.#locale) };
  }

  /** The `aria-level` of the element's headings: `heading-level` within 1–6, else 3. */
  protected get level(): number {
    const level = Math.round(Number(this.headingLevel));
    return level >= 1 && level <= 6 ? level : 3;
  }

  #unsubscribe: (() => void)[] = [];

  constructor() {
    super();
    this.addEventListener('keydown', closePanel);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#followLanguage();
    this.#unsubscribe = [
      onConfigure(() => {
        this.#followLanguage();
        this.reload();
      }),
      onLanguageChange(() => this.#followLanguage()),
      listen(this, (event) => (event.type === 'reset' ? this.reload() : this.onLiveEvent(event))),
    ];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('token') || changed.has('tokenProvider') || changed.has('apiBase')) resume();
  }

  /** Reacts to a change made elsewhere, from the page's shared event stream. */
  protected onLiveEvent(_event: ResourceEvent): void {}

  /** Fetches the element's data again, as after `configure()`. */
  abstract reload(): void;

  /** Loads `path` once the viewer can sign in; until then a task stays in its initial state. */
  protected async load<T>(path: string, signal?: AbortSignal): Promise<T | typeof initialState> {
    return canSignIn(this) ? this.call<T>('GET', path, undefined, signal) : initialState;
  }

  /** A list of `path` read page by page, reloaded when `path` or the credentials change. */
  protected pagedList<T>(path: () => string | undefined, deps: () => readonly unknown[] = () => []): PagedList<T> {
    return new PagedList<T>(
      this,
      (page, signal) => this.load(page, signal),
      path,
      () => [...deps(), ...this.credentials],
    );
  }

  /** "Show more" under a list that has more pages; what came is read out. */
  protected renderMore(list: PagedList<unknown>, label: string) {
    if (!list.hasMore) return nothing;
    const more = async () => {
      try {
        const count = await list.more();
        this.announce(() => msg('{n, plural, one {# more shown.} other {# more shown.}}', { n: count }));
      } catch (error) {
        this.announce(() => describeError(error));
      }
    };
    return html`<button part="more" class="more" ?disabled=${list.loadingMore} @click=${more}>${label}</button>`;
  }

  /** What a data task depends on besides its own arguments: a new token or API base reloads it. */
  protected get credentials() {
    return [this.apiBase, this.token, this.tokenProvider] as const;
  }

  /** Loads the viewer (`GET /api/me`) again whenever the credentials change. */
  protected loadViewer() {
    return new Load(
      this,
      (_args, signal) => this.load<Me>('/api/me', signal),
      () => [...this.credentials] as const,
    );
  }

  protected call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return callApi<T>(this, method, path, body, signal);
  }

  /** Says `message` to screen readers through the element's live region. */
  protected announce(message: Say): void {
    this.announcement = undefined;
    requestAnimationFrame(() => {
      this.announcement = message;
    });
  }

  /** Moves focus to the element matching `selector` once rendered; resolves with it. */
  protected async focusOn(selector: string): Promise<HTMLElement | null> {
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    target?.focus();
    return target;
  }

  /** What the element's parts may ask of it. */
  protected partActions(): PartActions {
    return {
      host: this,
      load: (path, signal) => this.load(path, signal),
      call: (method, path, body) => this.call(method, path, body),
      announce: (message) => this.announce(message),
      focusOn: (selector) => this.focusOn(selector),
      credentials: () => this.credentials,
    };
  }

  protected renderLiveRegion() {
    return html`<div class="sr-only" role="status" aria-live="polite">${this.announcement?.()}</div>`;
  }

  protected renderSkeleton(rows = 3) {
    return html`<div class="skeleton" part="loading" aria-busy="true">
      <span class="sr-only">${msg('Loading…')}</span>${Array.from({ length: rows }, () => html`<div></div>`)}
    </div>`;
  }

  /**
   * A data task as every widget shows it: a placeholder until it has loaded, the previous result
   * while it reloads (no flicker on live updates), an error with a retry.
   */
  protected renderTask<A extends readonly unknown[], T>(task: Load<A, T>, render: (value: T) => unknown, rows = 3) {
    return task.render({
      initial: () => this.renderSkeleton(rows),
      pending: () => (task.value === undefined ? this.renderSkeleton(rows) : render(task.value)),
      complete: render,
      error: (error) => this.renderError(error, () => this.reload()),
    });
  }

  protected renderError(error: unknown, retry: () => void) {
    return html`<div part="error" role="alert" class="row">
      <p class="problem">${describeError(error)}</p>
      <button @click=${retry}>${msg('Try again')}</button>
    </div>`;
  }
}
