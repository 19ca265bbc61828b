// The shared shape of every route module: the context variables and the validation hook.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import type { ContactClaims } from '../domain/contacts.ts';
import type { User } from '../domain/identity.ts';
import type { RequestContext } from '../domain/requests/index.ts';
import { validationHook } from './problem.ts';

export interface AppEnv {
  /** The caller, what their token says about reaching them, and when it expires. */
  Variables: { user: User; contact: ContactClaims; tokenExpiresAt: Date };
}

/** What route modules are built from. */
export interface Deps {
  db: Database;
  config: AppConfig;
  clock: Clock;
}

/** A router whose failed validations answer 400 problems. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/** The context of a request-lifecycle step for the caller of `c`, at the clock's now. */
export const lifecycleContext =
  ({ db, config, clock }: Deps) =>
  (c: Context<AppEnv>): RequestContext => ({ db, user: c.get('user'), at: clock().toISOString(), defaults: config.policy });
