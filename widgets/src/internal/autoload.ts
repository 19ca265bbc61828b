// Defines custom elements on demand: a tag's module is imported the first time the tag is in a watched root (the
// document from the start, and every root given to `discover`), then the tag is defined unless its name is taken.
// Tags found at once, before any has loaded, load from one file when the build made one for them.

/** Each tag and how to load its element's class. */
export type ElementLoaders = Record<string, () => Promise<CustomElementConstructor>>;

/**
 * Loads the file that holds the elements of a set of tags, if there is one: the set is a bit per tag, in alphabetical
 * order (`book-session` and `my-session-requests` of the four: 0b0110); the module exports each class under its tag.
 */
export type TogetherLoader = (set: number) => Promise<Record<string, CustomElementConstructor>> | undefined;

/** Finds the tags in `root` and what is added to it later; resolves once each tag found there is defined. */
export type Discover = (root: Document | DocumentFragment | Element) => Promise<void>;

/**
 * Watches the document for the tags of `loaders` and returns `discover`, which does the same for another root
 * (a shadow root, which the document's watch cannot see into). `alongside` runs as elements' code starts to load,
 * to fetch meanwhile what they will need. A tag whose module fails to load is tried again the next time it appears;
 * the watch ends once every tag is defined.
 */
export function autoload(
  loaders: ElementLoaders,
  alongside: () => unknown = () => {},
  together: TogetherLoader = () => undefined,
): Discover {
  const tags = Object.keys(loaders);
  const bits = [...tags].sort();
  const loading = new Map<string, Promise<void>>();
  const pending = () => tags.filter((tag) => !customElements.get(tag));

  /** Starts loading the code of the tags in `found` (any order, repeats) that are not loading yet. */
  const load = (found: string[]) => {
    const wanted = tags.filter((tag) => found.includes(tag) && !loading.has(tag));
    if (!wanted.length) return;
    alongside();
    const classes = !loading.size && together(wanted.reduce((set, tag) => set | (1 << bits.indexOf(tag)), 0));
    for (const tag of wanted) {
      const defined = (classes ? classes.then((module) => module[tag]) : loaders[tag]()).then((element) => {
        if (!customElements.get(tag)) customElements.define(tag, element);
        if (!pending().length) observer.disconnect();
      });
      loading.set(tag, defined);
      defined.catch((error: unknown) => {
        loading.delete(tag);
        console.error(`<${tag}> could not be loaded.`, error);
      });
    }
  };

  /** The tags among `wanted` that `node` is or holds (outside its shadow roots); a text node holds none. */
  const found = (node: Node, wanted: string[]) =>
    wanted.filter((tag) => (node as Element).localName === tag || (node as ParentNode).querySelector?.(tag));

  const observer = new MutationObserver((records) => {
    const wanted = pending();
    load(records.flatMap(({ addedNodes }) => [...addedNodes].flatMap((node) => found(node, wanted))));
  });

  const watch = (root: Node) => {
    const tagsHere = pending();
    if (tagsHere.length) observer.observe(root, { childList: true, subtree: true });
    const here = found(root, tagsHere);
    load(here);
    return here.map((tag) => loading.get(tag));
  };
  watch(document);
  return (root) => Promise.all(watch(root)).then(() => undefined);
}
