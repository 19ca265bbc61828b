// The OpenAPI document as clients we did not write read it: Redocly's linter, Ajv, and a client generated
// with openapi-typescript and used through openapi-fetch. (Every response of the suite is also checked
// against the document, in helpers.ts.)
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import openapiTS, { astToString } from 'openapi-typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { setup, type TestApi, tokenFor, users } from './helpers.ts';
import { responseProblem } from './openapi-responses.ts';

const run = promisify(execFile);
const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
const clientCheck = fileURLToPath(new URL('../client-check/', import.meta.url));

let api: TestApi;
// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON
let doc: any;
beforeAll(async () => {
  api = await setup();
  doc = await (await api.app.request('/api/openapi.json')).json();
});

describe('the OpenAPI document', () => {
  it('passes `redocly lint` with no error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const result = await run(bin('redocly'), ['lint', '--format', 'json', file], { env }).catch((error) => error);
    const problems = JSON.parse(result.stdout).problems.filter((problem: { severity: string }) => problem.severity === 'error');
    expect(problems).toEqual([]);
  });

  it('names every operation, lists servers, and asks for the bearer token on all but the public ones', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { operationId?: string; security?: unknown }>).map(([method, op]) => ({
        path,
        method,
        ...op,
      })),
    );
    expect(operations.filter((op) => !op.operationId)).toEqual([]);
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);
    // The health check, and the calendar feed that calendar apps read with no header.
    const isPublic = (path: string) => path === '/api/health' || path === '/calendar/{file}';
    expect(operations.filter((op) => isPublic(op.path)).map((op) => op.security)).toEqual([[], []]);
    expect(operations.filter((op) => !isPublic(op.path) && JSON.stringify(op.security) !== '[{"bearer":[]}]')).toEqual([]);
  });

  it('documents why a 401 refused the token: reason expired, invalid or missing', () => {
    const schema = doc.paths['/api/me'].get.responses['401'].content['application/problem+json'].schema;
    const { allOf } = doc.components.schemas[schema.$ref.split('/').pop()];
    expect(allOf[0]).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(allOf[1].required).toEqual(['reason']);
    expect(allOf[1].properties.reason.enum).toEqual(['expired', 'invalid', 'missing']);
    expect(allOf[1].properties.reason.description).toContain('AUTH_SECRET');
  });

  it('gives meeting links a plain pattern that admits https: links only', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const link = doc.components.schemas.Approve.properties.meetingLink;
    expect(link.format).toBe('uri');
    const valid = ajv.compile(link);
    expect(['https://meet.example.com/abc-defg-hij', 'HTTPS://Meet.Example.com/x'].map((value) => valid(value))).toEqual([
      true,
      true,
    ]);
    expect(
      ['javascript:alert(1)', 'http://meet.example.com/x', 'data:text/html,hi', 'https://meet.example.com/a b'].map((value) =>
        valid(value),
      ),
    ).toEqual([false, false, false, false]);
  });

  it('is what the suite checks responses against: a field more, or a wrong type, is caught', async () => {
    const slot = await api.slot(24);
    const check = (body: unknown) =>
      responseProblem(api.app, ['POST', '/api/availability/create', 201, 'application/json', body]);
    expect(await check(slot)).toBeUndefined();
    expect(await check({ ...slot, secret: 'x' })).toMatch(/additional properties/);
    expect(await check({ ...slot, pendingCount: '0' })).toMatch(/must be integer/);
    expect(await check({ ...slot, startsAt: 'tomorrow' })).toMatch(/must match format "date-time"/);
    expect(await responseProblem(api.app, ['GET', '/api/me', 418, 'application/json', {}])).toMatch(/418 is not documented/);
  });

  it('generates a client with openapi-typescript that type-checks and works through openapi-fetch', async () => {
    writeFileSync(join(clientCheck, 'schema.d.ts'), astToString(await openapiTS(doc)));
    await run(bin('tsc'), ['-p', clientCheck]);
    // A path in a variable: the suite's own type-check must not need the generated file.
    const usage = join(clientCheck, 'usage.ts');
    const { approveOldestPending } = (await import(usage)) as {
      approveOldestPending: (token: string, fetch: (request: Request) => Promise<Response>) => Promise<string>;
    };
    const slot = await api.slot(30);
    await api.request(slot.id, users.student, 'Generated clients, please');
    const token = await tokenFor(users.educator, api.now());
    expect(await approveOldestPending(token, (request) => Promise.resolve(api.app.fetch(request)))).toBe('approved');
    expect(await approveOldestPending('not-a-token', (request) => Promise.resolve(api.app.fetch(request)))).toBe(
      'unauthenticated',
    );
  });
});
