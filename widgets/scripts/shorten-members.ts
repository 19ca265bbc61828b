// Shortens the elements' internal member names (INTERNAL_MEMBERS) in every chunk of widgets.js, each to the same
// short name in every chunk: one name cache for the whole build, made before the first chunk is minified, from the
// property names of every module of the build, so that no short name is one the code already uses. Terser also
// runs its two compress passes here, before the bundler's own minification.
import { type ManglePropertiesOptions, minify } from 'terser';
import type { Plugin } from 'vite';
import { INTERNAL_MEMBERS } from './internal-members.ts';

/** Terser's property name cache: `$name` → short name. */
type NameCache = Record<string, string>;

const regex = new RegExp(`^(${INTERNAL_MEMBERS.join('|')})$`);

/** The property names terser sees in `code` and the cache of what it renamed, with `mangle.properties`. */
async function renameProperties(code: string, options: ManglePropertiesOptions, cache: NameCache = {}) {
  const props = { props: { ...cache } as NameCache | Map<string, string> };
  const properties = { ...options, cache: props } as ManglePropertiesOptions;
  const result = await minify(code, { module: true, ecma: 2020, compress: false, mangle: { properties } });
  return {
    code: result.code as string,
    cache: Object.fromEntries([...(props.props as Map<string, string>)].map(([k, v]) => [`$${k}`, v])),
  };
}

/** One short name for each internal member, none of them a property name any module of the build uses. */
async function nameCacheFor(sources: string[]): Promise<NameCache> {
  const used = new Set<string>();
  for (const source of sources) {
    // Every property is renamed here (builtins and undeclared roots too): what comes back is every name.
    const { cache } = await renameProperties(source, { regex: /^/, builtins: true, undeclared: true } as ManglePropertiesOptions);
    for (const key of Object.keys(cache)) used.add(key.slice(1));
  }
  for (const member of INTERNAL_MEMBERS) used.delete(member);
  // A probe that uses every name already taken and every internal member: terser names the members around them
  // and around the DOM's own property names, which it keeps as they are (a member named like one, `level`, too).
  const probe = [...used, ...INTERNAL_MEMBERS].map((name) => `o[${JSON.stringify(name)}];`).join('');
  return (await renameProperties(probe, { regex, undeclared: true } as ManglePropertiesOptions)).cache;
}

/** The plugin: every chunk `shorten(chunkName)` accepts goes through terser with the build's one name cache. */
export function shortenMembers(shorten: (chunkName: string) => boolean): Plugin {
  let names: Promise<NameCache> | undefined;
  return {
    name: 'shorten-members',
    renderStart() {
      const sources = [...this.getModuleIds()].map((id) => this.getModuleInfo(id)?.code).filter((code) => code != null);
      names = nameCacheFor(sources);
    },
    async renderChunk(code, chunk) {
      if (!shorten(chunk.name)) return null;
      const cache = await (names as Promise<NameCache>);
      const properties = { regex, cache: { props: { ...cache } } } as ManglePropertiesOptions;
      const result = await minify(code, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: { properties } });
      return { code: result.code as string, map: null };
    },
  };
}
