// The chunks widgets.js imports, served beside it (SPEC 17): loadable from any origin, precompressed, cached for good
// (their names carry their content's hash) while widgets.js itself is revalidated; nothing else under /chunks.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { setup } from './helpers.ts';

const CHUNK = 'book-session-D4x_9a-Q.js';
const code = `import{t as e}from"./shared-Bq7_Zx1a.js";export const BookSession=${JSON.stringify('lit '.repeat(500))};`;

/** An API serving a built widgets.js with one chunk beside it, precompressed as the build does. */
async function served() {
  const dir = mkdtempSync(join(tmpdir(), 'widgets-'));
  writeFileSync(join(dir, 'widgets.js'), `export const discover = () => import('./chunks/${CHUNK}');`);
  mkdirSync(join(dir, 'chunks'));
  writeFileSync(join(dir, 'chunks', CHUNK), code);
  writeFileSync(join(dir, 'chunks', `${CHUNK}.br`), brotliCompressSync(code));
  writeFileSync(join(dir, 'chunks', `${CHUNK}.gz`), gzipSync(code));
  writeFileSync(join(dir, 'secret.js'), 'export const secret = 1;');
  return setup({ config: { widgetsBundlePath: join(dir, 'widgets.js') } });
}

describe('the chunks beside widgets.js', () => {
  it('are served as modules any origin may load, precompressed, and cached for good', async () => {
    const api = await served();
    const res = await api.app.request(`/chunks/${CHUNK}`, {
      headers: { 'Accept-Encoding': 'gzip, br', Origin: 'https://lms.example.edu' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(code);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('Vary')).toBe('Accept-Encoding');
    const again = await api.app.request(`/chunks/${CHUNK}`, {
      headers: { 'Accept-Encoding': 'gzip, br', 'If-None-Match': res.headers.get('ETag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('leave widgets.js revalidated, as its name stays when it changes', async () => {
    const api = await served();
    const res = await api.get('/widgets.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300, stale-while-revalidate=86400');
  });

  it('answer 404 for any other name, for a path out of the folder and for the precompressed files themselves', async () => {
    const api = await served();
    for (const path of ['/chunks/shared-Bq7_Zx1a.js', '/chunks/..%2Fsecret.js', '/chunks/../secret.js', `/chunks/${CHUNK}.gz`]) {
      expect((await api.get(path)).status, path).toBe(404);
    }
    expect((await (await setup()).get(`/chunks/${CHUNK}`)).status, 'without a build').toBe(404);
  });
});
