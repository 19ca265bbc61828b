// Small builders for route definitions: JSON bodies, responses and the problem responses.
import { STATUS_CODES } from 'node:http';
import type { z } from '@hono/zod-openapi';
import { Problem, Unauthenticated } from '../schemas.ts';

/** A required JSON body; a missing body is validated as `{}`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** The problem responses a route can give, beside 401, 413, 429 and 500 that every route can. */
export function problems(...statuses: number[]) {
  const all = [...new Set([400, 401, ...statuses, 413, 429, 500])].sort();
  return Object.fromEntries(
    all.map((status) => [
      status,
      {
        content: { 'application/problem+json': { schema: status === 401 ? Unauthenticated : Problem } },
        description: STATUS_CODES[status] ?? 'Error',
      },
    ]),
  );
}

export const bearer = [{ bearer: [] }];

/** A list's 304: the ETag the caller sent in `If-None-Match` still names the list as it reads now. */
export const notModified = {
  304: {
    description: 'Not modified: the `If-None-Match` ETag still matches; the list is the one the caller holds',
    headers: { ETag: { schema: { type: 'string' as const } } },
  },
};
