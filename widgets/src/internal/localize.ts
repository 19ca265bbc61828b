// The widgets' languages. Each element speaks its own locale (SPEC 11): its `lang`, else `configure({ locale })`,
// else the nearest ancestor's `lang`, else the browser's. English is built in; the other locales are modules
// next to `widgets.js`, loaded the first time an element needs one. `msg` reads the texts of the element being
// rendered, so two elements in two languages can share a page. The texts are ICU MessageFormat, compiled at build
// (scripts/locales.mjs): a locale module maps a text's key to its translation, a string or a function of the values.
/** The locales the widgets speak, English first. */
export const LOCALES = ['en', 'es', 'fr', 'de', 'pt-BR', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text computed when it is shown, so it is always in the language the element speaks then. */
export type Say = () => string;

/** A text with values: its pieces around them. The catalog numbers the values: `Published: {0}.` */
export interface Template {
  strings: readonly string[];
  values: unknown[];
}

/** Tags a text with values for `msg`: msg(str`Published: ${count}.`). */
export const str = (strings: TemplateStringsArray, ...values: unknown[]): Template => ({ strings, values });

/** A locale's texts by `textKey`: a string, or a function of the message's values. */
type Templates = Record<string, string | ((values: Record<string, unknown> | unknown[]) => string)>;

const modules: Record<Exclude<Locale, 'en'>, () => Promise<{ templates: Templates }>> = {
  es: () => import('../locales/es.js'),
  fr: () => import('../locales/fr.js'),
  de: () => import('../locales/de.js'),
  'pt-BR': () => import('../locales/pt-BR.js'),
  ar: () => import('../locales/ar.js'),
};

const loaded = new Map<Locale, Templates | undefined>([['en', undefined]]);
const loading = new Map<Locale, Promise<void>>();

/** English's compiled plurals and selects: each file's module (`../locales/en/<file>.js`) adds its own. */
export const english: Templates = {};

let speaking: { locale: Locale; templates?: Templates } = { locale: 'en' };

/** A text's ICU source: a `str` template numbers its values, `{0}`, `{1}` … */
const sourceOf = (text: string | Template) =>
  typeof text === 'string' ? text : text.strings.reduce((joined, piece, i) => `${joined}{${i - 1}}${piece}`);

/**
 * The key of a text in a locale module: FNV-1a (32 bits) of its ICU source, reduced to five base-36 digits, which
 * keep each locale module a tenth smaller than the hash's seven. `scripts/messages.mjs` keys the catalog the same way
 * and fails on a collision (for 250 texts in 36⁵ keys, about one chance in two thousand).
 */
export function textKey(text: string | Template): string {
  const source = sourceOf(text);
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 16777619);
  return ((hash >>> 0) % 36 ** 5).toString(36);
}

/**
 * The text in the locale being rendered (see `inLocale`), with its values; English outside a render. A plural or a
 * select names its values: msg('{n, plural, one {# time} other {# times}}', { n }).
 */
export function msg(text: string | Template, values?: Record<string, unknown>): string {
  const key = textKey(text);
  const found = speaking.templates?.[key] ?? english[key];
  if (typeof found === 'function') return found(values ?? (text as Template).values);
  if (found !== undefined) return found;
  if (typeof text === 'string') return text;
  return text.strings.reduce((joined, piece, i) => `${joined}${text.values[i - 1]}${piece}`);
}

/** The locale whose texts `msg` gives now: dates and numbers follow it. */
export const currentLocale = (): Locale => speaking.locale;

/** Runs `render` speaking `locale` (loaded, else English). */
export function inLocale<T>(locale: Locale, render: () => T): T {
  const outer = speaking;
  speaking = loaded.has(locale) ? { locale, templates: loaded.get(locale) } : { locale: 'en' };
  try {
    return render();
  } finally {
    speaking = outer;
  }
}

/** Loads `locale`'s texts once; if they cannot be loaded, the element stays in English and tries again later. */
export function loadLocale(locale: Locale): Promise<void> {
  if (loaded.has(locale)) return Promise.resolve();
  const pending =
    loading.get(locale) ??
    modules[locale as Exclude<Locale, 'en'>]().then(
      (module) => void loaded.set(locale, module.templates),
      () => void loading.delete(locale),
    );
  loading.set(locale, pending);
  return pending;
}

/** The known locale a language tag means: itself, else one of the same language (`es-MX` → `es`), else none. */
export function knownLocale(tag: string | null | undefined): Locale | undefined {
  const wanted = tag?.toLowerCase();
  const language = wanted?.split('-')[0];
  return LOCALES.find((locale) => locale.toLowerCase() === wanted) ?? LOCALES.find((locale) => locale.split('-')[0] === language);
}

/**
 * The locale an element speaks: the first of its `lang`, the page's `configure({ locale })`, its nearest
 * ancestor's `lang` (up to the document's, across shadow roots) and the browser's language that is set, read as
 * a known locale, else English.
 */
export function localeOf(element: Element, pageLocale: string | undefined): Locale {
  let tag: string | null | undefined = element.getAttribute('lang') || pageLocale;
  for (let node: Node | null = element; !tag && node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    tag = node instanceof Element ? node.getAttribute('lang') : '';
  }
  return knownLocale(tag || navigator.language) ?? 'en';
}

/** Arabic is written right to left. */
export const directionOf = (locale: Locale): 'ltr' | 'rtl' => (locale === 'ar' ? 'rtl' : 'ltr');

const watchers = new Set<() => void>();
let observing = false;
const notify = () => {
  for (const watcher of watchers) watcher();
};

/**
 * Calls `changed` whenever a `lang` attribute in the document changes or the browser's language does;
 * returns the unsubscribe function. One observer serves every element.
 */
export function onLanguageChange(changed: () => void): () => void {
  if (!observing) {
    observing = true;
    new MutationObserver(notify).observe(document, { attributeFilter: ['lang'], subtree: true });
    addEventListener('languagechange', notify);
  }
  watchers.add(changed);
  return () => watchers.delete(changed);
}
