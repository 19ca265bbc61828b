// Serves files as built (the widget loader, its chunks and locale modules, the docs page's Swagger UI): brotli or
// gzip by Accept-Encoding (precompressed at build; gzip made once in memory where the build made none), a strong ETag
// per encoding computed once, and 304 on revalidation. Nothing is read, compressed or hashed per request.
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Handler } from 'hono';
import { DomainError } from '../domain/errors.ts';
import { problemResponse } from './problem.ts';

type Coding = 'br' | 'gzip' | 'identity';

interface Variant {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** The best coding we have that the client accepts (by q, then br before gzip); `br;q=0` is a refusal. */
export function preferredCoding(acceptEncoding: string | undefined, available: Coding[]): Coding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (coding: Coding) => accepted.get(coding) ?? (coding === 'identity' ? 1 : (accepted.get('*') ?? 0));
  const preference: Coding[] = ['br', 'gzip', 'identity'];
  const rank = (coding: Coding) => preference.indexOf(coding);
  const usable = available.filter((coding) => weight(coding) > 0);
  return usable.sort((a, b) => weight(b) - weight(a) || rank(a) - rank(b))[0] ?? 'identity';
}

const compress = promisify(gzip);

async function loadVariants(path: string): Promise<Map<Coding, Variant> | undefined> {
  const code = await readFile(path).catch(() => undefined);
  if (!code) return undefined;
  const hash = createHash('sha256').update(code).digest('base64url').slice(0, 22);
  const variants = new Map<Coding, Variant>([['identity', { body: new Uint8Array(code), etag: `"${hash}"` }]]);
  for (const [coding, suffix] of [
    ['br', 'br'],
    ['gzip', 'gz'],
  ] as const) {
    const body = await readFile(`${path}.${suffix}`).catch(() => (coding === 'gzip' ? compress(code) : undefined));
    if (body) variants.set(coding, { body: new Uint8Array(body), etag: `"${hash}-${suffix}"` });
  }
  return variants;
}

/** Revalidated after five minutes, served stale for a day meanwhile: for a file whose name stays when it changes. */
const REVALIDATED = 'public, max-age=300, stale-while-revalidate=86400';
/** For a file whose name carries a hash of its content: it never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface FileOptions {
  contentType: string;
  /** Loadable from any origin, as a host page loads the widgets. */
  anyOrigin?: boolean;
  /** `Cache-Control`; revalidated after five minutes unless the name is content-hashed. */
  cacheControl?: string;
  /** What the 404 says when the file is missing. */
  missing: string;
}

/** `GET` of one file as built, cacheable and revalidated by ETag. */
export function staticFile(
  path: string | undefined,
  { contentType, anyOrigin = false, cacheControl = REVALIDATED, missing }: FileOptions,
): Handler {
  let loading: Promise<Map<Coding, Variant> | undefined> | undefined;
  return async (c) => {
    loading ??= path ? loadVariants(path) : Promise.resolve(undefined);
    const variants = await loading;
    if (!variants) {
      loading = undefined;
      return problemResponse(c, new DomainError('not_found', missing));
    }
    const coding = preferredCoding(c.req.header('Accept-Encoding'), [...variants.keys()]);
    const { body, etag } = variants.get(coding) as Variant;
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'Cache-Control': cacheControl,
      ...(anyOrigin ? { 'Access-Control-Allow-Origin': '*' } : {}),
      Vary: 'Accept-Encoding',
      ETag: etag,
      ...(coding === 'identity' ? {} : { 'Content-Encoding': coding }),
    };
    const known = (c.req.header('If-None-Match') ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (known.includes(etag) || known.includes('*')) return c.body(null, 304, headers);
    return c.body(body, 200, headers);
  };
}

/** `GET /widgets.js`: the widgets' loader, loadable from any origin as a module script. */
export const widgetsBundle = (path: string | undefined): Handler =>
  staticFile(path, {
    contentType: 'text/javascript; charset=utf-8',
    anyOrigin: true,
    missing: 'The widget bundle has not been built (npm run build).',
  });

/**
 * The files of `folder` beside widgets.js, served like it (`file` is the route's parameter, which the route keeps to
 * a plain name). Only files that exist get a handler, so requests for made-up names hold no memory.
 */
function besideBundle(bundlePath: string | undefined, folder: string, cacheControl?: string): Handler {
  const handlers = new Map<string, Handler>();
  const missing = `No such file beside widgets.js (npm run build).`;
  return async (c, next) => {
    const file = c.req.param('file') as string;
    let handler = handlers.get(file);
    if (!handler) {
      const path = bundlePath && join(dirname(bundlePath), folder, file);
      if (
        !path ||
        !(await access(path).then(
          () => true,
          () => false,
        ))
      ) {
        return problemResponse(c, new DomainError('not_found', missing));
      }
      handler = staticFile(path, { contentType: 'text/javascript; charset=utf-8', anyOrigin: true, cacheControl, missing });
      handlers.set(file, handler);
    }
    return handler(c, next);
  };
}

/** `GET /locales/:file`: the widgets' locale modules, built beside widgets.js and served the same way. */
export const localeModules = (bundlePath: string | undefined): Handler => besideBundle(bundlePath, 'locales');

/**
 * `GET /chunks/:file`: the chunks widgets.js imports (the shared code, each element's), beside it; their names carry
 * a hash of their content, so they are cached for good.
 */
export const widgetChunks = (bundlePath: string | undefined): Handler => besideBundle(bundlePath, 'chunks', IMMUTABLE);
