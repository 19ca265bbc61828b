// The base of every widget: configuration, API calls, announcements and the shared states.
import { initialState, Task } from '@lit/task';
import { html, LitElement, type PropertyDeclarations } from 'lit';
import { callApi, describeError, type Me } from './api.ts';
import { onConfigure, pageSettings, type TokenProvider } from './config.ts';

export abstract class SessionElement extends LitElement {
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    token: {},
    tokenProvider: { attribute: false },
    announcement: { state: true },
  };

  /** The API's origin; defaults to the origin `widgets.js` was loaded from, then to `configure()`'s. */
  declare apiBase?: string;
  /** A token signed by the host platform for the viewer. */
  declare token?: string;
  /** Returns a fresh token; called when no token is set and again once after a 401. */
  declare tokenProvider?: TokenProvider;
  declare protected announcement: string;

  #unsubscribe?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = onConfigure(() => this.reload());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
  }

  /** Fetches the element's data again, as after `configure()`. */
  abstract reload(): void;

  /** A token or a way to get one is set, here or page-wide; until then the widget waits, calling nothing. */
  protected get canSignIn(): boolean {
    const page = pageSettings();
    return Boolean(this.token ?? this.tokenProvider ?? page.token ?? page.tokenProvider);
  }

  /** Loads `path` once the viewer can sign in; until then a task stays in its initial state. */
  protected async load<T>(path: string, signal: AbortSignal): Promise<T | typeof initialState> {
    return this.canSignIn ? this.call<T>('GET', path, undefined, signal) : initialState;
  }

  /** Loads the `items` of a list, as `load` does. */
  protected async loadItems<T>(path: string, signal: AbortSignal): Promise<T[] | typeof initialState> {
    const page = await this.load<{ items: T[] }>(path, signal);
    return page === initialState ? page : page.items;
  }

  /** What a data task depends on besides its own arguments: a new token or API base reloads it. */
  protected get credentials() {
    return [this.apiBase, this.token, this.tokenProvider] as const;
  }

  /** Loads the viewer (`GET /api/me`) again whenever the credentials change. */
  protected loadViewer() {
    return new Task(this, {
      task: (_args, { signal }) => this.load<Me>('/api/me', signal),
      args: () => [...this.credentials] as const,
    });
  }

  protected call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return callApi<T>(this, method, path, body, signal);
  }

  /** Says `message` to screen readers through the element's live region. */
  protected announce(message: string): void {
    this.announcement = '';
    requestAnimationFrame(() => {
      this.announcement = message;
    });
  }

  /** Moves focus to the element matching `selector` once rendered. */
  protected async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  protected renderLiveRegion() {
    return html`<div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>`;
  }

  protected renderSkeleton(rows = 3) {
    return html`<div class="skeleton" part="loading" aria-busy="true">
      <span class="sr-only">Loading…</span>${Array.from({ length: rows }, () => html`<div></div>`)}
    </div>`;
  }

  protected renderError(error: unknown, retry: () => void) {
    return html`<div part="error" role="alert" class="row">
      <p class="problem">${describeError(error)}</p>
      <button @click=${retry}>Try again</button>
    </div>`;
  }
}
