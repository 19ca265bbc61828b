// Profiles the built server under one read: `tsx bench/profile-read.ts listing|me [seconds]` writes a CPU profile
// (`node --cpu-prof`) of the server while autocannon asks for the course listing of 50 slots, or `/api/me`, and
// prints the server's busiest functions, self time.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SECRET, tokenFor } from '../test/helpers.ts';
import { startServerProcess } from '../test/processes.ts';
import { listingDatabase } from './goals.ts';
import { BUSY_STUDENT, COURSE } from './seed.ts';

const [what = 'listing', seconds = '8'] = process.argv.slice(2);
const now = new Date();
const url = await listingDatabase(now);
const dir = mkdtempSync(join(tmpdir(), 'profile-'));
const server = await startServerProcess(
  { HOST: '127.0.0.1', DATABASE_URL: url, AUTH_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '0' },
  'api/dist/serve.js',
  ['--cpu-prof', `--cpu-prof-dir=${dir}`],
);
const auth = `Bearer ${await tokenFor({ sub: BUSY_STUDENT, courses: [{ id: COURSE, role: 'student' }] }, now)}`;
const path = what === 'me' ? '/api/me' : `/api/availability/course/${COURSE}?limit=50`;
const result = await autocannon({
  url: `${server.url}${path}`,
  connections: 4,
  duration: Number(seconds),
  headers: { Authorization: auth, 'Accept-Encoding': 'gzip, deflate, br' },
});
console.log(`${path}: ${result.requests.average.toFixed(0)} req/s, non-2xx ${result.non2xx}`);
await server.stop();
const file = join(dir, readdirSync(dir)[0]);
type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const self = new Map<number, number>();
for (const sample of profile.samples) self.set(sample, (self.get(sample) ?? 0) + 1);
const byName = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url: source, lineNumber } = node.callFrame;
  const key = `${functionName || '(anon)'} ${source.replace(/.*node_modules\//, '').replace(/.*\/api\//, 'api/')}:${lineNumber}`;
  byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0));
}
const total = profile.samples.length;
for (const [key, count] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
}
console.log(`profile: ${file}`);
