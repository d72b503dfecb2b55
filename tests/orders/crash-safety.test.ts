import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { OutboundMessage } from '../../entities';
import type { OrderOutcome, OrderView } from '../../workflows/order/messages';
import { createHarness, eventually, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';

let h: Harness;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  // No in-process worker: this file's task queue is served only by worker processes we can kill.
  h = await createHarness(__filename, { worker: false, policy: { partnerActivityTimeout: '3 seconds' } });
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await h?.close();
});

async function spawnWorker(): Promise<ChildProcess> {
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: h.config.databaseUrl,
    TEMPORAL_ADDRESS: h.config.temporal.address,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    AFTERCART_POLICY: JSON.stringify(h.config.policy),
    PAYMENTS_BASE_URL: h.config.partners.payments.baseUrl,
    NOTIFICATIONS_BASE_URL: h.config.partners.notifications.baseUrl,
    WAREHOUSE_BASE_URL: h.config.partners.warehouse.baseUrl,
    INVENTORY_BASE_URL: h.config.partners.inventory.baseUrl,
    OPS_ALERTS_BASE_URL: h.config.partners.opsAlerts.baseUrl,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'worker-process.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker-ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
  return child;
}

it('refunds a cancelled order exactly once when the worker is killed in the middle of the refund', async () => {
  const first = await spawnWorker();
  const body = orderBody();
  const { orderId } = body;
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  await eventually(async () => expect((await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).status).toBe(200));

  // The payment provider takes the refund but its answer never reaches the worker: the worker dies first.
  h.partners.hold('payments');
  expect((await h.api('POST', `/v1/orders/${orderId}/cancel`, { reason: 'duplicate order' })).status).toBe(200);
  await eventually(() => expect(h.partners.calls('payments')).toHaveLength(1));
  first.kill('SIGKILL');
  await once(first, 'exit');
  h.partners.release();

  await spawnWorker();
  const outcome: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
  expect(outcome.result).toBe('cancelled');

  const key = `order-${orderId}:cancel:refund`;
  expect(h.partners.calls('payments').filter((c) => c.idempotencyKey === key).length).toBeGreaterThanOrEqual(2);
  expect(h.partners.effectsOf('payments')).toHaveLength(1);
  expect(h.partners.effectsOf('payments')[0].body).toMatchObject({ amount: 3399, payment_intent: 'pi_test_123' });
  const rows = await h.orm.em.fork().find(OutboundMessage, { idempotencyKey: key });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'sent', attempts: 2 });
  const view = (await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body;
  expect(view.cancellation).toMatchObject({ refundStatus: 'refunded', stockReleased: true });
});
