// The anchor of the read benchmarks: Hono's hello-world on @hono/node-server, nothing else. `/me` answers what
// `/api/me` answers with the security headers the API sends, set as the API sets them: what those alone cost.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const secure = new Map(
  Object.entries({
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=15552000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  }),
);
const me = { id: 'student-0', name: null, courses: [{ id: 'course-0', role: 'student' }] };

const app = new Hono()
  .get('/', (c) => c.text('Hello Hono!'))
  .get('/me', (c) => {
    c.env.outgoing.setHeaders(secure);
    return c.json(me, 200);
  });
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: process.env.HOST ?? '127.0.0.1' }, (info) =>
  console.log(`listening on http://localhost:${info.port}`),
);
