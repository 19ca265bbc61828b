// How widgets.js is split, from the module graph. The loader (the entry) imports each element on demand. One shared
// chunk holds what the loader's exports need (configuration, the API client, the texts, the events) and what
// `<book-session>` needs that another element needs too (Lit, the element base, formats), and any small module
// (under 1 KB) two elements share: a page with only `<book-session>`, the one SPEC 17 budgets, loads widgets.js,
// that chunk and its own. The rest goes by who uses it
// (the bundler's own splitting): code one element uses is in that element's chunk, code that other elements share
// in a chunk per set of users, and what an element imports on demand (a view, a locale) apart. Each chunk a page
// loads costs it its own compression, so there are few.
import type { Plugin } from 'vite';

/** The element whose page the shared chunk is cut for. */
const AROUND = /[\\/]book-session[\\/]book-session\.ts$/;
/** The loaders of the files that hold several elements (scripts/together.ts): in widgets.js, whose name has no hash. */
const TOGETHER = /[\\/]src[\\/]internal[\\/]together\.ts$/;
/** A module smaller than this (bytes of code) is not worth a chunk of its own. */
const SMALL = 1024;

/** The shared chunk's group for `output.codeSplitting`, and the plugin that reads the module graph for it. */
export function sharedChunk(): { plugin: Plugin; group: { name: (id: string) => string | null } } {
  const shared = new Set<string>();
  const plugin: Plugin = {
    name: 'shared-chunk',
    buildEnd() {
      const info = (id: string) => this.getModuleInfo(id);
      /** `id` and every module it imports statically, recursively. */
      const reach = (id: string, into = new Set<string>()) => {
        if (!into.has(id)) {
          into.add(id);
          for (const imported of info(id)?.importedIds ?? []) reach(imported, into);
        }
        return into;
      };
      const entry = [...this.getModuleIds()].find((id) => info(id)?.isEntry) as string;
      const loader = reach(entry);
      // The elements: what the loader imports on demand, the locales aside.
      const elements = [...loader]
        .flatMap((id) => info(id)?.dynamicallyImportedIds ?? [])
        .filter((id) => !/[\\/]locales[\\/]/.test(id));
      const around = elements.find((id) => AROUND.test(id));
      if (!around) throw new Error('The loader does not import <book-session>');
      const others = elements.filter((id) => id !== around).map((id) => reach(id));
      for (const id of loader) if (id !== entry && !TOGETHER.test(id)) shared.add(id);
      for (const id of reach(around)) if (others.some((element) => element.has(id))) shared.add(id);
      const users = new Map<string, number>();
      for (const element of [reach(around), ...others]) for (const id of element) users.set(id, (users.get(id) ?? 0) + 1);
      for (const [id, count] of users) if (count >= 2 && (info(id)?.code?.length ?? 0) < SMALL) shared.add(id);
    },
  };
  return { plugin, group: { name: (id) => (shared.has(id) ? 'shared' : null) } };
}
