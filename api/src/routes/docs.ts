// The API's documentation at /api/docs: Swagger UI over /api/openapi.json, its script and styles served by the API
// itself from the swagger-ui-dist package, so the page works with no internet, and a policy that lets it load
// nothing from anywhere else.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { staticFile } from '../http/bundle.ts';

const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>One-on-one API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/start.js"></script>
  </body>
</html>
`;

// No validator badge: it would send the document's address to a remote validator.
const start = "SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', validatorUrl: null });\n";

// Swagger UI sets inline styles and draws its icons from data: URLs; "Try it out" calls this origin only.
const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'self'";

/** `/api/docs` and the files its page loads, under `/api/docs/…`. */
export function docsRoutes() {
  const app = new Hono();
  app.get('/', (c) => c.html(page, 200, { 'Content-Security-Policy': contentSecurityPolicy, 'Cache-Control': 'no-cache' }));
  app.get('/start.js', (c) =>
    c.body(start, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }),
  );
  const missing = 'Swagger UI is not installed (npm install).';
  app.get('/swagger-ui.css', staticFile(join(swaggerUi, 'swagger-ui.css'), { contentType: 'text/css; charset=utf-8', missing }));
  app.get(
    '/swagger-ui-bundle.js',
    staticFile(join(swaggerUi, 'swagger-ui-bundle.js'), { contentType: 'text/javascript; charset=utf-8', missing }),
  );
  return app;
}
