import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createHarness, uniqueId, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { postCarrierEvents, scan } from '../support/webhooks';

/**
 * Determinism guard: histories recorded from real journeys must replay against the current workflow code.
 * `RECORD_HISTORIES=1 npm test -- tests/replay` refreshes the committed histories after an intended change
 * (and only together with a versioning plan for running journeys).
 */
const historiesDir = join(__dirname, 'histories');

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

async function replay(histories: { workflowId: string; history: unknown }[]) {
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: 'aftercart-replay' }, histories)) {
    results.push(result);
  }
  return results;
}

it('replays the committed histories of recorded journeys with the current code', async () => {
  const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(2);
  const histories = files.map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))) }));
  const results = await replay(histories);
  expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(histories.map((x) => [x.workflowId, undefined]));
});

it('replays a fresh full journey, order and shipment, without nondeterminism', async () => {
  const body = orderBody({ requiresSignature: true });
  await h.api('POST', '/v1/orders', body);
  const fulfil = (event: Record<string, unknown>) => h.api('POST', `/v1/orders/${body.orderId}/fulfillment-events`, { eventId: uniqueId('wms'), occurredAt: new Date().toISOString(), ...event });
  await fulfil({ type: 'picking_started' });
  await fulfil({ type: 'packed' });
  const parcel = { carrier: 'dhl', trackingNumber: `JD${Date.now()}`, items: [{ sku: 'MUG-BLUE', quantity: 2 }, { sku: 'TEA-EARLGREY', quantity: 1 }] };
  await fulfil({ type: 'shipped', parcels: [parcel] });
  await postCarrierEvents(h, parcel, [scan('pre_transit'), scan('in_transit'), scan('exception', { exceptionKind: 'failed_attempt' }), scan('out_for_delivery')]);
  await postCarrierEvents(h, parcel, [scan('delivered', { signedBy: 'ADA' })]);
  const order = h.client.workflow.getHandle(`order-${body.orderId}`);
  const shipment = h.client.workflow.getHandle(`shipment-dhl-${parcel.trackingNumber}`);
  await Promise.all([order.result(), shipment.result()]);

  const histories = [
    { workflowId: 'order-journey-signed-for', history: await order.fetchHistory() },
    { workflowId: 'shipment-delivered-after-failed-attempt', history: await shipment.fetchHistory() },
  ];
  const results = await replay(histories);
  expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
  if (process.env.RECORD_HISTORIES === '1') {
    for (const { workflowId, history } of histories) writeFileSync(join(historiesDir, `${workflowId}.json`), historyToJSON(history));
  }
});
