// Two apps over one database and one clock, one answering a known caller's listing ahead of the chain and one without
// that, each served on a socket as `npm run serve` serves it, and their answers to the same request side by side.
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { vi } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { VerifiedTokens } from '../src/http/auth.ts';
import { NOW, testConfig } from './helpers.ts';

export const ORIGIN = 'https://lms.example.edu';
/** Rows each course keeps in memory: a longer page is read from the database, through the chain. */
export const ROWS_KEPT = 55;

/** An answer as the client receives it: status, every header (lowercase names) but `Date`, the body's bytes. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Transport = 'socket' | 'app.request';

function overSocket(port: number, method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const { date: _, ...rest } = res.headers;
        const named = Object.entries(rest).map(([name, value]) => [name, String(value)]);
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(named),
          body: Buffer.concat(chunks).toString('base64'),
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function throughApp(app: App, method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const res = await app.request(path, { method, headers });
  const named = [...res.headers].filter(([name]) => name !== 'date');
  return {
    status: res.status,
    headers: Object.fromEntries(named),
    body: Buffer.from(await res.arrayBuffer()).toString('base64'),
  };
}

/** The two apps, served, and a clock both read. */
export async function keptReadsWorld() {
  const db = await openDatabase(':memory:');
  await migrateDatabase(db);
  let now = NOW;
  const options = {
    db,
    config: testConfig({ allowedOrigins: [ORIGIN] }),
    clock: () => now,
    listings: { tick: () => 0, rowsPerCourse: ROWS_KEPT },
  };
  const kept = createApp(options);
  const chain = createApp({ ...options, keptReads: false });
  const servers: Server[] = [];
  const ports: number[] = [];
  for (const app of [kept, chain]) {
    const server = await new Promise<Server>((resolve) => {
      const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening as Server));
    });
    servers.push(server);
    ports.push((server.address() as AddressInfo).port);
  }
  // The protected chain verifies a token (`authenticate`) on every request it sees; a read answered ahead of it never.
  const verify = vi.spyOn(VerifiedTokens.prototype, 'verify');

  return {
    db,
    kept,
    chain,
    setNow(date: Date | string) {
      now = new Date(date);
    },
    /**
     * The same request to the kept app and then to the chain alone; `viaChain` tells whether the kept app's answer
     * went through the protected chain.
     */
    async both(transport: Transport, method: string, path: string, headers: Record<string, string> = {}) {
      verify.mockClear();
      const send = (n: number) =>
        transport === 'socket'
          ? overSocket(ports[n], method, path, headers)
          : throughApp(n === 0 ? kept : chain, method, path, headers);
      const fast = await send(0);
      const viaChain = verify.mock.calls.length > 0;
      return { kept: fast, chain: await send(1), viaChain };
    },
    async close() {
      verify.mockRestore();
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
