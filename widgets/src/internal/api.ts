// The one API client: bearer tokens, a single retry through the token provider, problem+json errors.
import type { CourseSlot, Notifications, Policy, SessionRequest, Slot, WaitlistEntry } from '@one-on-one/contract/resources';
import type { Party, RequestStatus } from '@one-on-one/contract/vocabulary';
import { bundleOrigin, pageSettings, type TokenProvider } from './config.ts';
import { msg } from './localize.ts';

export type { CourseSlot, Notifications, Policy, RequestStatus, SessionRequest, Slot, WaitlistEntry };
export interface Me {
  id: string;
  name: string | null;
  courses: { id: string; role: Party; title?: string }[];
}

/**
 * An error the API answered (problem+json), `network` when it could not be reached, or `origin_not_allowed`
 * when it answered but does not allow the page's origin. `detail` is the API's English, for logs.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
    /** A series' occurrences that collide with other slots (409 slot_overlap). */
    readonly conflicts: { startsAt: string; endsAt: string }[] = [],
    /** Why a 401 refused the token: `expired`, `invalid` or `missing` (SPEC §16). */
    readonly reason?: string,
  ) {
    super(detail);
  }
}

/** Where an element gets its settings; unset ones fall back to `configure()`'s. */
export interface Credentials {
  apiBase?: string;
  token?: string;
  tokenProvider?: TokenProvider;
}

const provided = new WeakMap<TokenProvider, Promise<string>>();

async function tokenFrom(provider: TokenProvider, fresh: boolean): Promise<string> {
  if (fresh || !provided.has(provider)) provided.set(provider, Promise.resolve(provider()));
  return provided.get(provider) as Promise<string>;
}

/** Whether `from`, or the page, has a token or a way to get one. */
export function canSignIn(from: Credentials): boolean {
  const page = pageSettings();
  return Boolean(from.token ?? from.tokenProvider ?? page.token ?? page.tokenProvider);
}

/** Calls the API with the element's (or the page's) credentials. */
export async function callApi<T>(
  from: Credentials,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const res = await respond(from, method, path, { body, signal });
  if (res.status === 204) return undefined as T;
  return (res.headers.get('Content-Type')?.includes('json') ? res.json() : res.blob()) as Promise<T>;
}

/**
 * The API's successful response: sends the token (asking the provider when none is set), asks the
 * provider once more after a 401, and throws an ApiError for any problem.
 */
export async function respond(
  from: Credentials,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  retried = false,
): Promise<Response> {
  const { body, headers = {}, signal } = options;
  const page = pageSettings();
  const provider = from.tokenProvider ?? page.tokenProvider;
  const token = (!retried && (from.token ?? page.token)) || (provider ? await tokenFrom(provider, retried) : '');
  const base = from.apiBase ?? page.apiBase ?? bundleOrigin;
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      signal,
      headers: {
        ...headers,
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw await unreachable(base);
  }
  if (res.status === 401 && provider && !retried) return respond(from, method, path, options, true);
  if (res.ok) return res;
  const problem = await res.json().catch(() => ({}));
  const { reason } = problem;
  if (reason && reason !== 'expired') {
    console.error(
      `One-on-one: the API refused the token (reason: ${reason}). Check that it is signed with the API's AUTH_SECRET.`,
    );
  }
  throw new ApiError(res.status, problem.code ?? 'internal', problem.detail ?? '', problem.errors, problem.conflicts, reason);
}

/**
 * Why a call failed before any answer: the service is down or offline, or it answered and the browser kept the
 * answer from this page because the API does not allow the page's origin (CORS). A request that needs no CORS
 * (`no-cors`) tells them apart: it reaches a running service whatever the origin.
 */
async function unreachable(base: string): Promise<ApiError> {
  const answers = await fetch(`${base}/api/health`, { mode: 'no-cors' }).then(
    () => true,
    () => false,
  );
  if (!answers) {
    return new ApiError(0, 'network', '');
  }
  console.error(
    `One-on-one: the API at ${base} does not allow this page's origin ${location.origin}. Add it to ALLOWED_ORIGINS.`,
  );
  return new ApiError(0, 'origin_not_allowed', '');
}

/** The words a person sees for each error code, in the locale being rendered; never the API's English. */
const errorTexts = (): Record<string, string> => ({
  network: msg('Cannot reach the booking service. Check your connection and try again.'),
  origin_not_allowed: msg('This site may not use the booking service. Ask its administrator to allow it.'),
  unauthenticated: msg('Your sign-in has expired. Reload the page to continue.'),
  validation_failed: msg('Some details are not valid.'),
  forbidden: msg('Your role in this course does not allow this.'),
  not_found: msg('This no longer exists.'),
  slot_limit: msg('You have reached the limit of upcoming slots. Delete some before adding more.'),
  slot_overlap: msg('This time overlaps another of your slots.'),
  slot_unavailable: msg('That time was just taken. Please choose another.'),
  duplicate_request: msg('You already requested this time.'),
  pending_limit: msg('You have reached the limit of requests awaiting approval in this course.'),
  upcoming_limit: msg('You have reached the limit of upcoming sessions in this course.'),
  slot_has_requests: msg('Students have asked for this slot, so its time cannot change.'),
  slot_has_booking: msg('This slot is booked. Cancel the session first.'),
  invalid_state: msg('This request has changed in the meantime.'),
  too_late_to_cancel: msg('It is too late to cancel or move this session.'),
  payload_too_large: msg('This text is too long.'),
  rate_limited: msg('Too many changes at once. Wait a minute and try again.'),
});

/** The words a person sees for an error, in the locale being rendered. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError && error.reason && error.reason !== 'expired') {
    return msg("This site's sign-in was not accepted by the booking service.");
  }
  return errorTexts()[error instanceof ApiError ? error.code : ''] ?? msg('Something went wrong. Please try again.');
}
