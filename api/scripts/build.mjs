// Bundles the server entries for Node. Packages from the registry stay external (installed beside
// the bundle); the workspace's own packages, shipped as TypeScript source, are bundled in.
import * as esbuild from 'esbuild';

const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@one-on-one/') ? undefined : { path: args.path, external: true },
    );
  },
};

await esbuild.build({
  entryPoints: ['src/serve.ts', 'src/dev.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalPackages],
});
