// Builds the single-file widgets.js (Lit inlined, minified, its templates' HTML and CSS too) and the npm
// modules (Lit, @lit/localize, @lit/react and React external).
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { defaultMinifyOptions } from '@lit-labs/rollup-plugin-minify-html-literals/lib/strategy.js';
import { minify } from 'terser';
import { defineConfig, type Plugin } from 'vite';
import { INTERNAL_MEMBERS } from './scripts/internal-members.ts';

/**
 * Terser before the final minification: two compress passes, and the elements' internal member names shortened
 * (rolldown mangles properties only in one-chunk builds, and the locales are chunks of their own).
 */
const terserFirst = (): Plugin => ({
  name: 'terser-first',
  async renderChunk(code, chunk) {
    if (chunk.fileName !== 'widgets.js') return null;
    const regex = new RegExp(`^(${INTERNAL_MEMBERS.join('|')})$`);
    const result = await minify(code, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: { properties: { regex } } });
    return { code: result.code as string, map: null };
  },
});

export default defineConfig(({ mode }) =>
  mode === 'npm'
    ? {
        build: {
          outDir: 'dist/npm',
          lib: { entry: { index: 'src/index.ts', define: 'src/define.ts', react: 'src/react.ts' }, formats: ['es'] },
          rollupOptions: {
            external: [/^lit/, /^@lit\//, /^react/],
            output: {
              chunkFileNames: (chunk) => (chunk.name.match(/^(es|fr|de|pt-BR|ar)$/) ? 'locales/[name].js' : 'elements.js'),
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
          // Vite leaves library ES output unminified to keep it tree-shakable; this file is final.
          rollupOptions: {
            // White space goes between block elements and stays (one space) between inline ones.
            plugins: [
              terserFirst(),
              minifyHTML({ options: { minifyOptions: { ...defaultMinifyOptions, removeAttributeQuotes: true } } }),
            ],
            // Each locale is its own module, fetched from beside widgets.js when an element first speaks it.
            output: { minify: true, comments: { annotation: false, legal: false }, chunkFileNames: 'locales/[name].js' },
          },
        },
      },
);
