// Property-based hostile input: random bodies, types, sizes, encodings, params and queries on
// every endpoint answer 4xx problem+json, never 5xx, and never change stored state.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ApproveBody, CancelBody, CreateSlotBody, RejectBody, RequestSlotBody, UpdateSlotBody } from '../src/schemas.ts';
import { setup, type TestApi, type TestUser, tableCounts, users } from './helpers.ts';

let api: TestApi;
let ids: { slot: string; request: string };

beforeAll(async () => {
  api = await setup();
  const slot = await api.slot(24);
  ids = { slot: slot.id, request: (await api.request(slot.id)).id };
});

/** Any JSON value the schema refuses. */
const invalidFor = (schema: z.ZodType) => fc.jsonValue().filter((value) => !schema.safeParse(value).success);

/** Raw bodies: broken JSON, binary noise, odd encodings. */
const rawBody = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constantFrom(
    '{',
    '{"a":',
    'null',
    '[]',
    '"x"',
    '1e999',
    '{"__proto__": {"admin": true}}',
    '\uFEFF{}',
    '{"slotId": "\u0000"}',
  ),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
);

const endpoints: {
  path: (ids: { slot: string; request: string }) => string;
  method: string;
  who: TestUser;
  schema: z.ZodType;
}[] = [
  { method: 'POST', path: () => '/api/availability/create', who: users.educator, schema: CreateSlotBody },
  { method: 'PUT', path: ({ slot }) => `/api/availability/update/${slot}`, who: users.educator, schema: UpdateSlotBody },
  { method: 'POST', path: () => '/api/session/request', who: users.otherStudent, schema: RequestSlotBody },
  { method: 'PUT', path: ({ request }) => `/api/session/approve/${request}`, who: users.educator, schema: ApproveBody },
  { method: 'PUT', path: ({ request }) => `/api/session/reject/${request}`, who: users.educator, schema: RejectBody },
  { method: 'PUT', path: ({ request }) => `/api/session/cancel/${request}`, who: users.student, schema: CancelBody },
];

async function expectRefusedWithoutChange(run: () => Promise<{ status: number; headers: Headers }>) {
  const before = await tableCounts(api.db);
  const res = await run();
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  expect(await tableCounts(api.db)).toEqual(before);
}

const writes = endpoints.map((endpoint) => ({
  ...endpoint,
  name: `${endpoint.method} ${endpoint.path({ slot: ':slotId', request: ':requestId' })}`,
}));

describe.each(writes)('$name', ({ method, path, who, schema }) => {
  it('refuses JSON bodies its schema refuses', async () => {
    await fc.assert(
      fc.asyncProperty(invalidFor(schema), async (body) => {
        await expectRefusedWithoutChange(() => api.call(method, path(ids), who, JSON.stringify(body)));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses raw bodies in any content type', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, contentType, async (body, type) => {
        fc.pre(!(type.startsWith('application/json') && schema.safeParse(safeJson(body)).success));
        await expectRefusedWithoutChange(() => api.call(method, path(ids), who, body, { 'Content-Type': type }));
      }),
      { numRuns: 40 },
    );
  });
});

/** The body as the server reads it: UTF-8 decoding drops a leading BOM, and blank counts as {}. */
function safeJson(text: string): unknown {
  const decoded = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(decoded.trim() === '' ? '{}' : decoded);
  } catch {
    return Symbol('not json');
  }
}

const getPaths = [
  '/api/availability/educator/slots',
  '/api/availability/course/c-101',
  '/api/session/my-requests',
  '/api/session/educator/requests',
];

describe('hostile parameters and queries', () => {
  const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).map(encodeURIComponent);

  it('refuses random ids in every path parameter', async () => {
    const templates = [
      ['PUT', (id: string) => `/api/availability/update/${id}`, { note: 'x' }],
      ['DELETE', (id: string) => `/api/availability/delete/${id}`, undefined],
      ['PUT', (id: string) => `/api/session/approve/${id}`, { meetingLink: 'https://meet.example.com/x' }],
      ['PUT', (id: string) => `/api/session/reject/${id}`, { reason: 'no' }],
      ['PUT', (id: string) => `/api/session/cancel/${id}`, { reason: 'no' }],
      ['GET', (id: string) => `/api/session/calendar/${id}`, undefined],
      ['GET', (id: string) => `/api/availability/course/${id}`, undefined],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templates), segment, async ([method, path, body], id) => {
        fc.pre(id !== ids.slot && id !== ids.request && id !== 'c-101');
        await expectRefusedWithoutChange(() => api.call(method, path(id), users.educator, body));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses random query strings on every list', async () => {
    const query = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 50 }), {
      minKeys: 1,
      maxKeys: 4,
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...getPaths), query, async (path, params) => {
        const search = new URLSearchParams(params).toString();
        const res = await api.call('GET', `${path}?${search}`, users.educator);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      }),
      { numRuns: 150 },
    );
  });

  it('refuses random bearer tokens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), fc.constantFrom(...getPaths), async (token, path) => {
        const res = await api.call('GET', path, undefined, undefined, {
          Authorization: `Bearer ${token.replace(/[\r\n\0]/g, '')}`,
        });
        expect(res.status).toBe(401);
      }),
      { numRuns: 100 },
    );
  });
});
