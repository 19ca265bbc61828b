// A collapsible panel of <availability-manager> (Repeat weekly, the booking rules): its <details> and <summary>
// render at once; its body's module is imported the first time it opens (internal/load.ts), with a
// placeholder while it loads and a retry if it could not.
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { LazyModule, type LazyViews } from '../internal/load.ts';

/** What the panel shows while its module loads, and when it could not load. */
export type PanelViews = LazyViews;

export class LazyPanel<M> {
  /** Whether the panel is open; closing it from code takes effect at the next render. */
  open = false;
  readonly #host: ReactiveControllerHost;
  readonly #body: LazyModule<M>;

  /** `load` imports the body's module and makes what renders it. */
  constructor(host: ReactiveControllerHost, load: () => Promise<M>, views: PanelViews) {
    this.#host = host;
    this.#body = new LazyModule(host, load, views);
  }

  /** The panel as `part`, `summary` its summary; `body` renders the open panel's body once its module has loaded. */
  render(part: string, summary: unknown, body: (module: M) => unknown) {
    const toggled = (event: Event) => {
      this.open = (event.target as HTMLDetailsElement).open;
      this.#host.requestUpdate();
    };
    return html`<details part=${part} ?open=${this.open} @toggle=${toggled}>
      <summary>${summary}</summary>
      ${this.open ? this.#body.render(body) : nothing}
    </details>`;
  }
}
