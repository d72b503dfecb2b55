import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InventoryLedgerEntry, OutboundMessage, Refund } from '../../entities';
import type { ReturnView } from '../../workflows/returns/messages';
import { asKey, createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { returns } from '../support/returns';
import { spawnWorkerProcess } from '../support/worker-spawn';

let h: Harness;
let r: ReturnType<typeof returns>;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  // No in-process worker: this file's task queue is served only by worker processes we can kill.
  h = await createHarness(__filename, { worker: false, policy: { activities: { partnerActivityTimeout: '3 seconds' } } });
  r = returns(h);
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await h?.close();
});

it('a worker killed while the payment provider holds the refund and procurement holds the replenishment: one refund, one ledger entry per movement, one replenishment', async () => {
  const first = await spawnWorkerProcess(h, workers);
  const sku = uniqueId('LAMP').toUpperCase();
  // Nothing on hand, reorder point 5: the restocked unit leaves the sku at its reorder point.
  expect((await h.api('PUT', `/v1/inventory/${sku}`, { onHand: 0, reorderPoint: 5, reorderQuantity: 12 }, asKey('warehouse'))).status).toBe(200);
  const { orderId } = await r.deliveredOrder({ items: [{ sku, quantity: 2, unitPriceMinor: 4000 }], payment: { paymentId: uniqueId('pi'), capturedMinor: 8000 } });
  const rmaId = `crash-${orderId}`;
  expect((await r.request(orderId, [{ sku, quantity: 1, reason: 'defective' }], { rmaId })).status).toBe(201);
  await r.until(rmaId, 'awaiting_parcel', 60_000);

  // Both partners take the request but their answers never reach the worker: the worker dies first.
  h.partners.hold('payments');
  h.partners.hold('inventory');
  expect((await r.receipt(rmaId, [{ sku, condition: 'resellable', quantity: 1 }])).status).toBe(200);
  const refundKey = `return-${rmaId}:refund`;
  await eventually(() => {
    expect(h.partners.calls('payments', (c) => c.idempotencyKey === refundKey)).toHaveLength(1);
    expect(h.partners.calls('inventory', (c) => c.path === '/v1/replenishment-requests' && c.body.sku === sku)).toHaveLength(1);
  }, 30_000);
  // The ledger entry is written; the activity that wrote it has not completed.
  expect(await h.orm.em.fork().count(InventoryLedgerEntry, { reference: `return-${rmaId}`, kind: 'restocked' })).toBe(1);
  first.kill('SIGKILL');
  await once(first, 'exit');
  h.partners.release();

  await spawnWorkerProcess(h, workers);
  const view: ReturnView = await h.client.workflow.getHandle(`return-${rmaId}`).result();
  expect(view.money).toMatchObject({ status: 'refunded', amountMinor: 4000 });

  // The retry asked again under the same keys; each had one effect.
  expect(h.partners.calls('payments', (c) => c.idempotencyKey === refundKey).length).toBeGreaterThanOrEqual(2);
  expect(r.refundsAtProvider(orderId).map((c) => c.body.amount)).toEqual([4000]);
  expect((await h.orm.em.fork().find(Refund, { orderId })).map((x) => [x.status, x.amountMinor])).toEqual([['succeeded', 4000]]);
  const replenishKey = `replenish:${sku}:1`;
  expect(h.partners.calls('inventory', (c) => c.idempotencyKey === replenishKey).length).toBeGreaterThanOrEqual(2);
  expect(h.partners.effectsOf('inventory').filter((c) => c.body.sku === sku).map((c) => [c.idempotencyKey, c.body.quantity])).toEqual([[replenishKey, 12]]);
  const ledger = await h.orm.em.fork().find(InventoryLedgerEntry, { reference: `return-${rmaId}` });
  expect(ledger.map((e) => [e.kind, e.quantity]).sort()).toEqual([['expected_inbound', 1], ['restocked', 1]]);
  expect(await h.orm.em.fork().count(OutboundMessage, { idempotencyKey: replenishKey })).toBe(1);
  expect((await h.api('GET', `/v1/inventory/${sku}`, undefined, asKey('warehouse'))).body).toMatchObject({ onHand: 1, expectedInbound: 0, replenishmentOpen: true });
}, 240_000); // worker processes start slowly on a loaded machine
