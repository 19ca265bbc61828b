// `npm start`: the demo course platform and the API on the embedded database, seeded when empty, with a mail
// catcher that receives every email the tool sends (unless SMTP_URL names a server of your own).
import { loadConfig } from './config.ts';
import { startMailCatcher } from './demo/mail-catcher.ts';
import { seedDemo } from './demo/seed.ts';
import { demoUsers } from './demo/users.ts';
import { demoPagesPath, widgetsBundlePath } from './paths.ts';
import { exitOnSignals, startServer } from './server.ts';

const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';
const DEMO_MAIL_FROM = 'One-on-one <sessions@lakeside-university.example>';

// Email goes to the catcher, on loopback, unless the environment names a server: the settings are made before
// the configuration is read, as if they had been set.
const catcher = process.env.SMTP_URL ? undefined : await startMailCatcher();
const mail = catcher ? { SMTP_URL: catcher.smtpUrl, MAIL_FROM: DEMO_MAIL_FROM } : {};

// The demo's token endpoint mints a token for anyone who asks: it listens on loopback unless HOST says otherwise.
const config = loadConfig({ ...process.env, ...mail, DEMO: '1' }, { widgetsBundlePath, demoPagesPath, host: '127.0.0.1' });
if (config.authSecret.length < 32) {
  console.warn('AUTH_SECRET is not set: using a fixed development secret. Never use it in production.');
  config.authSecret = DEVELOPMENT_SECRET;
}
const { port, shutdown } = await startServer(
  config,
  async (db) => {
    if (await seedDemo(db)) console.log('Seeded demo data into an empty database.');
  },
  { mailbox: catcher },
);
exitOnSignals(async () => {
  await shutdown();
  await catcher?.close();
});
const url = `http://localhost:${port}`;
console.log(
  `\nOne-on-one demo: ${url}/  (API documentation: ${url}/api/docs; listening on ${config.host})\n\nSwitch between these people in the page header:`,
);
for (const user of demoUsers) console.log(`  ${(user.name ?? user.id).padEnd(18)} ${user.about}`);
console.log(
  catcher
    ? `\nEmail the tool sends is caught on ${catcher.smtpUrl} and shown at ${url}/demo/mail`
    : '\nEmail goes to the server in SMTP_URL.',
);
