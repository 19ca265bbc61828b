// Builds the API as a Hono app over a given database, configuration and clock; it never listens.
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { cors } from 'hono/cors';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppConfig } from './config.ts';
import type { Database } from './db/client.ts';
import type { Mailbox } from './demo/mail-catcher.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import { ContactMemory } from './domain/contacts.ts';
import { type CourseListingOptions, CourseListings } from './domain/course-listings.ts';
import { DomainError } from './domain/errors.ts';
import { authenticate, VerifiedTokens } from './http/auth.ts';
import { localeModules, widgetChunks, widgetsBundle } from './http/bundle.ts';
import { type KeptState, keptListing } from './http/kept-reads.ts';
import { handleError, handleNotFound, problemResponse } from './http/problem.ts';
import { type AppEnv, createRouter, type Deps } from './http/router.ts';
import { securityHeaders } from './http/security-headers.ts';
import { EventHub } from './live/hub.ts';
import { type LtiOptions, ltiRoutes } from './lti/routes.ts';
import { mailRoutes } from './mail/routes.ts';
import { availabilityRoutes } from './routes/availability.ts';
import { calendarFeedRoutes, calendarSubscriptionRoutes } from './routes/calendar.ts';
import { courseRoutes } from './routes/courses.ts';
import { demoPages, demoRoutes } from './routes/demo.ts';
import { apiDescription } from './routes/description.ts';
import { docsRoutes } from './routes/docs.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes, meRoutes } from './routes/meta.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { reportRoutes } from './routes/reports.ts';
import { rosterRoutes } from './routes/roster.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { waitlistRoutes } from './routes/waitlist.ts';

export interface AppOptions {
  db: Database;
  config: AppConfig;
  clock?: Clock;
  /** Fans the outbox out to live streams; one per process. */
  hub?: EventHub;
  /** LTI's reach to platforms: tests refetch keys at once, or give a resolver or a deadline of their own. */
  lti?: Pick<LtiOptions, 'jwksCooldownMs' | 'fetchPlatform'>;
  /** With the demo: the mail catcher `npm start` runs, shown at `/demo/mail`. */
  mailbox?: Mailbox;
  /** The course listings kept in memory: their bounds, and a tick tests step. */
  listings?: CourseListingOptions;
  /** Whether a known caller's course listing is answered ahead of the protected chain (default); tests compare. */
  keptReads?: boolean;
}

const MAX_BODY_BYTES = 16 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * An empty body with a JSON content type counts as `{}`, like a missing one. The body is read once, here, and put in
 * Hono's body cache as the text its readers (the JSON validator) then get: `{}` for an empty one, and the text as a
 * request carrying it would read it again (one more leading byte-order mark dropped), without building that request.
 */
const emptyBodyIsEmptyObject: MiddlewareHandler = async (c, next) => {
  const raw = c.req.raw;
  if (raw.body && /json/i.test(c.req.header('Content-Type') ?? '')) {
    const read = await raw.text();
    const text = read.trim() === '' ? '{}' : read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
    // Hono keeps each body read as a promise, whatever its `BodyCache` type says.
    (c.req.bodyCache as Record<string, Promise<string>>).text = Promise.resolve(text);
  }
  await next();
};

/** At most `limit` writes per user per minute on this process; 0 turns the limit off. Reads pass straight on. */
function writeRateLimit(limit: number): MiddlewareHandler<AppEnv> {
  const limiter = rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit,
    keyGenerator: (c) => c.get('user').id,
    skip: (c) => limit === 0 || !WRITE_METHODS.has(c.req.method),
    handler: (c) => problemResponse(c, new DomainError('rate_limited', `At most ${limit} changes a minute; try again shortly.`)),
  });
  return (c, next) => (limit === 0 || !WRITE_METHODS.has(c.req.method) ? next() : limiter(c, next));
}

/** The whole HTTP API: `/api/*`, `/widgets.js` and the files beside it (`/chunks/…`, `/locales/es.js`), and LTI at `/lti/*`. */
export function createApp({
  db,
  config,
  clock = systemClock,
  hub = new EventHub(db, config.policy),
  lti,
  mailbox,
  listings,
  keptReads = true,
}: AppOptions) {
  const deps = { db, config, clock };
  const app = createRouter();
  app.onError(handleError);
  app.notFound(handleNotFound);

  // The health check may be read from any page (it says nothing but "up"): the widgets probe it without CORS to
  // tell a host page that its origin is not allowed, rather than that the service is offline.
  app.use('/api/health', securityHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use('/api/*', securityHeaders());
  app.use('/widgets.js', securityHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginEmbedderPolicy: false }));
  app.use('/locales/*', securityHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginEmbedderPolicy: false }));
  app.use('/chunks/*', securityHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginEmbedderPolicy: false }));
  if (config.allowedOrigins.length > 0) {
    app.use(
      '/api/*',
      cors({
        origin: config.allowedOrigins,
        allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
        exposeHeaders: ['Retry-After', 'Content-Disposition'],
        maxAge: 600,
      }),
    );
  }
  // Reads have no body: they skip the body checks, which would otherwise build a full Request for each.
  const withBody: MiddlewareHandler = (c, next) => (WRITE_METHODS.has(c.req.method) ? bodyChecks(c, next) : next());
  const bodyChecks = every(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new DomainError('payload_too_large', 'The request body is larger than 16 KiB.');
      },
    }),
    emptyBodyIsEmptyObject,
  );
  app.use('/api/*', withBody);
  app.use('/mail/*', withBody);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.doc31('/api/openapi.json', apiDescription);
  app.route('/api/docs', docsRoutes());
  app.route('/api', healthRoutes(db));
  app.get('/widgets.js', widgetsBundle(config.widgetsBundlePath));
  app.route('/', calendarSubscriptionRoutes(deps));
  app.route('/lti', ltiRoutes({ db, config, clock, ...lti }));
  app.route('/mail', mailRoutes(deps));
  app.get('/locales/:file{(?:es|fr|de|pt-BR|ar)\\.js}', localeModules(config.widgetsBundlePath));
  app.get('/chunks/:file{[\\w-]+\\.js}', widgetChunks(config.widgetsBundlePath));
  if (config.demoPagesPath) {
    app.route('/api/demo', demoRoutes(config.authSecret, clock, mailbox));
    app.route('/', demoPages(config.demoPagesPath));
  }

  // A known caller's course listing, from what the protected chain keeps; anything else goes on to it.
  const kept: KeptState = {
    tokens: new VerifiedTokens(),
    contacts: new ContactMemory(db),
    listings: new CourseListings(db, config.policy, listings),
    clock,
  };
  if (keptReads) app.get('/api/availability/course/:courseId', keptListing(kept));
  app.route('/api', protectedApi(deps, hub, kept, lti?.fetchPlatform));
  return app;
}

/**
 * Keeps what the caller's token says about reaching them (SPEC §14), written only when it changed since this process
 * last saw it. A failure to keep it is reported and never fails the request.
 */
function rememberContact(memory: ContactMemory, clock: Clock): MiddlewareHandler<AppEnv> {
  const remember = async (c: Context<AppEnv>, next: Next) => {
    try {
      await memory.remember(c.get('user').id, c.get('contact'), clock().toISOString());
    } catch (error) {
      console.error('Could not keep a contact.', error);
    }
    await next();
  };
  // Claims already kept (the same token again, mostly) go straight on.
  return (c, next) => (memory.knows(c.get('user').id, c.get('contact')) ? next() : remember(c, next));
}

/**
 * Every `/api` route that needs a token, with its middleware: the caller is authenticated, what their token says
 * about reaching them is kept, then their writes are counted. A route added here cannot miss any of these. Mounted
 * after the public routes, which answer first.
 */
function protectedApi(deps: Deps, hub: EventHub, kept: KeptState, fetchPlatform?: LtiOptions['fetchPlatform']) {
  const { db, config, clock } = deps;
  return createRouter()
    .use(authenticate(config.authSecret, clock, kept.tokens))
    .use(rememberContact(kept.contacts, clock))
    .use(writeRateLimit(config.rateLimitPerMinute))
    .route('/', meRoutes())
    .route('/', notificationRoutes(deps))
    .route('/', eventRoutes(db, hub, clock))
    .route('/availability', availabilityRoutes(deps, kept.listings))
    .route('/session', sessionRoutes(deps))
    .route('/calendar', calendarFeedRoutes(deps))
    .route('/courses', courseRoutes(deps))
    .route('/courses', waitlistRoutes(deps))
    .route('/courses', rosterRoutes(deps, fetchPlatform))
    .route('/courses', reportRoutes(deps));
}

export type App = ReturnType<typeof createApp>;
