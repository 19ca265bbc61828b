// Page-wide configuration shared by every widget: where the API is and how to get a token.

/** Returns a fresh token from the host platform's backend. */
export type TokenProvider = () => string | Promise<string>;

export interface WidgetConfig {
  /** The API's origin; defaults to the origin `widgets.js` was loaded from. */
  apiBase?: string;
  /** A token signed by the host platform. */
  token?: string;
  /** Called for a token when none is set, and again once after a 401. */
  tokenProvider?: TokenProvider;
  /** The viewer's IANA time zone (e.g. from their LMS profile); defaults to the browser's. */
  timeZone?: string;
  /**
   * The language of every widget on the page that has no `lang` of its own, as a BCP 47 tag (`es`, `pt-BR`);
   * defaults to the nearest `lang` above the widget, then the browser's language.
   */
  locale?: string;
}

const pageConfig: WidgetConfig = {};
const listeners = new Set<() => void>();

/** Sets the API base, token, token provider, time zone or locale for every widget on the page; they reload. */
export function configure(config: WidgetConfig): void {
  Object.assign(pageConfig, config);
  for (const listener of listeners) listener();
}

export const pageSettings = (): Readonly<WidgetConfig> => pageConfig;

/** Calls `listener` whenever `configure` runs; returns the unsubscribe function. */
export function onConfigure(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** One deployment is one origin, so the API lives where this bundle came from. */
export const bundleOrigin = new URL(import.meta.url).origin;
