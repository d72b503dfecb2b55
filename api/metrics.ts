import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The API's Prometheus metrics (one registry per app): request latency by route pattern and status (never the
 * raw path, so no ids or tokens become labels), Node's default process metrics, and business counters that
 * the route handlers increment where the thing happens.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'aftercart_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const business = {
    journeysStarted: new Counter({
      name: 'aftercart_journeys_started_total',
      help: 'Journeys started (a repeat of the same request is not counted), by kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    webhooksAccepted: new Counter({
      name: 'aftercart_webhooks_accepted_total',
      help: 'Carrier webhook parcels accepted, by provider and delivery (delivered to a shipment, or kept unmatched).',
      labelNames: ['provider', 'delivery'] as const,
      registers: [registry],
    }),
    webhooksRejected: new Counter({
      name: 'aftercart_webhooks_rejected_total',
      help: 'Carrier webhooks refused, by provider and reason (invalid_signature, invalid_payload, unknown_provider).',
      labelNames: ['provider', 'reason'] as const,
      registers: [registry],
    }),
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const stopTimer = requestDuration.startTimer({ method: c.req.method });
    try {
      await next();
    } finally {
      stopTimer({ route: routePath(c), status: String(c.res.status) });
    }
  };
  return { middleware, registry, ...business };
}

export type ApiMetrics = ReturnType<typeof createMetrics>;
