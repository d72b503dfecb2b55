import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../../context';

/**
 * GET /docs: Swagger UI from our own dependency (swagger-ui-dist), so the page works offline and under a strict
 * CSP; nothing comes from a CDN. The assets sit under a versioned path, so browsers may keep them.
 */
const swaggerUiDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const swaggerUiVersion = (JSON.parse(readFileSync(join(swaggerUiDir, 'package.json'), 'utf8')) as { version: string }).version;
const assetBase = `/docs/assets/${swaggerUiVersion}`;

// Our start-up script, a file rather than inline code so the policy needs no nonce or 'unsafe-inline'.
const initScript = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, tryItOutEnabled: false });\n`;

const assets: Record<string, { type: string; body: () => string }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', body: () => readFileSync(join(swaggerUiDir, 'swagger-ui.css'), 'utf8') },
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', body: () => readFileSync(join(swaggerUiDir, 'swagger-ui-bundle.js'), 'utf8') },
  'init.js': { type: 'text/javascript; charset=utf-8', body: () => initScript },
};
const loaded = new Map<string, string>();

const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Aftercart API</title>
    <link rel="stylesheet" href="${assetBase}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${assetBase}/swagger-ui-bundle.js"></script>
    <script src="${assetBase}/init.js"></script>
  </body>
</html>
`;

/** Swagger UI sets a few inline style attributes and draws its icons from data: URIs; nothing else is allowed. */
const docsPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const docsApi = new Hono<AppEnv>()
  .get('/docs', (c) => c.html(docsPage, 200, { 'Content-Security-Policy': docsPolicy, 'X-Content-Type-Options': 'nosniff' }))
  .get('/docs/assets/:version/:file', (c) => {
    const asset = assets[c.req.param('file')];
    if (!asset || c.req.param('version') !== swaggerUiVersion) return c.notFound();
    const file = c.req.param('file');
    if (!loaded.has(file)) loaded.set(file, asset.body());
    return c.body(loaded.get(file)!, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' });
  });
