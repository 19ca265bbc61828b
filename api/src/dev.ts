// `npm start`: the demo course platform and the API on the embedded database, seeded when empty.
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.ts';
import { seedDemo } from './demo/seed.ts';
import { demoUsers } from './demo/users.ts';
import { startServer, widgetsBundlePath } from './server.ts';

const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';
const demoPagesPath = fileURLToPath(new URL('../../demo', import.meta.url));

const config = loadConfig({ ...process.env, DEMO: '1' }, { widgetsBundlePath, demoPagesPath });
if (config.authSecret.length < 32) {
  console.warn('AUTH_SECRET is not set: using a fixed development secret. Never use it in production.');
  config.authSecret = DEVELOPMENT_SECRET;
}
const { port } = await startServer(config, async (db) => {
  if (await seedDemo(db)) console.log('Seeded demo data into an empty database.');
});
const url = `http://localhost:${port}`;
console.log(
  `\nOne-on-one demo: ${url}/  (API documentation: ${url}/api/docs)\n\nSwitch between these people in the page header:`,
);
for (const user of demoUsers) console.log(`  ${(user.name ?? user.id).padEnd(18)} ${user.about}`);
