// Fails when the whole widgets.js (all four elements, Lit included) is over 20 KB gzip.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 20 * 1024;
const size = gzipSync(readFileSync(new URL('../dist/widgets.js', import.meta.url)), { level: 9 }).length;
const verdict = size <= BUDGET ? 'within' : 'OVER';
console.log(`widgets.js: ${(size / 1024).toFixed(2)} KB gzip, ${verdict} the ${BUDGET / 1024} KB budget`);
if (size > BUDGET) process.exitCode = 1;
