// Component tests in Debian's Chromium (CHROME_PATH or /usr/bin/chromium), TypeScript via esbuild.
// A small reporter writes the counts for CI's summary line; `npm test` also runs the suite in a far
// time zone and browser language (WTR_RUN=far-zone), to keep every test free of the machine's zone and locale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';

const MINUTE = 60_000;

function countTests(suite, counts = { passed: 0, failed: 0, skipped: 0 }) {
  for (const test of suite?.tests ?? []) counts[test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed']++;
  for (const child of suite?.suites ?? []) countTests(child, counts);
  return counts;
}

const countsReporter = {
  onTestRunFinished({ sessions }) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const session of sessions) {
      const { passed, failed, skipped } = countTests(session.testResults);
      counts.passed += passed;
      counts.failed += failed + (session.errors?.length ? 1 : 0);
      counts.skipped += skipped;
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/${process.env.WTR_RUN === 'far-zone' ? 'wtr-far-zone' : 'wtr'}.json`, JSON.stringify(counts));
  },
};

export default {
  files: 'src/**/*.test.ts',
  nodeResolve: { exportConditions: ['production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countsReporter],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          // The far-zone run also speaks German: the tests pin the page's language (and zone and clock), so none
          // depends on the machine's.
          `--accept-lang=${process.env.WTR_RUN === 'far-zone' ? 'de-DE' : 'en-US'}`,
          '--disable-background-networking',
          '--disable-component-update',
        ],
      },
    }),
  ],
  // Limits for a fully loaded two-core machine, not a quiet one (the defaults are 30 s, 20 s, 2 min and 2 s):
  // they catch a hang, never slowness.
  browserStartTimeout: 5 * MINUTE,
  testsStartTimeout: 5 * MINUTE,
  testsFinishTimeout: 15 * MINUTE,
  testFramework: { config: { timeout: 2 * MINUTE } },
};
