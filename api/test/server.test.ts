// The production server as `npm run serve` runs it: refusal without a secret, migrations at
// start on a fresh file, and request headers up to 32 KiB.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    }, 30_000);
    afterAll(() => server.stop());

    it('migrates at start and answers', async () => {
      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ ok: true });
      const res = await fetch(`${server.url}/api/session/my-requests`, {
        headers: { Authorization: `Bearer ${await tokenFor(users.student, new Date())}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ items: [] });
    });

    it('accepts request headers up to 32 KiB and answers 431 beyond', async () => {
      const withHeader = (bytes: number) => fetch(`${server.url}/api/health`, { headers: { 'X-Padding': 'x'.repeat(bytes) } });
      expect((await withHeader(30 * 1024)).status).toBe(200);
      expect((await withHeader(33 * 1024)).status).toBe(431);
    });

    it('has no demo token endpoint', async () => {
      expect((await fetch(`${server.url}/api/demo/token`)).status).toBe(401);
    });
  });
});
