// Demo-only routes (DEMO=1): the user switcher's people, their tokens, and the demo pages.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import { demoUser, demoUsers } from '../demo/users.ts';
import type { Clock } from '../domain/clock.ts';
import { notFound } from '../domain/errors.ts';
import { signToken } from '../http/auth.ts';
import { validationHook } from '../http/problem.ts';

const TOKEN_LIFETIME_SECONDS = 3600;

/** `GET /api/demo/users` and `POST /api/demo/token`: what a host backend does, for the demo's people. */
export function demoRoutes(secret: string, clock: Clock) {
  return new Hono()
    .get('/users', (c) => c.json({ items: demoUsers }))
    .post('/token', zValidator('json', z.strictObject({ user: z.string() }), validationHook), async (c) => {
      const user = demoUser(c.req.valid('json').user);
      if (!user) throw notFound('resource');
      const exp = Math.floor(clock().getTime() / 1000) + TOKEN_LIFETIME_SECONDS;
      const token = await signToken({ sub: user.id, name: user.name ?? undefined, courses: user.courses, exp }, secret);
      return c.json({ token });
    });
}

const pages: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html'],
  '/student': ['student.html', 'text/html'],
  '/educator': ['educator.html', 'text/html'],
  '/demo.css': ['demo.css', 'text/css'],
  '/demo.js': ['demo.js', 'text/javascript'],
};

/** The demo course platform's pages, from a fixed list: nothing else in the folder is served. */
export function demoPages(folder: string) {
  const app = new Hono();
  for (const [path, [file, type]] of Object.entries(pages)) {
    app.get(path, async (c) =>
      c.body(await readFile(join(folder, file), 'utf8'), 200, {
        'Content-Type': `${type}; charset=utf-8`,
        'Cache-Control': 'no-cache',
      }),
    );
  }
  return app;
}
