import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OutboundMessage, Refund } from '../../entities';
import type { OrderOutcome, OrderView } from '../../workflows/order/messages';
import { createHarness, eventually, TEST_OPERATOR_KEY, type Harness } from '../support/harness';
import { spawnWorkerProcess } from '../support/worker-spawn';
import { orderBody } from '../support/orders';

let h: Harness;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  // No in-process worker: this file's task queue is served only by worker processes we can kill.
  h = await createHarness(__filename, { worker: false, policy: { activities: { partnerActivityTimeout: '3 seconds' } } });
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await h?.close();
});

const spawnWorker = () => spawnWorkerProcess(h, workers);

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
  expect(h.partners.effectsOf('payments')[0].body).toMatchObject({ amount: 3399, payment_intent: body.payment.paymentId });
  const rows = await h.orm.em.fork().find(OutboundMessage, { idempotencyKey: key });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'sent', attempts: 2 });
  const view = (await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body;
  expect(view.cancellation).toMatchObject({ refundStatus: 'refunded', stockReleased: true });
}, 180_000); // worker processes start slowly on a loaded machine

it('a refund refused during compensation survives a worker crash: recorded, alerted and retried once each', async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  const first = await spawnWorker();
  const body = orderBody();
  const { orderId } = body;
  const ledger = () => h.orm.em.fork().find(Refund, { orderId }, { orderBy: { id: 'asc' } });
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  await eventually(async () => expect((await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).status).toBe(200));

  // The payments partner refuses; the worker dies as soon as the refusal is on the ledger.
  h.partners.failNext('payments', 402, 1, 'Your card was declined.');
  expect((await h.api('POST', `/v1/orders/${orderId}/cancel`, { reason: 'duplicate order' })).status).toBe(200);
  await eventually(async () => expect((await ledger()).map((r) => r.status)).toEqual(['failed']), 30_000, 20);
  first.kill('SIGKILL');
  await once(first, 'exit');

  await spawnWorker();
  const view = await eventually(async () => {
    const order = (await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body;
    expect(order.cancellation).toMatchObject({ refundStatus: 'failed', refundFailure: expect.stringContaining('Your card was declined.') });
    return order;
  }, 30_000);
  expect(view.needsAttention).toBe(true);
  const refusedAlerts = () => h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `order-${orderId}` && a.body.kind === 'refund_refused');
  await eventually(() => expect(refusedAlerts()).toHaveLength(1));

  const retry = await h.api('POST', `/v1/orders/${orderId}/steps/cancel-refund`, { action: 'retry', note: 'card updated' }, { Authorization: `Bearer ${TEST_OPERATOR_KEY}` });
  expect(retry.status).toBe(200);
  const outcome: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
  expect(outcome.result).toBe('cancelled');
  expect(h.partners.refundsFor(orderId)).toHaveLength(1);
  expect((await ledger()).map((r) => r.status)).toEqual(['failed', 'succeeded']);
  expect(refusedAlerts()).toHaveLength(1);
}, 180_000);

