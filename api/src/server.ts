// The production server: reads the environment, opens and migrates the database, and listens.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { checkSecret, loadConfig, type ServerConfig } from './config.ts';
import { type Database, migrateDatabase, openDatabase } from './db/client.ts';
import { startWebhookDelivery } from './webhooks/delivery.ts';

/** Request headers up to 32 KiB are accepted (Node's default is 16 KiB); beyond, Node answers 431. */
const MAX_HEADER_BYTES = 32 * 1024;

export const widgetsBundlePath = fileURLToPath(new URL('../../widgets/dist/widgets.js', import.meta.url));

/** Creates the directory of a local database file, so a fresh checkout starts without a manual step. */
function ensureDatabaseDirectory(url: string): void {
  const path = /^file:(?!:memory:)(.+)$/.exec(url)?.[1];
  if (path && !path.startsWith('//')) mkdirSync(dirname(path), { recursive: true });
}

/** Opens, migrates, runs `prepare` (the demo seeds there) and serves; resolves once listening. */
export async function startServer(
  config: ServerConfig,
  prepare?: (db: Database) => Promise<void>,
): Promise<{ server: ServerType; port: number }> {
  ensureDatabaseDirectory(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrateDatabase(db);
  await prepare?.(db);
  const app = createApp({ db, config });
  const stopWebhooks = config.webhook ? startWebhookDelivery(db, config.webhook) : () => {};
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: config.port, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } }, (info) =>
      resolve({ server, port: info.port }),
    );
    const stop = () => {
      stopWebhooks();
      server.close(() => db.$client.close());
      // Open event streams would keep the server alive; their clients reconnect, to another instance.
      if ('closeAllConnections' in server) server.closeAllConnections();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

async function main(): Promise<void> {
  // The production server never serves the demo, whatever DEMO says.
  const config = loadConfig(process.env, { widgetsBundlePath });
  checkSecret(config.authSecret);
  const { port } = await startServer(config);
  console.log(`One-on-one API listening on http://localhost:${port}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
