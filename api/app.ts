import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { AppDeps, AppEnv } from './context';
import { createMetrics } from './metrics';
import { redactTokens } from './redact';
import { traceRequests } from './tracing';
import { onError, problemResponse } from './problem';
import { codecApi, codecCors } from './routes/codec';
import { customersApi } from './routes/customers';
import { unsubscribePageApi } from './routes/customers/page';
import { docsApi } from './routes/docs';
import { feedbackApi } from './routes/feedback';
import { feedbackPageApi } from './routes/feedback/page';
import { healthApi } from './routes/health';
import { inventoryApi } from './routes/inventory';
import { ordersApi } from './routes/orders';
import { orderStepsApi } from './routes/orders/steps';
import { serviceApi } from './routes/service';
import { returnsApi } from './routes/returns';
import { returnStepsApi } from './routes/returns/steps';
import { shipmentsApi } from './routes/shipments';
import { trackApi } from './routes/track';
import { webhooksApi } from './routes/webhooks';
import { unmatchedWebhooksApi } from './routes/webhooks/unmatched';

/**
 * There is no central list of public paths: each route declares its own auth next to its definition (api/auth.ts
 * byKey / byKeyOrLinkToken, signed webhooks, signed customer pages), and tests/security checks every documented
 * path for it. The codec routes (api/routes/codec) check their own credential: an operator key, or the UI token
 * in their path.
 */
export function createApp(deps: AppDeps) {
  const metrics = createMetrics();
  const app = new OpenAPIHono<AppEnv>();

  app.use(traceRequests);
  app.use(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    const log = deps.logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('deps', deps);
    c.set('metrics', metrics);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    const workflowId = c.get('workflowId');
    c.get('log').info({ method: c.req.method, path: redactTokens(c.req.url), route: routePath(c), status: c.res.status, ms: Math.round(performance.now() - started), ...(workflowId && { workflowId }) }, 'request');
  });
  app.use(metrics.middleware);
  // Every Temporal call made for a request shares one deadline (TEMPORAL_CALL_TIMEOUT): with no worker or no
  // Temporal, the request answers 503 with Retry-After instead of hanging.
  app.use((c, next) => deps.temporal.connection.withDeadline(Date.now() + deps.config.temporal.callTimeoutMs, next));
  app.use(limitBody(deps.config.bodyLimitBytes));
  // The Temporal UI's CORS preflight carries no credentials; the codec routes check their own.
  app.use('/codec/*', codecCors);

  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A key from API_KEYS. Each route lists the scopes it accepts (storefront, warehouse, operator); any one of them is enough.',
  });
  registry.registerComponent('securitySchemes', 'LinkToken', { type: 'apiKey', in: 'query', name: 'token', description: 'The signed token from a customer message link.' });
  registry.registerComponent('securitySchemes', 'WebhookSignature', { type: 'apiKey', in: 'header', name: 'X-Aftercart-Signature', description: "An HMAC over the raw body with the provider's webhook secret (each provider's own header)." });
  // One chain, so AppType (and the typed client, api/client.ts) knows every route.
  const routes = app
    .route('/', healthApi)
    .route('/', ordersApi)
    .route('/', orderStepsApi)
    .route('/', shipmentsApi)
    .route('/', webhooksApi)
    .route('/', unmatchedWebhooksApi)
    .route('/', trackApi)
    .route('/', codecApi)
    .route('/', customersApi)
    .route('/', unsubscribePageApi)
    .route('/', feedbackApi)
    .route('/', feedbackPageApi)
    .route('/', serviceApi)
    .route('/', returnsApi)
    .route('/', returnStepsApi)
    .route('/', inventoryApi)
    .route('/', docsApi)
    .route('/', new Hono<AppEnv>().get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType })));

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Aftercart API', version: '1.0.0', description: 'Post-purchase journeys on Temporal: orders, shipments, returns, feedback.' },
  });
  app.notFound((c) => problemResponse(c, { title: 'Not Found', status: 404, detail: `No route for ${c.req.method} ${c.req.path}.` }));
  app.onError(onError);
  return routes;
}

/**
 * Bodies over the limit are refused with 413. A request that declares its length (every storefront, warehouse and
 * carrier client here) is judged by the header alone, and Node's HTTP parser reads exactly that many bytes; any other
 * body (chunked) is counted as it streams, by Hono's bodyLimit. Hono's middleware alone asks every request for
 * `raw.body`, which makes @hono/node-server build a full web Request and stream for it: under load that was 6 % of
 * the API's CPU before a single byte was parsed (bench/README.md, "CPU profile").
 */
function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  const onError = (c: Context<AppEnv>) =>
    problemResponse(c, {
      title: 'Payload Too Large',
      status: 413,
      detail: `Bodies are limited to ${maxSize} bytes.`,
      errors: [{ field: '(body)', reason: `larger than ${maxSize} bytes` }],
    });
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) return Number(declared) > maxSize ? onError(c) : next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return streamed(c, next);
  };
}

export type AppType = ReturnType<typeof createApp>;
