// The one guarded fetch for every request to a platform (SPEC §18): addresses of the tool's own network refused
// (loopback only with LTI_ALLOW_LOOPBACK=1), the checked address connected to with the name kept for TLS, no
// redirect followed, and time and size bounded. Names resolve through an injected resolver and deadlines are
// aborted by the test, so nothing here needs the network or waits on the clock.
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_ANSWER, PlatformUnreachable, platformFetch } from '../src/lti/platform-fetch.ts';

// Generous: a loaded machine may be slow, and nothing here waits on an event that may never come.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
  servers = [];
});

/** A server on loopback; resolves with its port. */
async function serve(handler: RequestListener, server: Server = createServer(handler)): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A resolver that must not be asked (the URL names an address). */
const noResolver = async (): Promise<never> => {
  throw new Error('an address needs no resolution');
};

describe('the guarded fetch to a platform', () => {
  it('refuses a loopback platform unless LTI_ALLOW_LOOPBACK=1, and then reaches it', async () => {
    let asked = 0;
    const port = await serve((_req, res) => {
      asked += 1;
      res.end('{"ok":true}');
    });
    await expect(platformFetch({ allowLoopback: false })(`http://127.0.0.1:${port}/`)).rejects.toThrow(PlatformUnreachable);
    await expect(platformFetch({ allowLoopback: false })(`http://localhost:${port}/`)).rejects.toThrow(/loopback/);
    expect(asked).toBe(0);
    const res = await platformFetch({ allowLoopback: true })(`http://127.0.0.1:${port}/`);
    expect(await res.json()).toEqual({ ok: true });
    expect(asked).toBe(1);
  });

  it.each([
    ['http://127.0.0.1/', false],
    ['http://[::1]/', false],
    ['http://[::ffff:127.0.0.1]/', false],
    ['http://10.0.0.5/', true],
    ['https://10.0.0.5/', true],
    ['http://169.254.169.254/latest/meta-data/', true],
    ['http://172.16.3.4/', true],
    ['http://192.168.1.1/', true],
    ['http://100.64.0.1/', true],
    ['http://0.0.0.0/', true],
    ['http://[::]/', true],
    ['http://[::ffff:10.0.0.5]/', true],
    ['http://[::ffff:169.254.169.254]/', true],
    ['http://[fe80::1]/', true],
    ['http://[fd12:3456::1]/', true],
    ['http://[fc00::1]/', true],
    ['http://0x7f.1/', false],
  ])('refuses %s (even with loopback allowed: %s) before connecting', async (url, evenWithLoopback) => {
    const fetchPlatform = platformFetch({ allowLoopback: evenWithLoopback, resolve: noResolver });
    await expect(fetchPlatform(url)).rejects.toThrow(/ is (not a public|a loopback) address$/);
  });

  it('refuses a name that resolves to a private address, or to any one among public ones', async () => {
    const resolve = vi.fn(async (hostname: string) =>
      hostname === 'intranet.example.edu'
        ? [{ address: '10.0.0.5', family: 4 }]
        : [
            { address: '203.0.113.7', family: 4 },
            { address: 'fd00::7', family: 6 },
          ],
    );
    const fetchPlatform = platformFetch({ allowLoopback: true, resolve });
    await expect(fetchPlatform('https://intranet.example.edu/jwks')).rejects.toThrow(/10\.0\.0\.5 is not a public address/);
    await expect(fetchPlatform('https://mixed.example.edu/jwks')).rejects.toThrow(/fd00::7 is not a public address/);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('connects to the address it checked, asking the resolver once and keeping the name', async () => {
    let host = '';
    const port = await serve((req, res) => {
      host = req.headers.host ?? '';
      res.end('{}');
    });
    const resolve = vi.fn(async () => [{ address: '127.0.0.1', family: 4 }]);
    // platform.test is a reserved name: no DNS could answer it, so the connection went where the check said.
    const res = await platformFetch({ allowLoopback: true, resolve })(`http://platform.test:${port}/config`);
    expect(res.status).toBe(200);
    expect(resolve).toHaveBeenCalledOnce();
    expect(host).toBe(`platform.test:${port}`);
  });

  it('speaks TLS to the name: its certificate is checked against the name, not the address', async () => {
    const tls = createTlsServer({ key: fixture('platform-test.key'), cert: fixture('platform-test.crt') }, (_req, res) =>
      res.end('{"keys":[]}'),
    );
    const port = await serve(() => {}, tls);
    const options = { allowLoopback: true, ca: fixture('platform-test.crt') };
    const fetchPlatform = platformFetch({ ...options, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(await (await fetchPlatform(`https://platform.test:${port}/jwks`)).json()).toEqual({ keys: [] });
    await expect(fetchPlatform(`https://other.test:${port}/jwks`)).rejects.toThrow(/altnames/);
  });

  it('follows no redirect', async () => {
    let redirected = 0;
    const port = await serve((req, res) => {
      if (req.url === '/elsewhere') redirected += 1;
      res.writeHead(302, { Location: '/elsewhere' }).end();
    });
    await expect(platformFetch({ allowLoopback: true })(`http://127.0.0.1:${port}/`)).rejects.toThrow(/redirect/);
    expect(redirected).toBe(0);
  });

  it('reads at most 64 KiB of an answer, or 4 MiB of a page, and stops reading beyond it without a Content-Length', async () => {
    let written = 0;
    const port = await serve((_req, res) => {
      // A megabyte, streamed in chunks as the reader takes them, with no Content-Length.
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const more = () => {
        while (written < 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const fetchPlatform = platformFetch({ allowLoopback: true });
    await expect(fetchPlatform(`http://127.0.0.1:${port}/`)).rejects.toThrow(/more than 65536 bytes/);
    written = 0;
    const page = await fetchPlatform(`http://127.0.0.1:${port}/`, { maxBytes: PAGE_ANSWER });
    expect((await page.arrayBuffer()).byteLength).toBe(1024 * 1024);
  });

  it('refuses an answer whose Content-Length is beyond the limit without reading it', async () => {
    const port = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(200 * 1024 * 1024) });
      res.write('{');
    });
    await expect(platformFetch({ allowLoopback: true })(`http://127.0.0.1:${port}/`)).rejects.toThrow(/more than 65536 bytes/);
  });

  it('gives up at its deadline, while resolving or while waiting for the answer', async () => {
    const deadline = new AbortController();
    const port = await serve(() => deadline.abort()); // the platform never answers; the deadline passes meanwhile
    const waiting = platformFetch({ allowLoopback: true, deadline: () => deadline.signal });
    await expect(waiting(`http://127.0.0.1:${port}/`)).rejects.toThrow(/no answer in time/);

    const resolving = new AbortController();
    const slowResolver = platformFetch({
      allowLoopback: true,
      deadline: () => resolving.signal,
      resolve: () => {
        resolving.abort();
        return new Promise(() => {});
      },
    });
    await expect(slowResolver('https://slow.example.edu/')).rejects.toThrow(/no answer in time/);
  });

  it('posts a body with its headers, and answers non-2xx statuses as they are', async () => {
    let received = '';
    const port = await serve((req, res) => {
      req.on('data', (chunk) => (received += chunk));
      req.on('end', () => res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"no"}'));
    });
    const res = await platformFetch({ allowLoopback: true })(`http://127.0.0.1:${port}/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"client_name":"One-on-one"}',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(received).toBe('{"client_name":"One-on-one"}');
  });
});
