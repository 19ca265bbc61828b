// Builds the single-file widgets.js (Lit inlined, minified) and the npm modules (Lit external).
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
          rollupOptions: { output: { minify: true } },
        },
      },
);
