// Runs the API: opens and migrates the database, starts the background jobs, listens, and shuts down gracefully.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { type Database, migrateDatabase, openDatabase } from './db/client.ts';
import { systemClock } from './domain/clock.ts';
import { startExpirySweep } from './jobs/expiry.ts';
import { startWaitlistJobs } from './jobs/waitlist.ts';
import { EventHub } from './live/hub.ts';
import { startOutboxRetention } from './live/outbox.ts';
import { scoreSender, startScorePosting } from './lti/grade-sync.ts';
import { startMailEngine } from './mail/engine.ts';
import { smtpMailer } from './mail/transport.ts';
import { startWebhookDelivery } from './webhooks/delivery.ts';

/** Request headers up to 32 KiB are accepted (Node's default is 16 KiB); beyond, Node answers 431. */
const MAX_HEADER_BYTES = 32 * 1024;

/** Creates the directory of a local database file, so a fresh checkout starts without a manual step. */
function ensureDatabaseDirectory(url: string): void {
  const path = /^file:(?!:memory:)(.+)$/.exec(url)?.[1];
  if (path && !path.startsWith('//')) mkdirSync(dirname(path), { recursive: true });
}

/** How long in-flight requests may take to finish at shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  port: number;
  /** Stops accepting, ends event streams, lets in-flight requests finish (within a bound), then closes the database. */
  shutdown(): Promise<void>;
}

/**
 * Opens, migrates, runs `prepare` (the demo seeds there) and serves; resolves once listening. `mailbox` is the
 * demo's mail catcher, which only `npm start` runs.
 */
export async function startServer(
  config: ServerConfig,
  prepare?: (db: Database) => Promise<void>,
  { mailbox }: Pick<AppOptions, 'mailbox'> = {},
): Promise<RunningServer> {
  // A transport that cannot be set up stops the start; one whose server is down only delays delivery.
  const mailer = config.mail && smtpMailer(config.mail.smtpUrl);
  ensureDatabaseDirectory(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateDatabase(db);
  await prepare?.(db);
  const hub = new EventHub(db, config.policy);
  const app = createApp({ db, config, hub, mailbox });
  const stopJobs = [
    config.webhook ? startWebhookDelivery(db, config.webhook) : () => {},
    startOutboxRetention(db, config.eventRetentionDays, { webhook: Boolean(config.webhook), mail: Boolean(config.mail) }),
    startWaitlistJobs(db, config.policy),
    startExpirySweep(db, systemClock),
    startScorePosting(scoreSender(db, config, systemClock), systemClock),
  ];
  // `serve` makes a plain node:http server unless told to make another kind.
  const server = await new Promise<Server>((resolve) => {
    const listening = serve(
      { fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } },
      () => resolve(listening as Server),
    );
  });
  const port = (server.address() as AddressInfo).port;
  if (config.mail && mailer) {
    // Links in emails need the tool's public origin; without PUBLIC_URL they name this server on loopback.
    const publicUrl = config.lti?.publicUrl ?? `http://localhost:${port}`;
    if (!config.lti?.publicUrl) console.warn(`PUBLIC_URL is not set: the links in emails point at ${publicUrl}.`);
    const settings = config.mail;
    stopJobs.push(startMailEngine({ db, settings, mailer, secret: config.authSecret, publicUrl, clock: systemClock }));
  }
  let stopping: Promise<void> | undefined;
  // While stopping, a keep-alive connection is closed as soon as its last response has gone out.
  server.on('request', (_req, res) => res.once('finish', () => stopping && setImmediate(() => server.closeIdleConnections())));
  const shutdown = () => {
    stopping ??= (async () => {
      for (const stop of stopJobs) stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      hub.close();
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(cut);
      db.$client.close();
    })();
    return stopping;
  };
  return { port, shutdown };
}

/** SIGTERM or SIGINT shuts down gracefully, then exits. */
export function exitOnSignals(shutdown: () => Promise<void>): void {
  const stop = () => void shutdown().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
