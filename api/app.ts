import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { bodyLimit } from 'hono/body-limit';
import { apiKeyAuth } from './auth';
import type { AppDeps, AppEnv } from './context';
import { createMetrics } from './metrics';
import { onError, problemResponse } from './problem';
import { healthApi } from './routes/health';
import { ordersApi } from './routes/orders';
import { shipmentsApi } from './routes/shipments';
import { trackApi } from './routes/track';
import { webhooksApi } from './routes/webhooks';
import { unmatchedWebhooksApi } from './routes/webhooks/unmatched';

/**
 * Paths that do not take an API key: platform probes, docs, customer links (they carry signed tokens) and carrier
 * webhooks (signed per provider). Other /v1/webhooks/ paths, such as the operators' unmatched list, need a key.
 */
const PUBLIC_PATHS = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/openapi\.json$/, /^\/docs/, /^\/track\//, /^\/shipments\/[^/]+\/(customs|address)$/, /^\/v1\/feedback\//, /^\/v1\/webhooks\/carriers\//, /^\/v1\/shipments\/[^/]+\/(customs-actions|address-correction)$/];

export function createApp(deps: AppDeps) {
  const metrics = createMetrics();
  const requireKey = apiKeyAuth(deps.config.apiKeys);
  const app = new OpenAPIHono<AppEnv>();

  app.use(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    const log = deps.logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('deps', deps);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    c.get('log').info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
  app.use(metrics.middleware);
  app.use(
    bodyLimit({
      maxSize: deps.config.bodyLimitBytes,
      onError: (c) => problemResponse(c, { title: 'Payload Too Large', status: 413, detail: `Bodies are limited to ${deps.config.bodyLimitBytes} bytes.` }),
    }),
  );
  app.use(async (c, next) => (PUBLIC_PATHS.some((p) => p.test(c.req.path)) ? next() : requireKey(c, next)));

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', { type: 'http', scheme: 'bearer', description: 'One of API_KEYS' });
  const routes = app.route('/', healthApi).route('/', ordersApi).route('/', shipmentsApi).route('/', webhooksApi).route('/', unmatchedWebhooksApi).route('/', trackApi);

  app.get('/metrics', (c) => c.text(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4' }));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Aftercart API', version: '1.0.0', description: 'Post-purchase journeys on Temporal: orders, shipments, returns, feedback.' },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  app.notFound((c) => problemResponse(c, { title: 'Not Found', status: 404, detail: `No route for ${c.req.method} ${c.req.path}.` }));
  app.onError(onError);
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
