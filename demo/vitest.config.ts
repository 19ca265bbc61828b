// vitest runs the end-to-end journeys: a real server, Debian's Chromium driven by playwright-core.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    fileParallelism: false,
    // Limits for a fully loaded two-core machine: they catch a hang, never slowness. The harness gives each
    // browser step two minutes.
    testTimeout: 10 * 60_000,
    hookTimeout: 5 * 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
