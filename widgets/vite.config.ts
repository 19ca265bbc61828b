// Builds the single-file widgets.js (Lit inlined, minified, its templates' HTML and CSS too) and the npm
// modules (Lit external).
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { defaultMinifyOptions } from '@lit-labs/rollup-plugin-minify-html-literals/lib/strategy.js';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) =>
  mode === 'npm'
    ? {
        build: {
          outDir: 'dist/npm',
          lib: { entry: { index: 'src/index.ts', define: 'src/define.ts' }, formats: ['es'] },
          rollupOptions: { external: [/^lit/, /^@lit\//], output: { chunkFileNames: 'elements.js' } },
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
            // Runs of white space become one space, never none: "10:30 UTC · with Grace" keeps its spaces.
            plugins: [minifyHTML({ options: { minifyOptions: { ...defaultMinifyOptions, conservativeCollapse: true } } })],
            output: { minify: true },
          },
        },
      },
);
