import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/** Prometheus text exposition of request counts and latency sums per route and status. */
export function createMetrics() {
  const requests = new Map<string, { count: number; seconds: number }>();
  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    const key = `method="${c.req.method}",route="${routePath(c)}",status="${c.res.status}"`;
    const entry = requests.get(key) ?? { count: 0, seconds: 0 };
    entry.count += 1;
    entry.seconds += (performance.now() - started) / 1000;
    requests.set(key, entry);
  };
  const render = () =>
    [
      '# HELP aftercart_http_requests_total HTTP requests handled.',
      '# TYPE aftercart_http_requests_total counter',
      ...[...requests].map(([labels, e]) => `aftercart_http_requests_total{${labels}} ${e.count}`),
      '# HELP aftercart_http_request_seconds_sum Time spent handling HTTP requests.',
      '# TYPE aftercart_http_request_seconds_sum counter',
      ...[...requests].map(([labels, e]) => `aftercart_http_request_seconds_sum{${labels}} ${e.seconds.toFixed(6)}`),
      '',
    ].join('\n');
  return { middleware, render };
}
