// RFC 9457 problem responses: every error the API gives, in one shape.
import { STATUS_CODES } from 'node:http';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { DomainError, type FieldError } from '../domain/errors.ts';

/** The problem+json response for a domain error. */
export function problemResponse(c: Context, error: DomainError): Response {
  const body = {
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.detail,
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.code === 'unauthenticated' ? { reason: 'invalid' } : {}),
    ...error.extra,
  };
  return c.json(body, error.status, { 'Content-Type': 'application/problem+json' });
}

/** Turns zod issues into the contract's `errors` list; unknown fields are named one by one. */
export function validationError(error: ZodError): DomainError {
  const errors: FieldError[] = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join('.'), message: 'Unknown field' }))
      : [{ path: issue.path.join('.'), message: issue.message }],
  );
  const detail = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
  return new DomainError('validation_failed', detail, errors);
}

/** The validators' hook: a failed schema is a 400 problem. */
export function validationHook(result: { success: boolean; error?: unknown }): void {
  if (!result.success) throw validationError(result.error as ZodError);
}

function fromHttpException(error: HTTPException): DomainError {
  switch (error.status) {
    case 413:
      return new DomainError('payload_too_large', 'The request body is larger than 16 KiB.');
    case 401:
      return new DomainError('unauthenticated', 'A valid bearer token is required.');
    case 415:
      return new DomainError('validation_failed', 'The request body must be JSON (Content-Type: application/json).');
    default:
      return new DomainError('validation_failed', error.message || 'The request is malformed.');
  }
}

/** Answers every thrown error with a problem; unexpected ones are logged and never leak details. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof DomainError) return problemResponse(c, error);
  if (error instanceof HTTPException && error.status < 500) return problemResponse(c, fromHttpException(error));
  console.error(error);
  return problemResponse(c, new DomainError('internal', 'Something went wrong on our side.'));
};

export const handleNotFound: NotFoundHandler = (c) => problemResponse(c, new DomainError('not_found', 'No such endpoint.'));
