// Starts real API server processes, as built (`npm run build`), for tests that need more than one, or a real socket.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  /** What it printed up to listening. */
  output: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The production server's entry; `npm start`'s is `api/dist/dev.js`. */
export const SERVE = 'api/dist/serve.js';

/**
 * Runs `npm run serve`'s entry (or another that prints its `localhost:PORT`) with `env`, and `nodeArgs`
 * for Node itself; resolves once it listens, rejects if it exits first.
 */
export function startServerProcess(env: Record<string, string>, entry = SERVE, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: root, env: { ...process.env, PORT: '0', ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const port = /localhost:(\d+)/.exec(output)?.[1];
      if (port) {
        resolve({
          url: `http://127.0.0.1:${port}`,
          output,
          child,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

/** Runs the server entry to completion and returns what it printed, for start-up refusals. */
export function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVE], { cwd: root, env: { ...process.env, PORT: '0', ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
