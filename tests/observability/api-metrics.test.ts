import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import { createHarness, eventually, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { postCarrierEvents, scan } from '../support/webhooks';

let h: Harness;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  h = await createHarness(__filename, { logger: createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) }) });
});
afterAll(() => h?.close());

const metricsText = async () => {
  const response = await h.request('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};
/** The value of one sample, found by its name and labels in any order. */
const sample = (text: string, name: string, labels: Record<string, string>) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

it('measures request latency by route pattern and status, never by raw path, beside Node process metrics', async () => {
  const body = orderBody();
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  await eventually(async () => expect((await h.api('GET', `/v1/orders/${body.orderId}`)).status).toBe(200));
  expect((await h.api('GET', '/v1/orders/no-such-order')).status).toBe(404);

  const text = await metricsText();
  expect(text).toContain('# TYPE aftercart_http_request_duration_seconds histogram');
  expect(sample(text, 'aftercart_http_request_duration_seconds_count', { method: 'POST', route: '/v1/orders', status: '201' })).toBe(1);
  expect(sample(text, 'aftercart_http_request_duration_seconds_count', { method: 'GET', route: '/v1/orders/:orderId', status: '200' })).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'aftercart_http_request_duration_seconds_count', { method: 'GET', route: '/v1/orders/:orderId', status: '404' })).toBe(1);
  expect(sample(text, 'aftercart_http_request_duration_seconds_bucket', { route: '/v1/orders/:orderId', status: '200', le: '+Inf' })).toBeGreaterThanOrEqual(1);
  expect(text).not.toContain(body.orderId);
  expect(text).not.toContain('no-such-order');
  // Node's default metrics, under their usual names.
  expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  expect(sample(text, 'aftercart_journeys_started_total', { kind: 'order' })).toBe(1);

  // A repeat of the same request starts nothing and counts nothing.
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(200);
  expect(sample(await metricsText(), 'aftercart_journeys_started_total', { kind: 'order' })).toBe(1);
});

it('counts carrier webhooks accepted and rejected, by provider and reason, as they arrive', async () => {
  const parcel = { carrier: 'dhl', trackingNumber: `JM${Date.now()}` };
  expect(await postCarrierEvents(h, parcel, [scan('in_transit')])).toBe(202);
  const forged = await h.request('/v1/webhooks/carriers/generic', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
    body: JSON.stringify({ carrier: 'dhl', trackingNumber: parcel.trackingNumber, events: [scan('delivered')] }),
  });
  expect(forged.status).toBe(401);

  const text = await metricsText();
  expect(sample(text, 'aftercart_webhooks_accepted_total', { provider: 'generic', delivery: 'kept_unmatched' })).toBe(1);
  expect(sample(text, 'aftercart_webhooks_rejected_total', { provider: 'generic', reason: 'invalid_signature' })).toBe(1);
  expect(sample(text, 'aftercart_webhooks_rejected_total', { provider: 'generic', reason: 'invalid_payload' })).toBeUndefined();
});

it('puts the workflow a request touched on its request log line', async () => {
  const body = orderBody();
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  await eventually(async () => expect((await h.api('GET', `/v1/orders/${body.orderId}`)).status).toBe(200));
  const parcel = { carrier: 'dhl', trackingNumber: `JL${Date.now()}` };
  expect(await postCarrierEvents(h, parcel, [scan('in_transit')])).toBe(202);

  const requests = logLines.filter((line) => line.msg === 'request');
  expect(requests.find((line) => line.method === 'POST' && line.route === '/v1/orders' && line.status === 201 && line.workflowId === `order-${body.orderId}`)).toBeDefined();
  expect(requests.find((line) => line.method === 'GET' && line.route === '/v1/orders/:orderId' && line.workflowId === `order-${body.orderId}`)).toBeDefined();
  expect(requests.find((line) => line.route === '/v1/webhooks/carriers/:provider' && line.workflowId === `shipment-dhl-${parcel.trackingNumber}`)).toBeDefined();
  // Requests that touch no workflow say so by leaving the field out.
  const metricsScrape = requests.find((line) => line.route === '/metrics');
  expect(metricsScrape).toMatchObject({ status: 200 });
  expect(metricsScrape).not.toHaveProperty('workflowId');
});
