// Where <availability-manager>'s week goes: whether it shows (its `view`, else its width: the week from 48rem), and
// the week view's module, loaded the first time the week shows (internal/load.ts's LazyModule).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LazyModule } from '../internal/load.ts';
import type { WeekHost, WeekView } from './week-view.ts';

type Host = ReactiveControllerHost & HTMLElement & { view?: string };

export class WeekSlot implements ReactiveController {
  readonly #host: Host;
  readonly #view: LazyModule<WeekView>;
  #wide = false;
  readonly #resize = new ResizeObserver(([entry]) => this.#measure(entry.contentRect.width));

  /** `parts` is what the week asks of the element, made when its module has loaded. */
  constructor(host: Host, parts: () => WeekHost) {
    this.#host = host;
    this.#view = new LazyModule(host, async () => (await import('./week-view.ts')).createWeek(parts()), {
      skeleton: () => parts().skeleton(),
      failed: (error, retry) => parts().failed(error, retry),
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.#resize.observe(this.#host);
    this.#measure(this.#host.getBoundingClientRect().width);
  }

  hostDisconnected(): void {
    this.#resize.disconnect();
  }

  #measure(width: number): void {
    const wide = width >= 48 * Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
    // The next frame: drawn while the observer delivers, the new height would be a notification left undelivered.
    if (wide !== this.#wide) requestAnimationFrame(() => this.#host.requestUpdate());
    this.#wide = wide;
  }

  /** Whether the week shows rather than the list. */
  get shown(): boolean {
    const view = this.#host.view;
    return view === 'week' || (view !== 'list' && this.#wide);
  }

  /** The week; a placeholder while its module loads, a retry if it could not. */
  render() {
    return this.#view.render((week) => week.render());
  }

  reload(): void {
    this.#view.module?.reload();
  }
}
