// `npm start`: the server in demo mode on the embedded database, with a development secret.
import { loadConfig } from './config.ts';
import { startServer, widgetsBundlePath } from './server.ts';

const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';

const config = loadConfig(process.env, widgetsBundlePath);
if (config.authSecret.length < 32) {
  console.warn('AUTH_SECRET is not set: using a fixed development secret. Never use it in production.');
  config.authSecret = DEVELOPMENT_SECRET;
}
const { port } = await startServer({ ...config, demo: true });
console.log(`One-on-one (demo) on http://localhost:${port}`);
console.log(`API documentation: http://localhost:${port}/api/docs`);
