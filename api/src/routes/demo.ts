// Demo-only routes (DEMO=1): the user switcher's people, their tokens, and the demo pages.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Mailbox } from '../demo/mail-catcher.ts';
import { demoUser, demoUsers } from '../demo/users.ts';
import type { Clock } from '../domain/clock.ts';
import { notFound } from '../domain/errors.ts';
import { signToken } from '../http/auth.ts';
import { validationHook } from '../http/problem.ts';

const TOKEN_LIFETIME_SECONDS = 3600;

/** Who the demo signs in, and the page's language and time zone, which a platform knows from its own profile. */
const TokenRequest = z.strictObject({
  user: z.string(),
  locale: z.string().max(35).optional(),
  zoneinfo: z.string().max(64).optional(),
});

/**
 * `GET /api/demo/users` and `POST /api/demo/token`: what a host backend does, for the demo's people; and
 * `/api/demo/mail…`, what the demo's mail catcher received, when `npm start` runs one.
 */
export function demoRoutes(secret: string, clock: Clock, mailbox?: Mailbox) {
  return new Hono()
    .get('/users', (c) => c.json({ items: demoUsers }))
    .post('/token', zValidator('json', TokenRequest, validationHook), async (c) => {
      const { user: id, locale, zoneinfo } = c.req.valid('json');
      const user = demoUser(id);
      if (!user) throw notFound('resource');
      const exp = Math.floor(clock().getTime() / 1000) + TOKEN_LIFETIME_SECONDS;
      const claims = {
        sub: user.id,
        name: user.name ?? undefined,
        courses: user.courses,
        email: user.email,
        locale,
        zoneinfo,
        exp,
      };
      return c.json({ token: await signToken(claims, secret) });
    })
    .route('/mail', mailRoutes(mailbox));
}

/** The catcher's messages, newest first; one message with its parts; one attachment as a download. */
function mailRoutes(mailbox: Mailbox | undefined) {
  const find = (id: string) => {
    const message = mailbox?.message(id);
    if (!message) throw notFound('resource');
    return message;
  };
  return new Hono()
    .use(async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    })
    .get('/', (c) =>
      c.json({
        smtpUrl: mailbox?.smtpUrl ?? null,
        items: (mailbox?.messages() ?? []).map(({ id, receivedAt, from, to, subject }) => ({
          id,
          receivedAt,
          from,
          to,
          subject,
        })),
      }),
    )
    .get('/:id', (c) => {
      const { attachments, ...message } = find(c.req.param('id'));
      return c.json({
        ...message,
        attachments: attachments.map(({ filename, contentType, content }, index) => ({
          filename,
          contentType,
          size: content.length,
          url: `/api/demo/mail/${message.id}/attachments/${index}`,
        })),
      });
    })
    .get('/:id/attachments/:index', (c) => {
      const attachment = find(c.req.param('id')).attachments[Number(c.req.param('index'))];
      if (!attachment) throw notFound('resource');
      const filename = attachment.filename.replace(/[^\w.-]/g, '_');
      return c.body(new Uint8Array(attachment.content), 200, {
        'Content-Type': attachment.contentType.split(';')[0],
        'Content-Disposition': `attachment; filename="${filename}"`,
        'X-Content-Type-Options': 'nosniff',
      });
    });
}

/**
 * The mail page shows messages as received: their HTML goes into a sandboxed frame without scripts, and this
 * policy (which that frame inherits) allows no script but the page's own, nor forms, plugins or framing.
 */
const MAIL_PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "object-src 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const pages: Record<string, [file: string, type: string, headers?: Record<string, string>]> = {
  '/': ['index.html', 'text/html'],
  '/student': ['student.html', 'text/html'],
  '/educator': ['educator.html', 'text/html'],
  '/demo/mail': ['mail.html', 'text/html', { 'Content-Security-Policy': MAIL_PAGE_POLICY }],
  '/demo.css': ['demo.css', 'text/css'],
  '/demo.js': ['demo.js', 'text/javascript'],
  '/demo/mail.js': ['mail.js', 'text/javascript'],
};

/** The demo course platform's pages, from a fixed list: nothing else in the folder is served. */
export function demoPages(folder: string) {
  const app = new Hono();
  for (const [path, [file, type, headers]] of Object.entries(pages)) {
    app.get(path, async (c) =>
      c.body(await readFile(join(folder, file), 'utf8'), 200, {
        'Content-Type': `${type}; charset=utf-8`,
        'Cache-Control': 'no-cache',
        ...headers,
      }),
    );
  }
  return app;
}
