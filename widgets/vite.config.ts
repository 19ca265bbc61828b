// Builds widgets.js, the loader a host page adds, with its chunks beside it (Lit and the shared code, each
// element's code, the locales), minified, their templates' HTML and CSS too, Lit without what they never use; and
// the npm modules (Lit, @lit/localize, @lit/react and React external).
import { rmSync } from 'node:fs';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { defaultMinifyOptions } from '@lit-labs/rollup-plugin-minify-html-literals/lib/strategy.js';
import { defineConfig } from 'vite';
import { sharedChunk } from './scripts/chunk-groups.ts';
import { shortenProperties } from './scripts/short-properties.ts';
import { shortenMembers } from './scripts/shorten-members.ts';
import { together } from './scripts/together.ts';
import { trimLit } from './scripts/trim-lit.ts';

const LOCALE = /^(es|fr|de|pt-BR|ar)$/;
const ELEMENTS = ['book-session', 'my-session-requests', 'session-requests', 'availability-manager'];
const shared = sharedChunk();

export default defineConfig(({ mode }) =>
  mode === 'npm'
    ? {
        build: {
          outDir: 'dist/npm',
          lib: {
            // Besides `.`, `./define` and `./react`, one entry per element, which registers only its own tag.
            entry: {
              index: 'src/index.ts',
              define: 'src/define.ts',
              react: 'src/react.ts',
              ...Object.fromEntries(ELEMENTS.map((tag) => [tag, `src/elements/${tag}.ts`])),
            },
            formats: ['es'],
          },
          rollupOptions: {
            external: [/^lit/, /^@lit\//, /^react/],
            output: {
              chunkFileNames: (chunk) => (LOCALE.test(chunk.name) ? 'locales/[name].js' : 'shared/[name].js'),
            },
          },
          minify: false,
        },
      }
    : {
        build: {
          outDir: 'dist',
          emptyOutDir: false,
          lib: { entry: 'src/widgets.ts', formats: ['es'], fileName: () => 'widgets.js' },
          target: 'es2022',
          manifest: true,
          // Vite leaves library ES output unminified to keep it tree-shakable; these files are final.
          rollupOptions: {
            // White space goes between block elements and stays (one space) between inline ones.
            plugins: [
              shared.plugin,
              trimLit(),
              // The chunks of an earlier build go: their names carry their content's hash.
              {
                name: 'fresh-chunks',
                buildStart: () => rmSync(new URL('dist/chunks', import.meta.url), { recursive: true, force: true }),
              },
              shortenMembers((name) => !LOCALE.test(name)),
              shortenProperties((name) => !LOCALE.test(name)),
              together(ELEMENTS),
              minifyHTML({ options: { minifyOptions: { ...defaultMinifyOptions, removeAttributeQuotes: true } } }),
            ],
            output: {
              minify: true,
              comments: { annotation: false, legal: false },
              // Each locale is its own module, fetched from beside widgets.js when an element first speaks it; the
              // other chunks carry their content's hash, so the API serves them as immutable.
              chunkFileNames: (chunk) => (LOCALE.test(chunk.name) ? 'locales/[name].js' : 'chunks/[name]-[hash].js'),
              codeSplitting: { groups: [shared.group] },
            },
          },
        },
      },
);
