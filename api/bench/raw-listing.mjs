// An anchor of the read benchmarks: bare Hono that runs the given statements through @libsql/client and answers the
// last one's rows as JSON, as the course listing's database path does without the rest of the API.
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { Hono } from 'hono';

const client = createClient({ url: process.env.DATABASE_URL ?? ':memory:' });
const statements = JSON.parse(process.env.RAW_STATEMENTS ?? '[]');
const app = new Hono().get('/', async (c) => {
  let result;
  for (const statement of statements) result = await client.execute(statement);
  return c.json({ items: result?.rows ?? [], nextCursor: null });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: process.env.HOST ?? '127.0.0.1' }, (info) =>
  console.log(`listening on http://localhost:${info.port}`),
);
