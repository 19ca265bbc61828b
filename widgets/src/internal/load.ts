// A value an element loads, loaded again when what it depends on changes: the part of @lit/task the widgets use,
// in a third of the room (all four elements and Lit share a 22 KB budget).
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What a loader gives when there is nothing to load yet (no way to sign in): the load stays initial. */
export const initialState = Symbol('initial');

type State = 'initial' | 'pending' | 'complete' | 'error';
type Loader<A, T> = (args: A, signal: AbortSignal) => Promise<T | typeof initialState>;

export class Load<A extends readonly unknown[], T> implements ReactiveController {
  /** The latest value; kept while loading again, so a live update does not flicker. */
  value?: T;
  error?: unknown;
  #state: State = 'initial';
  #args?: A;
  #runs = 0;
  #abort?: AbortController;
  #done: Promise<unknown> = Promise.resolve();
  readonly #host: ReactiveControllerHost;
  readonly #load: Loader<A, T>;
  readonly #argsOf: () => A;

  /** Loads with `args()` before the host's first update and whenever one of them changes. */
  constructor(host: ReactiveControllerHost, load: Loader<A, T>, args: () => A) {
    this.#host = host;
    this.#load = load;
    this.#argsOf = args;
    host.addController(this);
  }

  hostUpdate(): void {
    const [args, last] = [this.#argsOf(), this.#args];
    if (!last || args.length !== last.length || args.some((arg, i) => arg !== last[i])) this.run(args);
  }

  /** Loads now, abandoning a load under way; resolves once this load has settled. */
  run(args: A = this.#argsOf()): Promise<unknown> {
    this.#args = args;
    this.#abort?.abort();
    const abort = new AbortController();
    const run = ++this.#runs;
    this.#abort = abort;
    this.#state = 'pending';
    this.#host.requestUpdate();
    const settle = (state: State, value?: T, error?: unknown) => {
      if (run !== this.#runs) return;
      [this.#state, this.value, this.error] = [state, value, error];
      this.#host.requestUpdate();
    };
    this.#done = this.#load(args, abort.signal).then(
      (value) => (value === initialState ? settle('initial', this.value) : settle('complete', value)),
      (error) => settle('error', undefined, error),
    );
    return this.#done;
  }

  /** Takes `value` as loaded, abandoning a load under way: an action's answer says what a load would. */
  set(value: T): void {
    this.#abort?.abort();
    this.#runs++;
    [this.#state, this.value, this.error] = ['complete', value, undefined];
    this.#host.requestUpdate();
  }

  /** Settles when the latest load has, a load begun meanwhile included: what it shows then is what it loaded last. */
  get taskComplete(): Promise<unknown> {
    const done = this.#done;
    return done.then(() => (done === this.#done ? undefined : this.taskComplete));
  }

  render(views: { initial(): unknown; pending(): unknown; complete(value: T): unknown; error(error: unknown): unknown }) {
    return this.#state === 'complete' ? views.complete(this.value as T) : views[this.#state](this.error);
  }
}

// A module an element imports the first time a part of it is needed (a form, a panel's body): drawn with the module
// once it has loaded, else a placeholder while it loads and the element's error with a retry if it could not.

/** What shows while the module loads, and when it could not load. */
export interface LazyViews {
  skeleton(): unknown;
  failed(error: unknown, retry: () => void): unknown;
}

export class LazyModule<M> {
  #state?: { module: M } | { failed: unknown } | Promise<unknown>;
  readonly #host: ReactiveControllerHost;
  readonly #import: () => Promise<M>;
  readonly #views: LazyViews;

  /** `load` imports the module; `views` draw its placeholder and its failure. */
  constructor(host: ReactiveControllerHost, load: () => Promise<M>, views: LazyViews) {
    this.#host = host;
    this.#import = load;
    this.#views = views;
  }

  /** The module, once it has loaded. */
  get module(): M | undefined {
    const state = this.#state;
    return state && 'module' in state ? state.module : undefined;
  }

  /**
   * Settles, drawn, once the module has loaded or could not. It is imported the first time; after a failure, again
   * only when `again` (else a retry does it).
   */
  loaded(again = false): Promise<unknown> {
    if (!this.#state || (again && 'failed' in this.#state))
      this.#state = this.#import()
        .then(
          (module) => (this.#state = { module }),
          (failed) => (this.#state = { failed }),
        )
        .finally(() => this.#host.requestUpdate());
    const state = this.#state;
    return state instanceof Promise ? state.then(() => this.#host.updateComplete) : this.#host.updateComplete;
  }

  /** `draw` with the module; else its placeholder (importing it) or its failure, whose retry is `retry`, else a new import. */
  render(draw: (module: M) => unknown, retry?: () => void): unknown {
    const state = this.#state;
    if (state && 'module' in state) return draw(state.module);
    if (state && 'failed' in state)
      return this.#views.failed(
        state.failed,
        retry ??
          (() => {
            this.#state = undefined;
            this.#host.requestUpdate();
          }),
      );
    this.loaded();
    return this.#views.skeleton();
  }
}
