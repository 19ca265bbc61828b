// The LTI 1.3 routes (SPEC §13): JWKS, dynamic registration, OIDC login, launch, widget tokens for a launch,
// and deep linking. They answer HTML pages, never cookies: the tool page holds its launch handle in memory, so it
// works inside an LMS's iframe with third-party cookies blocked. A refusal is a 400, 401 or 403 page that says
// what failed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { SignJWT } from 'jose';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import { DomainError } from '../domain/errors.ts';
import { signToken } from '../http/auth.ts';
import { problemResponse } from '../http/problem.ts';
import { CLAIM, pageLocale } from './claims.ts';
import { type Framer, issuerFramers, launchFramers, originOf, pageHeaders, platformOrigins } from './framing.ts';
import { toolKeySource } from './keys.ts';
import { identityOf, launchOf, recordLaunch, spendDeepLink, verifyLaunch } from './launch.ts';
import { type LoginParams, startLogin } from './login.ts';
import { autoPost, deepLinkChoice, problemPage, registeredPage, SCRIPTS, toolPage, wordsFor } from './pages.ts';
import { type PlatformFetch, platformFetch } from './platform-fetch.ts';
import { platformKeys } from './platform-keys.ts';
import { LtiError, platformById, savePlatform } from './platforms.ts';
import { registerWithPlatform } from './registration.ts';

/** How long a widget token minted for a launch lives (the page asks for another when it runs out). */
const TOKEN_SECONDS = 15 * 60;
const RESPONSE_SECONDS = 5 * 60;
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

const digest = (text: string) => createHash('sha256').update(text).digest();
/** Compares the registration key in constant time. */
const sameSecret = (given: string | undefined, expected: string | undefined) =>
  Boolean(given && expected) && timingSafeEqual(digest(given as string), digest(expected as string));

export function ltiRoutes({
  db,
  config,
  clock,
  jwksCooldownMs,
  fetchPlatform = platformFetch({ allowLoopback: config.lti?.allowLoopback === true }),
}: LtiOptions) {
  const keysOf = platformKeys(fetchPlatform, jwksCooldownMs);
  const toolKey = toolKeySource(db, clock, config.lti?.privateKeyPem);
  const publicUrl = (c: Context) => (config.lti?.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
  const fields = async (c: Context) => {
    const body = c.req.method === 'POST' ? await c.req.parseBody() : {};
    const read = (name: string) => {
      const value = body[name] ?? c.req.query(name);
      return typeof value === 'string' ? value : undefined;
    };
    return read;
  };

  // A route names who may frame its pages as soon as it can tell; a refusal is framed by them too (SPEC §15).
  const app = new Hono<{ Variables: { framers: Framer[] } }>();
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

  app.get('/jwks', async (c) => c.json({ keys: [(await toolKey()).publicJwk] }, 200, { 'Cache-Control': 'public, max-age=300' }));

  app.get('/:script{(?:tool|auto-post|registered)\\.js}', (c) =>
    c.body(SCRIPTS[c.req.param('script')], 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
    }),
  );

  app.get('/register', async (c) => {
    c.set('framers', [originOf(c.req.query('openid_configuration'))]);
    if (!sameSecret(c.req.query('key'), config.lti?.registrationKey)) {
      throw new LtiError(403, 'Registration needs the key the tool was given (LTI_REGISTRATION_KEY) in the URL.');
    }
    const configUrl = c.req.query('openid_configuration');
    if (!configUrl) throw new LtiError(400, 'The registration request has no openid_configuration.');
    const platform = await registerWithPlatform(fetchPlatform, configUrl, c.req.query('registration_token'), publicUrl(c));
    await savePlatform(db, platform, clock());
    return c.html(registeredPage(platform.product ?? platform.issuer), 200, pageHeaders(c.get('framers')));
  });

  app.on(['GET', 'POST'], '/login', async (c) => {
    const read = await fields(c);
    const params: LoginParams = Object.fromEntries(
      ['iss', 'login_hint', 'target_link_uri', 'lti_message_hint', 'client_id', 'lti_deployment_id'].map((name) => [
        name,
        read(name),
      ]),
    );
    c.set('framers', await issuerFramers(db, params.iss, params.client_id));
    if (params.target_link_uri && originOf(params.target_link_uri) !== originOf(publicUrl(c))) {
      throw new LtiError(400, `The target_link_uri ${params.target_link_uri} is not this tool.`);
    }
    const { loginKey } = await toolKey();
    return c.redirect(await startLogin(db, loginKey, params, `${publicUrl(c)}/lti/launch`, clock()), 302);
  });

  app.post('/launch', async (c) => {
    const read = await fields(c);
    const { loginKey } = await toolKey();
    c.set('framers', await launchFramers(db, loginKey, read('state'), read('id_token')));
    if (read('error'))
      throw new LtiError(401, `The platform did not sign you in: ${read('error_description') ?? read('error')}.`);
    const now = clock();
    const launch = await verifyLaunch(db, loginKey, keysOf, { id_token: read('id_token'), state: read('state') }, now);
    const { claims, platform } = launch;
    const lang = pageLocale(claims[CLAIM.launchPresentation]?.locale);
    const returnUrl = claims[CLAIM.launchPresentation]?.return_url;
    const headers = pageHeaders([...platformOrigins(platform), originOf(returnUrl)]);
    const identity = identityOf(launch);
    const words = wordsFor(lang);
    if (!identity.role) return c.html(problemPage(words.forWhom, lang), 403, headers);
    const role = identity.role;
    if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest') {
      if (role !== 'educator') return c.html(problemPage(words.forWhom, lang), 403, headers);
      const handle = await recordLaunch(db, launch, { ...identity, role }, now);
      return c.html(deepLinkChoice(lang, handle, identity.courseTitle), 200, headers);
    }
    if (claims[CLAIM.custom]?.view === 'educator' && role !== 'educator') {
      return c.html(problemPage(words.educatorsOnly, lang), 403, headers);
    }
    const handle = await recordLaunch(db, launch, { ...identity, role }, now);
    return c.html(toolPage({ lang, role, courseId: identity.courseId, courseTitle: identity.courseTitle, handle }), 200, headers);
  });

  app.post('/token', async (c) => {
    const handle = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
    const now = clock();
    const launch = handle ? await launchOf(db, handle, now) : undefined;
    c.header('Cache-Control', 'no-store');
    if (!launch) return problemResponse(c, new DomainError('unauthenticated', 'No such launch, or it is over 8 hours old.'));
    const exp = Math.min(Math.floor(now.getTime() / 1000) + TOKEN_SECONDS, Math.floor(Date.parse(launch.expiresAt) / 1000));
    const course = { id: launch.courseId, role: launch.role, ...(launch.courseTitle ? { title: launch.courseTitle } : {}) };
    const token = await signToken(
      { sub: launch.userId, ...(launch.name ? { name: launch.name } : {}), courses: [course], exp },
      config.authSecret,
    );
    return c.json({ token, expiresAt: new Date(exp * 1000).toISOString() });
  });

  app.post('/deep-link', async (c) => {
    const read = await fields(c);
    const handle = read('handle');
    const now = clock();
    // The choice is made once: the launch is spent before anything is signed.
    const launch = handle ? await spendDeepLink(db, handle, now) : undefined;
    if (!launch?.deepLinkReturnUrl) throw new LtiError(401, 'This choice is no longer open: add the tool from the course again.');
    const platform = await platformById(db, launch.platformId);
    if (!platform) throw new LtiError(401, 'The platform of this launch is no longer registered.');
    const view = read('view') === 'educator' ? 'educator' : 'booking';
    const key = await toolKey();
    const jwt = await new SignJWT({
      nonce: randomBytes(16).toString('base64url'),
      [CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: launch.deploymentId,
      [CLAIM.contentItems]: [
        {
          type: 'ltiResourceLink',
          title: view === 'educator' ? 'One-on-one sessions: teachers' : 'One-on-one sessions',
          url: `${publicUrl(c)}/lti/launch`,
          custom: { view },
        },
      ],
      ...(launch.deepLinkData ? { [CLAIM.data]: launch.deepLinkData } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setAudience(platform.issuer)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + RESPONSE_SECONDS)
      .sign(key.privateKey);
    const target = originOf(launch.deepLinkReturnUrl);
    return c.html(
      autoPost(launch.deepLinkReturnUrl, { JWT: jwt }, 'en'),
      200,
      pageHeaders([...platformOrigins(platform), target], [target]),
    );
  });

  return app;
}
