// The caller's identity, the health check, and the widget bundle.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Handler } from 'hono';
import type { Database } from '../db/client.ts';
import { DomainError } from '../domain/errors.ts';
import { problemResponse } from '../http/problem.ts';
import { createRouter } from '../http/router.ts';
import { Me } from '../schemas.ts';
import { bearer, json, problems } from './openapi.ts';

/** `GET /api/me`: who the token says the caller is, for the widgets. */
export const meRoutes = () =>
  createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['Identity'],
      security: bearer,
      summary: 'The caller, as the token describes them',
      responses: { 200: json(Me, 'The caller'), ...problems() },
    }),
    (c) => c.json(c.var.user, 200),
  );

/** `GET /api/health`: 200 while the database answers, 503 when it does not. */
export const healthRoutes = (db: Database) =>
  createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['Identity'],
      summary: 'Whether the service and its database answer',
      responses: {
        200: json(z.object({ ok: z.literal(true) }), 'Healthy'),
        503: json(z.object({ ok: z.literal(false) }), 'The database does not answer'),
      },
    }),
    async (c) => {
      try {
        await db.run(sql`SELECT 1`);
        return c.json({ ok: true as const }, 200);
      } catch {
        return c.json({ ok: false as const }, 503);
      }
    },
  );

/** `GET /widgets.js`: the built single-file bundle, loadable from any origin as a module script. */
export function widgetsBundle(path: string | undefined): Handler {
  return async (c) => {
    const code = path ? await readFile(path, 'utf8').catch(() => undefined) : undefined;
    if (code === undefined) {
      return problemResponse(c, new DomainError('not_found', 'The widget bundle has not been built (npm run build).'));
    }
    const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`;
    const headers = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
      'Access-Control-Allow-Origin': '*',
      ETag: etag,
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(code, 200, headers);
  };
}
