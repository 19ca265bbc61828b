// vitest: API tests run in Node, one fresh database per test; a JSON report feeds the CI summary.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Limits for a fully loaded two-core machine (a test that spawns the server takes 10 s on a quiet one): they
    // catch a hang, never slowness.
    testTimeout: 5 * 60_000,
    hookTimeout: 5 * 60_000,
    // The run with a far database (`npm run test:far-db`) reports beside the main one.
    reporters: ['default', ['json', { outputFile: `test-results/vitest${process.env.DB_LATENCY_MS ? '-far-db' : ''}.json` }]],
  },
});
