// `npm start`: the demo course platform and the API on the embedded database, seeded when empty.
import { loadConfig } from './config.ts';
import { seedDemo } from './demo/seed.ts';
import { demoUsers } from './demo/users.ts';
import { demoPagesPath, widgetsBundlePath } from './paths.ts';
import { exitOnSignals, startServer } from './server.ts';

const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';

// The demo's token endpoint mints a token for anyone who asks: it listens on loopback unless HOST says otherwise.
const config = loadConfig({ ...process.env, DEMO: '1' }, { widgetsBundlePath, demoPagesPath, host: '127.0.0.1' });
if (config.authSecret.length < 32) {
  console.warn('AUTH_SECRET is not set: using a fixed development secret. Never use it in production.');
  config.authSecret = DEVELOPMENT_SECRET;
}
const { port, shutdown } = await startServer(config, async (db) => {
  if (await seedDemo(db)) console.log('Seeded demo data into an empty database.');
});
exitOnSignals(shutdown);
const url = `http://localhost:${port}`;
console.log(
  `\nOne-on-one demo: ${url}/  (API documentation: ${url}/api/docs; listening on ${config.host})\n\nSwitch between these people in the page header:`,
);
for (const user of demoUsers) console.log(`  ${(user.name ?? user.id).padEnd(18)} ${user.about}`);
