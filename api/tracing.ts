import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { tracingEnabled } from '../lib/tracing';

/**
 * One server span per HTTP request, continuing the caller's trace (traceparent) when there is one. The span is
 * named by the route pattern, never the raw path (ids and tokens stay out of span names). Off without tracing.
 */
export const traceRequests: MiddlewareHandler = async (c, next) => {
  if (!tracingEnabled()) return next();
  const parent = propagation.extract(context.active(), Object.fromEntries(c.req.raw.headers));
  const span = trace.getTracer('aftercart-api').startSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method } }, parent);
  try {
    await context.with(trace.setSpan(parent, span), next);
  } finally {
    const route = routePath(c);
    span.updateName(`${c.req.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': c.res.status });
    if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }
};
