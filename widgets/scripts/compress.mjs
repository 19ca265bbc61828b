// Precompresses dist/widgets.js and the locale modules beside it (brotli at its best, gzip at 9) so the API serves
// them without compressing per request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const files = [
  'widgets.js',
  ...readdirSync(new URL('locales/', dist))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `locales/${name}`),
];
for (const file of files) {
  const code = readFileSync(new URL(file, dist));
  writeFileSync(new URL(`${file}.br`, dist), brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(new URL(`${file}.gz`, dist), gzipSync(code, { level: 9 }));
}
