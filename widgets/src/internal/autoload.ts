// Defines custom elements on demand: a tag's module is imported the first time the tag is in a watched root (the
// document from the start, and every root given to `discover`), then the tag is defined unless its name is taken.

/** Each tag and how to load its element's class. */
export type ElementLoaders = Record<string, () => Promise<CustomElementConstructor>>;

/** Finds the tags in `root` and what is added to it later; resolves once each tag found there is defined. */
export type Discover = (root: Document | DocumentFragment | Element) => Promise<void>;

/**
 * Watches the document for the tags of `loaders` and returns `discover`, which does the same for another root
 * (a shadow root, which the document's watch cannot see into). `alongside` runs as an element's code starts to
 * load, to fetch meanwhile what the element will need. A tag whose module fails to load is tried again the next
 * time it appears; the watch ends once every tag is defined.
 */
export function autoload(loaders: ElementLoaders, alongside: () => unknown = () => {}): Discover {
  const tags = Object.keys(loaders);
  const loading = new Map<string, Promise<void>>();
  const pending = () => tags.filter((tag) => !customElements.get(tag));

  const define = (tag: string): Promise<void> => {
    let defined = loading.get(tag);
    if (!defined) {
      alongside();
      defined = loaders[tag]().then((element) => {
        if (!customElements.get(tag)) customElements.define(tag, element);
        if (!pending().length) observer.disconnect();
      });
      loading.set(tag, defined);
      defined.catch((error: unknown) => {
        loading.delete(tag);
        console.error(`<${tag}> could not be loaded.`, error);
      });
    }
    return defined;
  };

  /** The tags among `wanted` that `node` is or holds (outside its shadow roots); a text node holds none. */
  const found = (node: Node, wanted: string[]) =>
    wanted.filter((tag) => (node as Element).localName === tag || (node as ParentNode).querySelector?.(tag));

  const observer = new MutationObserver((records) => {
    const wanted = pending().filter((tag) => !loading.has(tag));
    for (const { addedNodes } of records) for (const node of addedNodes) found(node, wanted).map(define);
  });

  const watch = (root: Node) => {
    const tagsHere = pending();
    if (tagsHere.length) observer.observe(root, { childList: true, subtree: true });
    return found(root, tagsHere).map(define);
  };
  watch(document);
  return (root) => Promise.all(watch(root)).then(() => undefined);
}
