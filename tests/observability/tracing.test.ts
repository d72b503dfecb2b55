import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { flushTracing, startTracing, stopTracing } from '../../lib/tracing';
import { createHarness, eventually, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';

/**
 * Tracing on as in production (OTEL_EXPORTER_OTLP_ENDPOINT set), exporting over OTLP/HTTP to a small local
 * collector; one order's trace is followed from the HTTP request to the notification partner.
 */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  serviceName: string;
}

let collector: Server;
const spans: ReceivedSpan[] = [];
let h: Harness;

beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: Omit<ReceivedSpan, 'serviceName'>[] }[] }[];
        };
        for (const resourceSpans of body.resourceSpans) {
          const serviceName = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ ...span, serviceName });
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  expect(startTracing({ serviceName: 'aftercart-test', endpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/` })).toBe(true);
  h = await createHarness(__filename);
});
afterAll(async () => {
  await h?.close();
  await stopTracing();
  collector?.close();
});

it('carries one trace from the HTTP request through Temporal, the workflow and the activity to the partner call', async () => {
  const body = orderBody();
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  const confirmation = await eventually(() => {
    const call = h.partners.calls('notifications').find((c) => c.idempotencyKey === `order-${body.orderId}:notify:order_confirmed`);
    expect(call?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    return call!;
  });
  const [, partnerTraceId, partnerParentId] = confirmation.traceparent!.split('-');

  const trace = await eventually(async () => {
    await flushTracing();
    const server = spans.find((s) => s.name === 'POST /v1/orders' && s.kind === 2 && s.traceId === partnerTraceId);
    expect(server, 'the HTTP server span of POST /v1/orders carries the trace id the partner received').toBeDefined();
    const inTrace = spans.filter((s) => s.traceId === partnerTraceId);
    expect(inTrace.map((s) => s.name)).toEqual(expect.arrayContaining(['StartWorkflow:orderJourneyWorkflow', 'RunActivity:notifyCustomer', 'POST notifications/order_confirmed']));
    return inTrace;
  });
  // Walking up from the partner: our client span for the call, the activity, the workflow start, the request.
  const parentOf = (span: ReceivedSpan | undefined) => trace.find((s) => s.spanId === span?.parentSpanId);
  const clientSpan = trace.find((s) => s.spanId === partnerParentId);
  expect(clientSpan).toMatchObject({ name: 'POST notifications/order_confirmed', kind: 3 });
  const activity = parentOf(clientSpan);
  expect(activity?.name).toBe('RunActivity:notifyCustomer');
  const start = parentOf(activity);
  expect(start?.name).toBe('StartWorkflow:orderJourneyWorkflow');
  expect(parentOf(start)).toMatchObject({ name: 'POST /v1/orders', kind: 2 });
  expect(trace.every((s) => s.serviceName === 'aftercart-test')).toBe(true);
});
