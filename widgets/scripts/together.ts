// Builds, beside widgets.js, one file for each set of two or more elements: a page that has those elements when the
// loader first looks (the usual case: the tags are in the page's HTML) loads their code, and the chunks only they
// need, as one file, which compresses better than the same code in several. The elements' chunks stay for a page
// with one element, or a tag added later. Each file is the elements' chunks bundled again, with what the loader
// loads (Lit and the shared code) left where it is, so the page still has one copy of it; the views those elements
// open on demand are bundled again too, to import from that file. src/internal/together.ts gets the loaders, and
// dist/.vite/together.json lists the files for scripts/compress.mjs and scripts/check-size.mjs.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { type Plugin, type Rolldown, rolldownVersion } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

/** The bundler vite runs on: the same one bundles these files. */
const { rolldown } = (await import(createRequire(import.meta.resolve('vite')).resolve('rolldown'))) as typeof Rolldown;

const MODULE = /[\\/]src[\\/]internal[\\/]together\.ts$/;
/** What src/internal/together.ts imports in the first pass, replaced by the files' path once they are made. */
const SPECIFIER = /`together:(\$\{\w+\})`/;

/** What check-size and compress read: each set's tags and file, and each file's imports (paths under dist/). */
export interface TogetherManifest {
  sets: Record<string, { tags: string[]; file: string }>;
  files: Record<string, { imports: string[]; dynamicImports: string[] }>;
}

/** Every set of two or more of `count` tags, as the loader writes it: a bit per tag, in alphabetical order. */
const setsOf = (count: number) => Array.from({ length: 2 ** count }, (_, set) => set).filter((set) => set & (set - 1));

/** The plugin, for the elements `tags` (the loader's). */
export function together(tags: string[]): Plugin {
  const bits = [...tags].sort();
  const sets = setsOf(tags.length);
  return {
    name: 'together',
    transform(_code, id) {
      if (!MODULE.test(id)) return null;
      // Every set of two or more has its file.
      const code = `export const together = (set) => (set & (set - 1) ? import(\`together:\${set}\`) : undefined);`;
      return { code, map: null };
    },
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      const entry = chunks.find((chunk) => chunk.isEntry) as OutputChunk;
      // What the loader loads before any element: it stays in its own files, the one copy every file imports.
      const loaded = new Set<string>();
      const load = (file: string) => {
        if (loaded.has(file)) return;
        loaded.add(file);
        for (const imported of (bundle[file] as OutputChunk).imports) load(imported);
      };
      load(entry.fileName);
      const elementChunk = (tag: string) => {
        const chunk = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(`/src/${tag}/${tag}.ts`));
        if (chunk?.exports.length !== 1) throw new Error(`<${tag}> has no chunk exporting its class alone`);
        return chunk;
      };
      // The files' names share one hash, of everything they are made of (and how), so the loader needs no name per file.
      const made = createHash('sha256').update(rolldownVersion).update(bundleAgain.toString());
      for (const chunk of chunks) if (!chunk.isEntry) made.update(chunk.fileName).update(chunk.code);
      const hash = made.digest('base64url').slice(0, 8);
      const manifest: TogetherManifest = { sets: {}, files: {} };
      for (const set of sets) {
        const members = bits.filter((_, bit) => set & (1 << bit));
        const reexports = members.map((tag) => {
          const chunk = elementChunk(tag);
          return `export { ${chunk.exports[0]} as '${tag}' } from './${posix.basename(chunk.fileName)}';`;
        });
        const output = await bundleAgain(reexports.join('\n'), `together-${set}-${hash}.js`, bundle, loaded);
        for (const file of output) {
          const path = `chunks/${file.fileName}`;
          // The same view for two sets is one file: its name is its content's hash.
          if (!bundle[path]) this.emitFile({ type: 'asset', fileName: path, source: file.code });
          const inDist = (specifier: string) => posix.join('chunks', specifier);
          manifest.files[path] = { imports: file.imports.map(inDist), dynamicImports: file.dynamicImports.map(inDist) };
          if (file.isEntry) manifest.sets[set] = { tags: members, file: path };
        }
      }
      if (!SPECIFIER.test(entry.code)) throw new Error('widgets.js does not import the files of several elements');
      entry.code = entry.code.replace(SPECIFIER, (_, set: string) => `\`./chunks/together-${set}-${hash}.js\``);
      this.emitFile({ type: 'asset', fileName: '.vite/together.json', source: JSON.stringify(manifest, null, 2) });
    },
  };
}

/**
 * Bundles `code` (re-exports from chunks of `bundle`) with the chunks it reaches, the loader's (`loaded`) aside: one
 * file named `name`, and one for each view that the elements import on demand, named by its content's hash.
 */
async function bundleAgain(code: string, name: string, bundle: OutputBundle, loaded: Set<string>) {
  const ENTRY = '\0together';
  const build = await rolldown({
    input: ENTRY,
    // The views import what they need from the file itself, which exports more than the elements' classes.
    preserveEntrySignatures: 'allow-extension',
    plugins: [
      {
        name: 'built-chunks',
        resolveId(source, importer) {
          if (source === ENTRY) return source;
          const path = posix.join(importer === ENTRY ? 'chunks' : posix.dirname(importer as string), source);
          // Lit, the shared code and the locales: imported from where they are, beside the new files.
          if (loaded.has(path) || !bundle[path]) return { id: source, external: true };
          return path;
        },
        load: (id) => (id === ENTRY ? code : (bundle[id] as OutputChunk).code),
      },
    ],
  });
  const { output } = await build.generate({
    format: 'es',
    minify: true,
    // As widgets.js's own chunks: no annotation left for a bundler that will not come.
    comments: { annotation: false, legal: false },
    entryFileNames: name,
    chunkFileNames: (chunk) => `${chunk.name.replace(/-[\w-]{8}$/, '')}-[hash].js`,
  });
  await build.close();
  return output.filter((file): file is OutputChunk => file.type === 'chunk');
}
