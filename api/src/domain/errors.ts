// Typed domain errors; the HTTP layer turns each into an RFC 9457 problem.
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'slot_limit'
  | 'slot_overlap'
  | 'slot_unavailable'
  | 'duplicate_request'
  | 'pending_limit'
  | 'upcoming_limit'
  | 'slot_has_requests'
  | 'slot_has_booking'
  | 'invalid_state'
  | 'too_late_to_cancel'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal';

/** One failed field of a validation error. */
export interface FieldError {
  path: string;
  message: string;
}

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  slot_limit: 409,
  slot_overlap: 409,
  slot_unavailable: 409,
  duplicate_request: 409,
  pending_limit: 409,
  upcoming_limit: 409,
  slot_has_requests: 409,
  slot_has_booking: 409,
  invalid_state: 409,
  too_late_to_cancel: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

/** A rule the caller broke. `status` follows from `code`. */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Members the problem adds for this code, such as the `conflicts` of a series. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail);
    this.status = statusOf[code];
  }
}

/** A validation error naming one field. */
export function invalidField(path: string, message: string): DomainError {
  return new DomainError('validation_failed', `${path}: ${message}`, [{ path, message }]);
}

export const notFound = (what: 'slot' | 'series' | 'request' | 'resource') => new DomainError('not_found', `No such ${what}.`);
