import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';

type OpenApiDoc = { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { required?: string[] }> } };

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, { worker: false });
});
afterAll(() => h?.close());

describe('platform endpoints', () => {
  it('reports liveness and readiness without an API key', async () => {
    expect((await h.request('/healthz')).status).toBe(200);
    const ready = await h.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { temporal: { status: 'ok' }, database: { status: 'ok' } } });
  });

  it('serves an OpenAPI document generated from the validation schemas, and a docs page', async () => {
    const doc = (await (await h.request('/openapi.json')).json()) as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/orders', '/v1/orders/{orderId}', '/v1/orders/{orderId}/cancel']));
    expect(doc.components.schemas.CreateOrder.required).toEqual(expect.arrayContaining(['orderId', 'customer', 'items', 'payment']));
    const docs = await h.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('echoes a request id and exposes Prometheus metrics', async () => {
    const response = await h.request('/healthz', { headers: { 'X-Request-Id': 'req-123' } });
    expect(response.headers.get('x-request-id')).toBe('req-123');
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).toMatch(/^aftercart_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/m);
  });

  it('answers unknown routes with a 404 problem document', async () => {
    const response = await h.request('/v1/nothing-here', { headers: { Authorization: 'Bearer test-key-0123456789' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
