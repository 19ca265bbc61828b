// `npm run serve`: the production server. With WEB_CONCURRENCY above 1 it runs that many worker processes
// on one port (node:cluster); they share the database, which the design already allows.
import cluster from 'node:cluster';
import { checkSecret, loadConfig } from './config.ts';
import { reportEventLoopDelayOnSignal } from './event-loop-report.ts';
import { widgetsBundlePath } from './paths.ts';
import { exitOnSignals, startServer } from './server.ts';

async function main(): Promise<void> {
  // The production server never serves the demo, whatever DEMO says.
  const config = loadConfig(process.env, { widgetsBundlePath, host: '0.0.0.0' });
  checkSecret(config.authSecret);
  if (config.webConcurrency > 1 && cluster.isPrimary) return runWorkers(config.webConcurrency);
  // `npm run stress` reads the server's event-loop delay; nothing else sets this.
  if (process.env.STRESS_REPORT === '1') reportEventLoopDelayOnSignal();
  const { port, shutdown } = await startServer(config);
  exitOnSignals(shutdown);
  const worker = cluster.isWorker ? ` (worker ${cluster.worker?.id} of ${config.webConcurrency})` : '';
  console.log(`One-on-one API listening on http://localhost:${port} (${config.host})${worker}`);
}

/** Forks the workers, replaces one that dies, and passes SIGTERM and SIGINT on to them all. */
function runWorkers(count: number): void {
  let stopping = false;
  for (let n = 0; n < count; n++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`Worker ${worker.id} exited with ${code}; starting another.`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
