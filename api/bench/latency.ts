// The time from an API change's response to its event arriving on a live stream, on the instance that
// made the change and on another instance over the same database file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { at, SECRET, tokenFor, users } from '../test/helpers.ts';
import { startServerProcess } from '../test/processes.ts';
import { openEvents } from '../test/sse.ts';

/** Makes `changes` changes through one instance and times each event on both; returns the two sets of latencies. */
export async function eventLatencies(changes = 40): Promise<{ same: number[]; other: number[] }> {
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'bench-')), 'sessions.db')}`;
  const db = await openDatabase(url);
  await migrateDatabase(db);
  const env = { DATABASE_URL: url, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0', HOST: '127.0.0.1' };
  const [writer, other] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  const now = new Date();
  const auth = { Authorization: `Bearer ${await tokenFor(users.student, now)}` };
  const streams = await Promise.all(
    [writer, other].map((server) =>
      openEvents((init) => fetch(`${server.url}/api/events`, { ...init, headers: { ...init.headers, ...auth } })),
    ),
  );
  await Promise.all(streams.map((stream) => stream.ready()));
  const latencies: [number[], number[]] = [[], []];
  const educator = `Bearer ${await tokenFor(users.educator, now)}`;
  for (let i = 0; i < changes; i++) {
    const res = await fetch(`${writer.url}/api/availability/create`, {
      method: 'POST',
      headers: { Authorization: educator, 'Content-Type': 'application/json' },
      body: JSON.stringify({ courseId: 'c-101', startsAt: at(24 + i, now), endsAt: at(24.5 + i, now) }),
    });
    const answered = performance.now();
    const { id } = (await res.json()) as { id: string };
    await Promise.all(
      streams.map(async (stream, which) => {
        await stream.next((event) => event.data?.includes(id) ?? false);
        latencies[which].push(performance.now() - answered);
      }),
    );
  }
  for (const stream of streams) stream.close();
  await Promise.all([writer.stop(), other.stop()]);
  db.$client.close();
  return { same: latencies[0], other: latencies[1] };
}

/** "median 1 ms, p95 3 ms, max 9 ms" */
export function describeLatencies(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
  return `median ${pick(0.5)} ms, p95 ${pick(0.95)} ms, max ${pick(1)} ms`;
}
