// The LTI 1.3 routes (SPEC §13): JWKS, dynamic registration, OIDC login, launch, widget tokens for a launch,
// and deep linking. They answer HTML pages, never cookies: the tool page holds its launch handle in memory, so it
// works inside an LMS's iframe with third-party cookies blocked. A refusal is a 400, 401 or 403 page that says
// what failed.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import type { LtiContext, LtiEnv } from './context.ts';
import { pageHeaders } from './framing.ts';
import { deepLink, launch, launchToken, login, register } from './handlers.ts';
import { problemPage, SCRIPTS } from './pages.ts';
import type { PlatformFetch } from './platform-fetch.ts';
import { platformKeys } from './platform-keys.ts';
import { LtiError } from './platforms.ts';
import { serviceAccess } from './services.ts';

/** An id_token and its form fit easily; nothing larger is read. */
const MAX_FORM_BYTES = 64 * 1024;

export interface LtiOptions {
  db: Database;
  config: AppConfig;
  clock: Clock;
  /** How soon a token naming an unknown key may fetch a platform's keys again (tests: 0, at once). */
  jwksCooldownMs?: number;
  /** Every request to a platform; the guarded fetch with the tool's settings unless a test gives its own. */
  fetchPlatform?: PlatformFetch;
}

export function ltiRoutes({ db, config, clock, jwksCooldownMs, fetchPlatform: given }: LtiOptions) {
  const { fetchPlatform, toolKey, serviceToken } = serviceAccess(db, config, clock, given);
  const ctx: LtiContext = {
    db,
    config,
    clock,
    fetchPlatform,
    keysOf: platformKeys(fetchPlatform, jwksCooldownMs),
    toolKey,
    serviceToken,
    publicUrl: (c) => (config.lti?.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, ''),
  };

  // A route names who may frame its pages as soon as it can tell; a refusal is framed by them too (SPEC §15).
  const app = new Hono<LtiEnv>();
  app.onError((error, c) => {
    const headers = pageHeaders(c.get('framers') ?? []);
    if (error instanceof LtiError) return c.html(problemPage(error.message), error.status, headers);
    console.error('LTI:', error);
    return c.html(problemPage('The request could not be completed.'), 400, headers);
  });
  app.use(
    '*',
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.html(problemPage('The form is too large.'), 400, pageHeaders([])) }),
  );
  app.get('/jwks', async (c) =>
    c.json({ keys: [(await ctx.toolKey()).publicJwk] }, 200, { 'Cache-Control': 'public, max-age=300' }),
  );
  app.get('/:script{(?:tool|auto-post|registered)\\.js}', (c) =>
    c.body(SCRIPTS[c.req.param('script')], 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
    }),
  );
  app.get('/register', register(ctx));
  app.on(['GET', 'POST'], '/login', login(ctx));
  app.post('/launch', launch(ctx));
  app.post('/token', launchToken(ctx));
  app.post('/deep-link', deepLink(ctx));
  return app;
}
