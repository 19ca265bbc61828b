// Precompresses dist/widgets.js (brotli at its best, gzip at 9) so the API serves it without compressing per request.
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const path = new URL('../dist/widgets.js', import.meta.url);
const code = readFileSync(path);
writeFileSync(
  new URL('../dist/widgets.js.br', import.meta.url),
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
);
writeFileSync(new URL('../dist/widgets.js.gz', import.meta.url), gzipSync(code, { level: 9 }));
