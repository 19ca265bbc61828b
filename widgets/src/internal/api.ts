// The one API client: bearer tokens, a single retry through the token provider, problem+json errors.
import type { CourseSlot, SessionRequest, Slot } from '@one-on-one/contract/resources';
import { bundleOrigin, pageSettings, type TokenProvider } from './config.ts';

export type { CourseSlot, SessionRequest, Slot };
export type RequestStatus = SessionRequest['status'];
export interface Me {
  id: string;
  name: string | null;
  courses: { id: string; role: 'student' | 'educator'; title?: string }[];
}

/** An error the API answered (problem+json), or `network` when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
    /** A series' occurrences that collide with other slots (409 slot_overlap). */
    readonly conflicts: { startsAt: string; endsAt: string }[] = [],
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
  throw new ApiError(
    res.status,
    problem.code ?? 'internal',
    problem.detail ?? 'Something went wrong.',
    problem.errors,
    problem.conflicts,
  );
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
    return new ApiError(0, 'network', 'The booking service cannot be reached. Check your connection and try again.');
  }
  console.error(
    `One-on-one: the API at ${base} does not allow this page's origin ${location.origin}. Add it to ALLOWED_ORIGINS.`,
  );
  return new ApiError(
    0,
    'origin_not_allowed',
    "The booking service does not accept requests from this site. Ask the site's administrator to allow it.",
  );
}

/** The words a person sees for an error. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong.';
  if (error.status === 401) return 'Your sign-in has expired. Reload the page to continue.';
  return error.detail;
}
