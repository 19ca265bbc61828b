// /api/docs works with no internet: the page, its scripts and its styles all come from the API itself (SPEC 16).
import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { setup, type TestApi } from './helpers.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
});

/** The addresses a page or a script loads: every src and href, and the description Swagger UI is started on. */
const addressesIn = (text: string) => [...text.matchAll(/\b(?:src|href|url)\s*[=:]\s*["']([^"']+)["']/g)].map(([, url]) => url);

const contentTypes: Record<string, RegExp> = {
  '.css': /^text\/css; charset=utf-8$/,
  '.js': /^text\/javascript; charset=utf-8$/,
  '.json': /^application\/json/,
};

describe('/api/docs', () => {
  it('is a page that loads scripts and styles from this origin only, none of them inline', async () => {
    const page = await api.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
    const policy = page.headers.get('Content-Security-Policy') ?? '';
    expect(policy).toMatch(/default-src 'self'/);
    expect(policy).toMatch(/script-src 'self';/);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const addresses = addressesIn(page.body);
    expect(addresses.length).toBeGreaterThanOrEqual(3);
    for (const address of addresses) expect(address, address).toMatch(/^\/(?!\/)/);
  });

  it('serves every file the page loads, and the description it shows, with its content type', async () => {
    const page = await api.get('/api/docs');
    const addresses = addressesIn(page.body);
    for (const script of addresses.filter((address) => address.endsWith('.js'))) {
      const code = await api.get(script);
      addresses.push(...addressesIn(code.body).filter((address) => address.startsWith('/api/')));
    }
    expect(addresses).toContain('/api/openapi.json');
    for (const address of addresses) {
      const res = await api.app.request(address);
      expect(res.status, address).toBe(200);
      const type = contentTypes[address.slice(address.lastIndexOf('.'))] ?? /^$/;
      expect(res.headers.get('Content-Type'), address).toMatch(type);
      expect((await res.text()).length, address).toBeGreaterThan(0);
    }
  });

  it('serves Swagger UI cacheable, compressed for a client that takes gzip, and revalidated with 304', async () => {
    const plain = await api.app.request('/api/docs/swagger-ui-bundle.js');
    const code = await plain.text();
    expect(code).toContain('SwaggerUIBundle');
    expect(plain.headers.get('Cache-Control')).toMatch(/max-age/);
    const zipped = await api.app.request('/api/docs/swagger-ui-bundle.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(code);
    const again = await api.app.request('/api/docs/swagger-ui-bundle.js', {
      headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': zipped.headers.get('ETag') ?? '' },
    });
    expect(again.status).toBe(304);
  });
});
