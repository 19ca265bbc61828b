// Shortens the widgets' private CSS custom properties (`--_accent`, `--_gap`: the theme tokens after their
// fallbacks, set on each element's :host) in every chunk of widgets.js, each to the same short name everywhere
// (`--_0`), from one table made before the first chunk is rendered. The public ones (`--oo-accent`) stay as they are.
import type { Plugin } from 'vite';

const PRIVATE = /--_([a-z][a-z-]*)/g;

/** The plugin: every chunk `shorten(chunkName)` accepts gets the short names. */
export function shortenProperties(shorten: (chunkName: string) => boolean): Plugin {
  const names = new Map<string, string>();
  return {
    name: 'shorten-properties',
    renderStart() {
      const used = new Set<string>();
      for (const id of this.getModuleIds()) {
        for (const [, name] of this.getModuleInfo(id)?.code?.matchAll(PRIVATE) ?? []) used.add(name);
      }
      names.clear();
      for (const name of [...used].sort()) names.set(name, names.size.toString(36));
    },
    renderChunk(code, chunk) {
      if (!shorten(chunk.name)) return null;
      return {
        code: code.replace(PRIVATE, (whole, name: string) => (names.has(name) ? `--_${names.get(name)}` : whole)),
        map: null,
      };
    },
  };
}
