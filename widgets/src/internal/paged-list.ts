// A list read page by page: its task loads as many items as were shown (so a live update keeps what the
// viewer had opened), and `more()` appends the next page on demand.
import type { ReactiveControllerHost } from 'lit';
import { initialState, Load } from './load.ts';

/** One page of a list, as every list endpoint answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Loader = <P>(path: string, signal?: AbortSignal) => Promise<P | typeof initialState>;

const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

export class PagedList<T> {
  readonly task: Load<readonly [string | undefined, ...unknown[]], T[]>;
  readonly #host: ReactiveControllerHost;
  readonly #load: Loader;
  #path?: string;
  #items: T[] = [];
  #nextCursor: string | null = null;
  #loadingMore = false;

  /** `path` is the list without paging (undefined: nothing to load); `deps` reload it when they change. */
  constructor(host: ReactiveControllerHost, load: Loader, path: () => string | undefined, deps: () => readonly unknown[]) {
    this.#host = host;
    this.#load = load;
    this.task = new Load(
      host,
      async ([path], signal) => {
        if (typeof path !== 'string') return [];
        const shown = path === this.#path ? this.#items.length : 0;
        const page = await load<Page<T>>(withQuery(path, `limit=${Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, shown))}`), signal);
        if (page === initialState) return initialState;
        this.#path = path;
        this.#items = page.items;
        this.#nextCursor = page.nextCursor ?? null;
        return this.#items;
      },
      () => [path(), ...deps()] as const,
    );
  }

  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }

  get loadingMore(): boolean {
    return this.#loadingMore;
  }

  /** Appends the next page to the items the task gave; resolves with how many came. */
  async more(): Promise<number> {
    const [path, cursor] = [this.#path, this.#nextCursor];
    if (path === undefined || cursor === null || this.#loadingMore) return 0;
    this.#loadingMore = true;
    this.#host.requestUpdate();
    try {
      const page = await this.#load<Page<T>>(withQuery(path, `cursor=${encodeURIComponent(cursor)}`));
      if (page === initialState || path !== this.#path) return 0;
      this.#items.push(...page.items);
      this.#nextCursor = page.nextCursor ?? null;
      return page.items.length;
    } finally {
      this.#loadingMore = false;
      this.#host.requestUpdate();
    }
  }
}
