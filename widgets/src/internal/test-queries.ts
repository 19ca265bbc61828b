// Test support: find things inside a widget the way a person does, by role-like cues and text, and wait for them.
// biome-ignore lint/style/noRestrictedImports: the one place that sets its patience
import { waitUntil as waitUntilWithin } from '@open-wc/testing';

const root = (el: Element) => (el.shadowRoot ?? el) as ParentNode;

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => root(el).querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...root(el).querySelectorAll<T>(selector)];

/** The button or link whose visible text is `name`. */
export function named(el: Element, name: string | RegExp): HTMLElement | undefined {
  const matches = (node: Element) =>
    typeof name === 'string' ? node.textContent?.trim() === name : name.test(node.textContent ?? '');
  return $$(el, 'button, a').find(matches);
}

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

/** Types into an input as a person would: sets the value and fires input. */
export function type(control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
}
