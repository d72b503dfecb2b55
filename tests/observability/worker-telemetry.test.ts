import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createHarness, eventually, TEST_PAYLOAD_CODEC_KEYS, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { postCarrierEvents, scan } from '../support/webhooks';

/**
 * The worker as deployed: its own process with the Temporal Runtime installed once (pino logger, Prometheus
 * metrics on WORKER_METRICS_PORT). We read its stdout as a log shipper would and scrape it as Prometheus would.
 */
let h: Harness;
let worker: ChildProcess;
let metricsPort: number;
const logLines: Record<string, unknown>[] = [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  h = await createHarness(__filename, { worker: false, policy: { shipment: { lostOrDamagedResolution: 'refund' } } });
  metricsPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: h.config.databaseUrl,
    TEMPORAL_ADDRESS: h.config.temporal.address,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    // The same payload keys as the API that starts the journeys: the worker must read what the client encrypted.
    PAYLOAD_CODEC_KEYS: TEST_PAYLOAD_CODEC_KEYS,
    AFTERCART_POLICY: JSON.stringify(h.config.policy),
    WORKER_METRICS_HOST: '127.0.0.1',
    WORKER_METRICS_PORT: String(metricsPort),
    ...h.partners.env(h.config.partners.payments.baseUrl!.replace(/\/payments$/, '')),
  };
  worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'worker-process.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let pending = '';
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line === 'worker-ready') resolve();
        else if (line.startsWith('{')) logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
    });
    worker.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await h?.close();
});

const scrape = async () => {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
};

it('serves Temporal SDK metrics and counts refunds and exception cases where they happen, logging each as JSON with its workflow', async () => {
  const j = journeys(h);
  const { orderId, parcel, shipmentId } = await j.shippedOrder();
  expect(await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'damaged', description: 'Box crushed' })])).toBe(202);
  await eventually(() => expect(h.partners.refundsFor(orderId)).toHaveLength(1));

  const text = await eventually(async () => {
    const body = await scrape();
    expect(body).toMatch(/^aftercart_refunds_total\{[^}]*status="sent"[^}]*\} 1$/m);
    expect(body).toMatch(/^aftercart_exceptions_opened_total\{[^}]*kind="damaged"[^}]*\} 1$/m);
    // The SDK's own metrics, under the names Temporal's published SDK dashboards query (recorded once the activity completed).
    expect(body).toMatch(/^temporal_activity_execution_latency_bucket\{[^}]*activity_type="refundPayment"/m);
    return body;
  });
  expect(text).toMatch(/^temporal_workflow_task_execution_latency_bucket\{/m);
  expect(text).toMatch(/^temporal_request\{/m);

  // An activity's log line: which workflow run, which activity, which attempt.
  const refundLine = await eventually(() => {
    const line = logLines.find((l) => l.msg === 'refund sent' && l.orderId === orderId);
    expect(line).toBeDefined();
    return line!;
  });
  expect(refundLine).toMatchObject({ level: 30, workflowId: `order-${orderId}`, activityType: 'refundPayment', attempt: 1 });
  expect(refundLine.runId).toMatch(/^[0-9a-f-]{36}$/);
  expect(refundLine).not.toHaveProperty('taskToken');

  // A workflow's log line, sent through the SDK's logger sink.
  const caseLine = await eventually(() => {
    const line = logLines.find((l) => l.msg === 'exception case opened' && l.workflowId === shipmentId);
    expect(line).toBeDefined();
    return line!;
  });
  expect(caseLine).toMatchObject({ level: 30, kind: 'damaged', workflowType: 'shipmentWorkflow', trackingNumber: parcel.trackingNumber });
  expect(caseLine.runId).toMatch(/^[0-9a-f-]{36}$/);
});
