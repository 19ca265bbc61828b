// For `npm run stress` only: the server's own event-loop delay, reported on request to the process that runs it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Measures this process's event-loop delay and, on each SIGUSR2, prints what it saw since the last one to stderr as
 * one JSON line (`{"eventLoopDelay":{"maxMs":…,"p99Ms":…,"p50Ms":…}}`), then starts afresh. `serve.ts` calls it only
 * when STRESS_REPORT=1, which production never sets: then nothing is measured, no signal is handled, nothing is
 * exposed to the network, and only a process allowed to signal the server can read it.
 */
export function reportEventLoopDelayOnSignal(): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 10_000) / 100;
  process.on('SIGUSR2', () => {
    const eventLoopDelay = { maxMs: ms(delay.max), p99Ms: ms(delay.percentile(99)), p50Ms: ms(delay.percentile(50)) };
    process.stderr.write(`${JSON.stringify({ eventLoopDelay })}\n`);
    delay.reset();
  });
}
