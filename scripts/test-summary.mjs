// Prints one plain "suite: N passed, N failed" line per test suite from the runners' JSON reports.
import { existsSync, readFileSync } from 'node:fs';

const suites = [
  ['api', 'api/test-results/vitest.json', (r) => [r.numPassedTests, r.numFailedTests]],
  ['api-with-a-3-ms-database', 'api/test-results/vitest-far-db.json', (r) => [r.numPassedTests, r.numFailedTests]],
  ['widgets', 'widgets/test-results/wtr.json', (r) => [r.passed, r.failed]],
  ['widgets-in-Pacific/Kiritimati-in-German', 'widgets/test-results/wtr-far-zone.json', (r) => [r.passed, r.failed]],
  ['end-to-end', 'demo/test-results/vitest.json', (r) => [r.numPassedTests, r.numFailedTests]],
];
let failed = 0;
for (const [name, path, counts] of suites) {
  if (!existsSync(path)) continue;
  const [passedHere, failedHere] = counts(JSON.parse(readFileSync(path, 'utf8')));
  failed += failedHere;
  console.log(`${name}: ${passedHere} passed, ${failedHere} failed`);
}
process.exitCode = failed > 0 ? 1 : 0;
