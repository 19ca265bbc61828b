// Precompresses widgets.js and every chunk and locale module beside it (brotli at its best; gzip with zopfli, which
// writes ordinary gzip a few per cent smaller than zlib's best) so the API serves them without compressing per
// request. The files are the build's own (dist/.vite/manifest.json, and together.json for the files of several
// elements).
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';

const dist = new URL('../dist/', import.meta.url);
const read = (file) => JSON.parse(readFileSync(new URL(`.vite/${file}`, dist), 'utf8'));
const files = [...Object.values(read('manifest.json')).map(({ file }) => file), ...Object.keys(read('together.json').files)];
for (const file of files) {
  const code = readFileSync(new URL(file, dist));
  writeFileSync(new URL(`${file}.br`, dist), brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(new URL(`${file}.gz`, dist), await gzipAsync(code, { numiterations: 15 }));
}
