// Precompresses widgets.js and every chunk and locale module beside it (brotli at its best; gzip with zopfli, which
// writes ordinary gzip a few per cent smaller than zlib's best) so the API serves them without compressing per
// request. The files are the build's own (dist/.vite/manifest.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';

const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
for (const { file } of Object.values(manifest)) {
  const code = readFileSync(new URL(file, dist));
  writeFileSync(new URL(`${file}.br`, dist), brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(new URL(`${file}.gz`, dist), await gzipAsync(code, { numiterations: 15 }));
}
