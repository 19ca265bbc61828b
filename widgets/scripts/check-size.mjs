// Fails when the whole widgets.js (all four elements, Lit and English included) is over 22 KB gzip, or when a
// locale module (fetched when an element first speaks it) is over 5 KB gzip: SPEC 17's budgets.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const budgets = [
  ['widgets.js', 22],
  ...readdirSync(new URL('locales/', dist))
    .filter((name) => name.endsWith('.js'))
    .map((name) => [`locales/${name}`, 5]),
];
if (budgets.length < 6) {
  console.log('The locale modules are missing: run npm run build.');
  process.exitCode = 1;
}
for (const [file, kilobytes] of budgets) {
  const size = gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
  const verdict = size <= kilobytes * 1024 ? 'within' : 'OVER';
  console.log(`${file}: ${(size / 1024).toFixed(2)} KB gzip, ${verdict} the ${kilobytes} KB budget`);
  if (size > kilobytes * 1024) process.exitCode = 1;
}
