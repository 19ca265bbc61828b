// A user with nothing to do with the load: `GET /api/health` every 10 ms from a worker thread (so the load's own
// client work cannot skew it), until told to stop; then its latencies' p50 and p99.
import { Worker } from 'node:worker_threads';

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
const samples = [];
parentPort.once('message', () => (running = false));
(async () => {
  while (running) {
    const started = performance.now();
    const res = await fetch(workerData.url);
    await res.arrayBuffer();
    if (res.ok) samples.push(performance.now() - started);
    const wait = workerData.everyMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  parentPort.postMessage(samples);
})();
`;

export interface Latency {
  p50: number;
  p99: number;
  count: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** Starts probing `${url}/api/health`; `stop()` resolves with what the probe measured. */
export function probeHealth(url: string, everyMs = 10): { stop(): Promise<Latency> } {
  const worker = new Worker(PROBE, { eval: true, workerData: { url: `${url}/api/health`, everyMs } });
  const samples = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const sorted = (await samples).sort((a, b) => a - b);
      await worker.terminate();
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
    },
  };
}

/** The probe's latency over `ms` milliseconds. */
export async function healthOver(url: string, ms: number): Promise<Latency> {
  const probe = probeHealth(url);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return probe.stop();
}
