// What the LTI handlers share: the database, the settings and the clock, and the keys and fetch built from them.
import type { Context } from 'hono';
import type { AppConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Clock } from '../domain/clock.ts';
import type { Framer } from './framing.ts';
import type { toolKeySource } from './keys.ts';
import type { PlatformFetch } from './platform-fetch.ts';
import type { platformKeys } from './platform-keys.ts';
import type { ServiceToken } from './services.ts';

/** What the LTI handlers share: the database, settings and clock, and the keys and fetch built from them. */
export interface LtiContext {
  db: Database;
  config: AppConfig;
  clock: Clock;
  fetchPlatform: PlatformFetch;
  keysOf: ReturnType<typeof platformKeys>;
  toolKey: ReturnType<typeof toolKeySource>;
  /** Access tokens for the platforms' services (SPEC §15), kept in memory until shortly before they expire. */
  serviceToken: ServiceToken;
  /** The tool's public origin, from PUBLIC_URL or the request's own. */
  publicUrl: (c: Context) => string;
}

/** A route names who may frame its pages as soon as it can tell (SPEC §15). */
export type LtiEnv = { Variables: { framers: Framer[] } };
