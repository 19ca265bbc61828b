// The production server as `npm run serve` runs it: refusal without a secret, migrations at
// start on a fresh file, request headers up to 32 KiB, the address it listens on, and a graceful shutdown.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { SECRET, tokenFor, users } from './helpers.ts';
import { runServerToExit, type ServerProcess, startServerProcess } from './processes.ts';

describe('npm run serve', () => {
  it.each([
    ['missing', {}],
    ['shorter than 32 characters', { AUTH_SECRET: 'x'.repeat(31) }],
  ])('refuses to start with AUTH_SECRET %s, in one line', async (_, env) => {
    const { code, output } = await runServerToExit({ AUTH_SECRET: '', ...env });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual(['Cannot start: AUTH_SECRET must be set to at least 32 characters.']);
  });

  describe('with a secret, on a fresh database file in a new directory', () => {
    let server: ServerProcess;
    beforeAll(async () => {
      const url = `file:${join(mkdtempSync(join(tmpdir(), 'serve-')), 'nested', 'sessions.db')}`;
      server = await startServerProcess({ AUTH_SECRET: SECRET, DATABASE_URL: url });
    });
    afterAll(() => server.stop());

    it('migrates at start and answers', async () => {
      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ ok: true });
      const res = await fetch(`${server.url}/api/session/my-requests`, {
        headers: { Authorization: `Bearer ${await tokenFor(users.student, new Date())}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ items: [], nextCursor: null });
    });

    it('accepts request headers up to 32 KiB and answers 431 beyond', async () => {
      const withHeader = (bytes: number) => fetch(`${server.url}/api/health`, { headers: { 'X-Padding': 'x'.repeat(bytes) } });
      expect((await withHeader(30 * 1024)).status).toBe(200);
      expect((await withHeader(33 * 1024)).status).toBe(431);
    });

    it('sends the security headers on answers, refusals and the health check, as the app does in tests', async () => {
      const secure = {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=15552000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      };
      const ofThem = (res: Response) =>
        Object.fromEntries([...res.headers].filter(([name]) => name in secure || /embedder|powered/.test(name)));
      const auth = { Authorization: `Bearer ${await tokenFor(users.student, new Date())}` };
      expect(ofThem(await fetch(`${server.url}/api/me`, { headers: auth }))).toEqual(secure);
      expect(ofThem(await fetch(`${server.url}/api/me`))).toEqual(secure);
      expect(ofThem(await fetch(`${server.url}/api/health`))).toEqual({
        ...secure,
        'cross-origin-resource-policy': 'cross-origin',
      });
    });

    it('has no demo token endpoint', async () => {
      expect((await fetch(`${server.url}/api/demo/token`)).status).toBe(401);
    });

    it("has no mail catcher: its bundle loads neither smtp-server nor mailparser, and the demo's mail page is absent", async () => {
      const bundle = await readFile(new URL('../dist/serve.js', import.meta.url), 'utf8');
      expect(bundle).not.toMatch(/smtp-server|mailparser|startMailCatcher/);
      expect((await fetch(`${server.url}/demo/mail`)).status).toBe(404);
      expect((await fetch(`${server.url}/api/demo/mail`)).status).toBe(401);
    });
  });
});

describe('the address it listens on', () => {
  it('is every interface for npm run serve and loopback for npm start (the demo mints tokens for anyone)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-'));
    const serve = await startServerProcess({ AUTH_SECRET: SECRET, DATABASE_URL: `file:${join(dir, 'a.db')}` });
    const demo = await startServerProcess({ DATABASE_URL: `file:${join(dir, 'b.db')}` }, 'api/dist/dev.js');
    const pinned = await startServerProcess({
      AUTH_SECRET: SECRET,
      DATABASE_URL: `file:${join(dir, 'c.db')}`,
      HOST: '127.0.0.1',
    });
    try {
      expect(serve.output).toContain('(0.0.0.0)');
      expect(demo.output).toContain('listening on 127.0.0.1');
      expect(pinned.output).toContain('(127.0.0.1)');
    } finally {
      await Promise.all([serve.stop(), demo.stop(), pinned.stop()]);
    }
  });
});

describe('WEB_CONCURRENCY', () => {
  it('runs that many worker processes on one port, all stopped by one SIGTERM', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'cluster-')), 'sessions.db')}`;
    const server = await startServerProcess({ AUTH_SECRET: SECRET, DATABASE_URL: url, WEB_CONCURRENCY: '2', HOST: '127.0.0.1' });
    try {
      expect(server.output).toMatch(/worker \d of 2/);
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/api/health`)));
      expect(answers.every((res) => res.status === 200)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('shutdown', () => {
  it('stops accepting, ends streams, lets in-flight requests finish, then closes the database', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'sessions.db')}`;
    let release = () => {};
    let entered = () => {};
    const writing = new Promise<void>((resolve) => (entered = resolve));
    let closeDatabase = vi.fn();
    const config = { ...loadConfig({ AUTH_SECRET: SECRET, DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1' }) };
    const { port, shutdown } = await startServer(config, async (db) => {
      const batch = db.$client.batch.bind(db.$client);
      const held = new Promise<void>((resolve) => (release = resolve));
      vi.spyOn(db.$client, 'batch').mockImplementation(async (...args) => {
        entered();
        await held;
        return batch(...args);
      });
      closeDatabase = vi.spyOn(db.$client, 'close');
    });
    const base = `http://127.0.0.1:${port}`;
    const now = new Date();
    const auth = { Authorization: `Bearer ${await tokenFor(users.educator, now)}` };
    const stream = await fetch(`${base}/api/events`, { headers: auth });
    const inFlight = fetch(`${base}/api/availability/create`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        courseId: 'c-101',
        startsAt: new Date(now.getTime() + 86_400_000).toISOString(),
        endsAt: new Date(now.getTime() + 90_000_000).toISOString(),
      }),
    });
    await writing;
    const stopped = shutdown();
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
    expect(await stream.text()).toContain(': connected');
    expect(closeDatabase).not.toHaveBeenCalled();
    release();
    expect((await inFlight).status).toBe(201);
    await stopped;
    expect(closeDatabase).toHaveBeenCalled();
  });
});
