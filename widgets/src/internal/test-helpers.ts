// Test support: mount a widget against the stand-in API and find things inside it the way a person does, by
// role-like cues and text. Never bundled.
// biome-ignore lint/style/noRestrictedImports: the one place that sets its patience
import { fixture, waitUntil as waitUntilWithin } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { type FakeApi, fakeApi, type Routes } from './fake-api.ts';

const root = (el: Element) => (el.shadowRoot ?? el) as ParentNode;

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => root(el).querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...root(el).querySelectorAll<T>(selector)];

/** The button or link whose visible text is `name`. */
export function named(el: Element, name: string | RegExp): HTMLElement | undefined {
  const matches = (node: Element) =>
    typeof name === 'string' ? node.textContent?.trim() === name : name.test(node.textContent ?? '');
  return $$(el, 'button, a').find(matches);
}

/** The button inside `item` (a part of a widget) whose visible text is `name`. */
export const within = (item: HTMLElement, name: string) =>
  [...item.querySelectorAll('button')].find((button) => button.textContent?.trim() === name) as HTMLButtonElement;

/** The list item of the request or slot `id`: its title's id is `r-` or `s-` and the resource's id. */
export const itemOf = (el: Element, id: string) => $(el, `#r-${id}, #s-${id}`)?.closest('li') as HTMLElement;

/** The form control labelled `label`. */
export function labelled<T extends HTMLElement = HTMLInputElement>(el: Element, label: string | RegExp): T {
  const found = $$<HTMLLabelElement>(el, 'label').find((node) =>
    typeof label === 'string' ? node.textContent?.trim().startsWith(label) : label.test(node.textContent ?? ''),
  );
  const control = found?.querySelector('input, select, textarea') as T | null;
  if (!control) throw new Error(`no control labelled ${label}`);
  return control;
}

/**
 * Waits until `predicate` holds, failing with `message` after a minute. @open-wc's own waitUntil gives up after one
 * second, which a render on a busy two-core machine can take; what a test waits for happens or the test fails.
 */
export const waitUntil = (predicate: () => unknown, message?: string) => waitUntilWithin(predicate, message, { timeout: 60_000 });

/** Waits until `text` shows inside the widget. */
export const waitForText = (el: Element, text: string) =>
  waitUntil(() => (el.shadowRoot?.textContent ?? '').includes(text), `"${text}" never showed`);

/** Waits until the widget has loaded: its placeholders gone, it shows its list, an empty message, statistics or an error. */
export const loaded = (el: Element) =>
  waitUntil(
    () => $(el, '[part~=list], [part~=empty], [part~=stats], [part~=error]') && !$(el, '[part~=loading]'),
    'never loaded',
  );

/** Types into an input as a person would: sets the value and fires input. */
export function type(control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
}

/**
 * The widget of a describe block's tests, against the stand-in API. `mount(routes)` serves `routes` over
 * `defaults`, renders `template` and waits until it has loaded; `api` holds the calls of the current test's
 * stand-in. The page's own fetch is back after each test.
 */
export function widgetUnderTest<T extends HTMLElement>(template: TemplateResult, defaults: Routes = {}) {
  let current: FakeApi | undefined;
  const restore = () => {
    current?.restore();
    current = undefined;
  };
  afterEach(restore);
  const standIn = () => {
    if (!current) throw new Error('no widget mounted yet');
    return current;
  };
  const api: Pick<FakeApi, 'calls' | 'callsTo'> = {
    get calls() {
      return standIn().calls;
    },
    callsTo: (method, prefix) => standIn().callsTo(method, prefix),
  };
  async function mount(routes: Routes = {}): Promise<T> {
    restore();
    current = fakeApi({ ...defaults, ...routes });
    const el = await fixture<T>(template);
    await loaded(el);
    return el;
  }
  return { api, mount };
}

/**
 * The clipboard of a describe block's tests: `copied` holds what each test wrote to it; with `refused` set the
 * browser refuses, as one that does not allow the page to write. The browser's own is back after each test.
 */
export function stubbedClipboard() {
  const clipboard = { copied: [] as string[], refused: false };
  beforeEach(() => {
    Object.assign(clipboard, { copied: [], refused: false });
    Object.defineProperty(navigator.clipboard, 'writeText', {
      configurable: true,
      value: async (text: string) => {
        if (clipboard.refused) throw new DOMException('Write permission denied.', 'NotAllowedError');
        clipboard.copied.push(text);
      },
    });
  });
  afterEach(() => Reflect.deleteProperty(navigator.clipboard, 'writeText'));
  return clipboard;
}

/**
 * The files the widget of a describe block's tests saves (a link with `download` clicked on an object URL), each with
 * its name and content, in place of the browser's downloads. The browser's own are back after each test.
 */
export function capturedDownloads() {
  const saved: { name: string; file: Blob | undefined }[] = [];
  const { createObjectURL } = URL;
  const { click } = HTMLAnchorElement.prototype;
  beforeEach(() => {
    saved.length = 0;
    const files = new Map<string, Blob>();
    URL.createObjectURL = (file: Blob | MediaSource) => {
      const url = createObjectURL(file);
      if (file instanceof Blob) files.set(url, file);
      return url;
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) saved.push({ name: this.download, file: files.get(this.href) });
      else click.call(this);
    };
  });
  afterEach(() => {
    URL.createObjectURL = createObjectURL;
    HTMLAnchorElement.prototype.click = click;
  });
  return saved;
}
