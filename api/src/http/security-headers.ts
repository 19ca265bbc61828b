// Hono's secure headers, worked out once and set in one step: on Node's response when served by node-server.
import type { HttpBindings } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { type SecureHeadersVariables, secureHeaders } from 'hono/secure-headers';

type Options = Parameters<typeof secureHeaders>[0];

/** The headers, with their values, that Hono's `secureHeaders(options)` sets on a response. */
async function headersOf(options: Options): Promise<Map<string, string>> {
  const probe = new Hono<{ Variables: SecureHeadersVariables }>().use(secureHeaders(options)).get('/', (c) => c.body(null));
  const res = await probe.request('/');
  return new Map(res.headers);
}

/**
 * The same headers as Hono's `secureHeaders(options)`, replacing any a handler set, on every response that passes
 * through it, errors included. Hono's middleware sets a dozen headers one by one on the response's `Headers`, which
 * makes the `Headers` object too (about 15 µs a request); here the set is worked out once, and under node-server it
 * goes onto Node's response in one step while the handler's own headers stay a plain object. Elsewhere (`app.request`)
 * the response's `Headers` gets them, as Hono's middleware does. (On Node's response a handler's own value of one of
 * them would win; the routes that set one, `nosniff` or `no-referrer`, set the same value.)
 */
export function securityHeaders(options?: Options): MiddlewareHandler {
  let headers: Map<string, string> | undefined;
  const ready = headersOf(options).then((made) => {
    headers = made;
    return made;
  });
  return async (c, next) => {
    await next();
    const set = headers ?? (await ready);
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (outgoing && !outgoing.headersSent) {
      outgoing.setHeaders(set);
      return;
    }
    for (const [name, value] of set) c.res.headers.set(name, value);
    c.res.headers.delete('X-Powered-By');
  };
}
