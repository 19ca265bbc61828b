// Dynamic registration's reach (SPEC §18): it posts only to a registration endpoint on the origin of the
// configuration it read, reads at most 64 KiB of an answer, and answers every failure to reach the platform with
// one message, so that its page tells nothing about the network behind the tool.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ltiPlatforms } from '../src/db/schema.ts';
import { platformFetch } from '../src/lti/platform-fetch.ts';
import { setup } from './helpers.ts';
import { startPlatform } from './lti-platform.ts';

// Generous: a loaded machine may be slow, and nothing here waits on an event that may never come.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const KEY = 'registration-key-0123456789';
const MiB = 1024 * 1024;

let servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

/** A server on loopback; resolves with its origin. */
async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An OpenID configuration of a platform at `issuer`, registering at `registration`. */
const configuration = (issuer: string, registration = `${issuer}/register`) =>
  JSON.stringify({
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    registration_endpoint: registration,
  });

/** A platform whose configuration is fine and whose registration endpoint answers with `register`. */
async function platformRegisteringWith(register: RequestListener): Promise<string> {
  const origin = await serve((req, res) => {
    if (req.url === '/register') return register(req, res);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(configuration(origin));
  });
  return `${origin}/.well-known/openid-configuration`;
}

type Api = Awaited<ReturnType<typeof setup>>;

/** Registers at `openidConfiguration`; resolves with the status and the page's message. */
async function register(api: Api, openidConfiguration: string) {
  const query = new URLSearchParams({ key: KEY, openid_configuration: openidConfiguration, registration_token: 'token' });
  const res = await api.app.request(`/lti/register?${query}`);
  const said = /<p class="problem" role="alert">([^<]*)<\/p>/.exec(await res.text())?.[1];
  return { status: res.status, said };
}

const withLoopback = (lti: Parameters<typeof setup>[0] = {}) =>
  setup({ config: { lti: { registrationKey: KEY, allowLoopback: true } }, ...lti });

describe('dynamic registration’s reach', () => {
  it('posts only to a registration endpoint on the origin of the configuration it read', async () => {
    const posted: string[] = [];
    const elsewhere = await serve((req, res) => {
      posted.push(req.url ?? '');
      res.end('{"client_id":"x"}');
    });
    const origin = await serve((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(configuration(origin, `${elsewhere}/admin/reset`)),
    );
    const api = await withLoopback();
    const answer = await register(api, `${origin}/.well-known/openid-configuration`);
    expect(answer).toEqual({
      status: 400,
      said: 'The platform’s registration endpoint is not on the origin of its OpenID configuration.',
    });
    expect(posted).toEqual([]);
    expect(await api.db.select().from(ltiPlatforms)).toEqual([]);
  });

  it('does not reach a platform on loopback without LTI_ALLOW_LOOPBACK=1', async () => {
    const platform = await startPlatform();
    const api = await setup({ config: { lti: { registrationKey: KEY } } });
    const answer = await register(api, platform.openIdConfigurationUrl);
    expect(answer.status).toBe(400);
    expect(answer.said).toMatch(/^The platform could not be reached/);
    expect(platform.asked).toEqual([]);
    expect(platform.registrations).toEqual([]);
    await platform.close();
  });

  it('answers every failure to reach the platform with the same message, storing nothing', async () => {
    const closed = await serve(() => {});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    let deadline = new AbortController();
    const silent = await serve(() => deadline.abort()); // never answers; its deadline passes meanwhile
    const pages = {
      'a private address': 'https://10.0.0.5/.well-known/openid-configuration',
      'a metadata service': 'https://169.254.169.254/latest/meta-data/',
      'an IPv4-mapped loopback address, on https': 'https://[::ffff:7f00:1]/',
      'a closed port': `${closed}/.well-known/openid-configuration`,
      'a platform that never answers': `${silent}/.well-known/openid-configuration`,
      'a page that is not JSON': `${await serve((_req, res) => res.end('<!doctype html><title>Intranet</title>'))}/`,
      'a 404': `${await serve((_req, res) => res.writeHead(404).end('{}'))}/`,
      'JSON that is no configuration': `${await serve((_req, res) => res.end('{"status":"ok"}'))}/`,
      'a redirect': `${await serve((_req, res) => res.writeHead(302, { Location: 'http://10.0.0.5/' }).end())}/`,
      'a registration endpoint answering 500': await platformRegisteringWith((_req, res) => res.writeHead(500).end()),
      'a registration endpoint answering HTML': await platformRegisteringWith((_req, res) => res.end('<html>')),
      'a registration endpoint that never answers': await platformRegisteringWith(() => deadline.abort()),
    };
    const api = await withLoopback({
      lti: {
        fetchPlatform: platformFetch({
          allowLoopback: true,
          deadline: () => {
            deadline = new AbortController();
            return deadline.signal;
          },
        }),
      },
    });
    const answers = new Set<string>();
    for (const [what, url] of Object.entries(pages)) {
      const answer = await register(api, url);
      expect(answer.status, what).toBe(400);
      answers.add(answer.said ?? '');
    }
    expect([...answers]).toEqual([
      'The platform could not be reached, or did not answer as an LTI 1.3 platform: check the registration URL the LMS gave, and that the LMS can be reached from this tool.',
    ]);
    expect(await api.db.select().from(ltiPlatforms)).toEqual([]);
  });

  it('cuts a 200 MiB configuration at 64 KiB without reading it all', async () => {
    let written = 0;
    const huge = await serve((_req, res) => {
      const chunk = Buffer.alloc(MiB, ' ');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"issuer":"');
      const more = () => {
        while (written < 200 * MiB && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const api = await withLoopback();
    const answer = await register(api, `${huge}/.well-known/openid-configuration`);
    expect(answer.said).toMatch(/^The platform could not be reached/);
    // What the platform managed to write before the tool hung up: socket buffers, far from 200 MiB.
    expect(written).toBeLessThan(32 * MiB);
  });
});
