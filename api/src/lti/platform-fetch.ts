// The one way the tool talks to an LMS (SPEC §18): every request to a platform (configuration, registration, JWKS,
// tokens, and later rosters, line items and scores) resolves the name once, refuses addresses of the tool's own
// network, connects to the very address it checked (so a second DNS answer cannot point elsewhere), follows no
// redirect, and bounds the time it waits and the bytes it reads.
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHost, refusedAddress } from './addresses.ts';

/** How long one request to a platform may take, from resolving its name to the last byte of its answer. */
export const PLATFORM_TIMEOUT_MS = 10_000;
/** The most of a configuration, JWKS or token answer the tool reads. */
export const SMALL_ANSWER = 64 * 1024;
/** The most of a roster or line-items page the tool reads. */
export const PAGE_ANSWER = 4 * 1024 * 1024;

/** A platform that could not be reached as asked; the message says why, for the logs. */
export class PlatformUnreachable extends Error {
  override name = 'PlatformUnreachable';
}

/** An address a name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** What the guarded fetch is made with. */
export interface PlatformFetchOptions {
  /** LTI_ALLOW_LOOPBACK=1: loopback platforms are reachable (tests and local trials; never production). */
  allowLoopback: boolean;
  /** Resolves a name to every address it has (the system's resolver unless a test gives one). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** The deadline of one request (PLATFORM_TIMEOUT_MS unless a test aborts it itself). */
  deadline?: () => AbortSignal;
  /** Certificate authorities to trust instead of the system's (a test's own). */
  ca?: string;
}

/** One request to a platform. */
export interface PlatformRequest {
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Headers | Record<string, string>;
  body?: string;
  /** The caller's own signal (jose's), besides the deadline. */
  signal?: AbortSignal;
  /** The most bytes of the answer to read: SMALL_ANSWER unless said. */
  maxBytes?: number;
}

/** A fetch to a platform: resolves with the whole answer, read, or rejects with PlatformUnreachable. */
export type PlatformFetch = (url: string, init?: PlatformRequest) => Promise<Response>;

const systemResolver = (hostname: string) => lookup(hostname, { all: true, verbatim: true });

/** Rejects when `signal` aborts: the deadline passed. */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    const fail = () => reject(new PlatformUnreachable('no answer in time'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });

/** The one address to connect to: the name's addresses, every one of them allowed (a mixed answer is refused). */
async function checkedAddress(hostname: string, options: PlatformFetchOptions, signal: AbortSignal): Promise<ResolvedAddress> {
  const host = bareHost(hostname);
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await Promise.race([(options.resolve ?? systemResolver)(host), aborted(signal)]).catch((error: unknown) => {
        throw error instanceof PlatformUnreachable ? error : new PlatformUnreachable(`${host} does not resolve`);
      });
  if (addresses.length === 0) throw new PlatformUnreachable(`${host} has no address`);
  for (const { address } of addresses) {
    const refused = refusedAddress(address, options.allowLoopback);
    if (refused) throw new PlatformUnreachable(refused);
  }
  return addresses[0];
}

/** Sends the request to the checked address; resolves with the answer's head, its body still unread. */
function send(url: URL, init: PlatformRequest, checked: ResolvedAddress, options: PlatformFetchOptions, signal: AbortSignal) {
  // The name stays the request's host (Host header, TLS server name, certificate check); only the lookup is pinned.
  const pinned: LookupFunction = (_name, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [checked]);
    else callback(null, checked.address, checked.family);
  };
  const headers = Object.fromEntries(new Headers(init.headers));
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  const requestOptions: RequestOptions = {
    method: init.method ?? 'GET',
    hostname: bareHost(url.hostname),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers,
    lookup: pinned,
    agent: false,
    signal,
    ...(options.ca ? { ca: options.ca } : {}),
  };
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(requestOptions, resolve);
    req.on('error', (error) =>
      reject(signal.aborted ? new PlatformUnreachable('no answer in time') : new PlatformUnreachable(error.message)),
    );
    req.end(init.body);
  });
}

/** The answer's body, refused as soon as it passes `maxBytes`, whatever its Content-Length says or omits. */
async function readAtMost(answer: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const tooLarge = () => new PlatformUnreachable(`the answer has more than ${maxBytes} bytes`);
  if (Number(answer.headers['content-length']) > maxBytes) {
    answer.destroy();
    throw tooLarge();
  }
  const stop = () => answer.destroy(new PlatformUnreachable('no answer in time'));
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of answer) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    answer.destroy();
    if (error instanceof PlatformUnreachable) throw error;
    throw new PlatformUnreachable(signal.aborted ? 'no answer in time' : `the answer broke off (${String(error)})`);
  } finally {
    signal.removeEventListener('abort', stop);
  }
  return Buffer.concat(chunks);
}

/** Statuses whose answer has no body, which a Response refuses to carry one for. */
const BODYLESS = new Set([204, 205, 304]);

/** The guarded fetch, with the tool's settings (LTI_ALLOW_LOOPBACK) and, in tests, a resolver and a deadline. */
export function platformFetch(options: PlatformFetchOptions): PlatformFetch {
  return async (target, init = {}) => {
    const deadline = options.deadline?.() ?? AbortSignal.timeout(PLATFORM_TIMEOUT_MS);
    const signal = init.signal ? AbortSignal.any([deadline, init.signal]) : deadline;
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new PlatformUnreachable(`${target} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PlatformUnreachable(`${url.protocol} is not HTTP`);
    const checked = await checkedAddress(url.hostname, options, signal);
    const answer = await send(url, init, checked, options, signal);
    const status = answer.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      answer.destroy();
      throw new PlatformUnreachable(`${url.origin} answered a redirect (${status}), which is not followed`);
    }
    const body = await readAtMost(answer, init.maxBytes ?? SMALL_ANSWER, signal);
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
    }
    if (status < 200 || status > 599) throw new PlatformUnreachable(`${url.origin} answered status ${status}`);
    return new Response(BODYLESS.has(status) ? null : new Uint8Array(body), { status, headers });
  };
}
