// A collapsible panel of <availability-manager> (Repeat weekly, the booking rules): its <details> and <summary>
// render at once; its body's module is imported the first time it opens, as the week view's is (week-slot.ts),
// with a placeholder while it loads and a retry if it could not.
import { html, nothing, type ReactiveControllerHost } from 'lit';

/** What the panel shows while its module loads, and when it could not load. */
export interface PanelViews {
  skeleton(): unknown;
  failed(error: unknown, retry: () => void): unknown;
}

export class LazyPanel<M> {
  /** Whether the panel is open; closing it from code takes effect at the next render. */
  open = false;
  #module?: M;
  #loading?: Promise<void>;
  #failed?: { error: unknown };
  readonly #host: ReactiveControllerHost;
  readonly #import: () => Promise<M>;
  readonly #views: PanelViews;

  /** `load` imports the body's module and makes what renders it. */
  constructor(host: ReactiveControllerHost, load: () => Promise<M>, views: PanelViews) {
    this.#host = host;
    this.#import = load;
    this.#views = views;
  }

  /** The panel as `part`, `summary` its summary; `body` renders the open panel's body once its module has loaded. */
  render(part: string, summary: unknown, body: (module: M) => unknown) {
    const toggled = (event: Event) => {
      this.open = (event.target as HTMLDetailsElement).open;
      this.#host.requestUpdate();
    };
    return html`<details part=${part} ?open=${this.open} @toggle=${toggled}>
      <summary>${summary}</summary>
      ${this.open ? this.#body(body) : nothing}
    </details>`;
  }

  #body(body: (module: M) => unknown) {
    if (this.#module) return body(this.#module);
    const failed = this.#failed;
    if (failed)
      return this.#views.failed(failed.error, () => {
        this.#failed = undefined;
        this.#host.requestUpdate();
      });
    this.#loading ??= this.#import().then(
      (module) => {
        this.#module = module;
        this.#host.requestUpdate();
      },
      (error) => {
        this.#failed = { error };
        this.#loading = undefined;
        this.#host.requestUpdate();
      },
    );
    return this.#views.skeleton();
  }
}
