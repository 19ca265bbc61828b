// The caller's identity and the health check.
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { createRouter } from '../http/router.ts';
import { Me } from '../schemas.ts';
import { bearer, json, problems } from './openapi.ts';

/** `GET /api/me`: who the token says the caller is, for the widgets. */
export const meRoutes = () =>
  createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      tags: ['Identity'],
      security: bearer,
      summary: 'The caller, as the token describes them',
      responses: { 200: json(Me, 'The caller'), ...problems() },
    }),
    (c) => c.json(c.get('user'), 200),
  );

/** `GET /api/health`: 200 while the database answers, 503 when it does not. */
export const healthRoutes = (db: Database) =>
  createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      security: [],
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
