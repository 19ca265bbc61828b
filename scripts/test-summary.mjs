// Prints one plain "suite: N passed, N failed" line per test suite from the runners' JSON reports.
import { existsSync, readFileSync } from 'node:fs';

const reports = [['api', 'api/test-results/vitest.json']];
let failed = 0;
for (const [suite, path] of reports) {
  if (!existsSync(path)) continue;
  const report = JSON.parse(readFileSync(path, 'utf8'));
  failed += report.numFailedTests;
  console.log(`${suite}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
process.exitCode = failed > 0 ? 1 : 0;
