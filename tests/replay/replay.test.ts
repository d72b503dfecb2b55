import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, eventually, TEST_OPERATOR_KEY, uniqueId, type Harness } from '../support/harness';
import { replayHistories } from '../support/replay';
import { orderBody } from '../support/orders';
import { returns } from '../support/returns';
import { postCarrierEvents, scan } from '../support/webhooks';

/**
 * Determinism guard: histories recorded from real journeys must replay against the current workflow code.
 * `RECORD_HISTORIES=1 npm test -- tests/replay` records the histories of today's code (`*.v3.json`, and the
 * refused-refund journey). Histories recorded by earlier code are kept: they stand for journeys still running
 * when new code is deployed, and must keep replaying (changes are guarded with `patched()`).
 */
const historiesDir = join(__dirname, 'histories');

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

const replay = (histories: { workflowId: string; history: unknown }[]) => replayHistories(h.config, histories);

it('replays the committed histories of recorded journeys with the current code', async () => {
  const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(4);
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
  // The shipment starts once the confirmation has gone out (messages in causal order).
  await eventually(async () => expect((await h.client.workflow.getHandle(`shipment-dhl-${parcel.trackingNumber}`).describe()).status.name).toBe('RUNNING'));
  await postCarrierEvents(h, parcel, [scan('pre_transit'), scan('in_transit'), scan('exception', { exceptionKind: 'failed_attempt' }), scan('out_for_delivery')]);
  await postCarrierEvents(h, parcel, [scan('delivered', { signedBy: 'ADA' })]);
  const order = h.client.workflow.getHandle(`order-${body.orderId}`);
  const shipment = h.client.workflow.getHandle(`shipment-dhl-${parcel.trackingNumber}`);
  await Promise.all([order.result(), shipment.result()]);

  const histories = [
    { workflowId: 'order-journey-signed-for.v3', history: await order.fetchHistory() },
    { workflowId: 'shipment-delivered-after-failed-attempt.v3', history: await shipment.fetchHistory() },
  ];
  const results = await replay(histories);
  expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
  record(histories);
});

it('replays a cancellation whose refund was refused and retried by an operator', async () => {
  const body = orderBody();
  await h.api('POST', '/v1/orders', body);
  h.partners.failNext('payments', 402, 1, 'Your card was declined.');
  await h.api('POST', `/v1/orders/${body.orderId}/cancel`, { reason: 'changed my mind' });
  await eventually(async () => {
    const retried = await h.api('POST', `/v1/orders/${body.orderId}/steps/cancel-refund`, { action: 'retry' }, { Authorization: `Bearer ${TEST_OPERATOR_KEY}` });
    expect(retried.status).toBe(200);
  });
  const order = h.client.workflow.getHandle(`order-${body.orderId}`);
  await order.result();
  const histories = [{ workflowId: 'order-cancel-refund-refused-retried.v2', history: await order.fetchHistory() }];
  expect((await replay(histories)).map((r) => r.error)).toEqual([undefined]);
  record(histories);
});

/** The ids of the `patched()` markers in a recorded history (their data is plain JSON, never encrypted). */
function patchesIn(history: ReturnType<typeof historyFromJSON>): string[] {
  return (history.events ?? []).flatMap((e) => {
    const payload = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0];
    return payload?.data ? [(JSON.parse(Buffer.from(payload.data).toString('utf8')) as { id: string }).id] : [];
  });
}

const load = (name: string) => ({ workflowId: name, history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, `${name}.json`), 'utf8'))) });

it('replays both sides of a patched change: a shipment recorded before bounded lifetimes takes the old path, a newer one the new', async () => {
  // shipmentWorkflow asks patched('shipment-bounded-lifetime') before its first command. A history recorded
  // before that change has no marker there, so replay answers false and follows the old code (poll forever, never
  // continue as new); a history recorded after it has the marker and follows the new code.
  const before = load('shipment-delivered-after-failed-attempt.v2');
  const after = load('shipment-delivered-after-failed-attempt.v3');
  expect(patchesIn(before.history)).not.toContain('shipment-bounded-lifetime');
  expect(patchesIn(after.history)).toContain('shipment-bounded-lifetime');
  expect((await replay([before, after])).map((r) => [r.workflowId, r.error?.message])).toEqual([
    [before.workflowId, undefined],
    [after.workflowId, undefined],
  ]);
});

it('replays a shipment run that continued as new and resumed its open customs case', async () => {
  const policy = { shipment: { historyEventsBeforeContinueAsNew: 20, customsEscalateAfter: '1 hour', customsAbandonAfter: '1 hour', crossBorderStalledAfter: '1 hour' } };
  const body = orderBody({ originCountry: 'US', policy });
  await h.api('POST', '/v1/orders', body);
  const parcel = { carrier: 'dhl', trackingNumber: `JC${Date.now()}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
  await h.api('POST', `/v1/orders/${body.orderId}/fulfillment-events`, { eventId: uniqueId('wms'), occurredAt: new Date().toISOString(), type: 'shipped', parcels: [parcel] });
  const shipmentId = `shipment-dhl-${parcel.trackingNumber}`;
  await eventually(async () => expect((await h.client.workflow.getHandle(shipmentId).describe()).status.name).toBe('RUNNING'));
  await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_documents_required' })]);
  const firstRun = (await h.client.workflow.getHandle(shipmentId).describe()).runId;
  for (let i = 0; i < 6; i++) await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_documents_required', description: `check ${i}` })]);
  await eventually(async () => expect((await h.client.workflow.getHandle(shipmentId).describe()).runId).not.toBe(firstRun));
  await postCarrierEvents(h, parcel, [scan('delivered')]);
  const shipment = h.client.workflow.getHandle(shipmentId);
  await shipment.result();

  const histories = [{ workflowId: 'shipment-continued-as-new-resumed-customs-case', history: await shipment.fetchHistory() }];
  expect((await replay(histories)).map((r) => r.error)).toEqual([undefined]);
  record(histories);
});

it('replays a return: approved, label, return parcel scanned, received with a mixed inspection, refunded and restocked', async () => {
  const r = returns(h);
  const { orderId } = await r.deliveredOrder();
  const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'damaged' }, { sku: 'TEA-EARLGREY', quantity: 1 }]);
  const rmaId = (answer.body as { rmaId: string }).rmaId;
  const { label } = await r.until(rmaId, 'awaiting_parcel');
  await postCarrierEvents(h, { carrier: label!.carrier, trackingNumber: label!.trackingNumber }, [{ eventId: uniqueId('rs'), status: 'in_transit', occurredAt: new Date().toISOString() }]);
  await r.until(rmaId, 'in_transit');
  await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }, { sku: 'MUG-BLUE', condition: 'damaged', quantity: 1 }]);
  const handle = h.client.workflow.getHandle(`return-${rmaId}`);
  await handle.result();
  const histories = [{ workflowId: 'return-refunded-at-receipt', history: await handle.fetchHistory() }];
  expect((await replay(histories)).map((x) => x.error)).toEqual([undefined]);
  record(histories);
});

function record(histories: { workflowId: string; history: Parameters<typeof historyToJSON>[0] }[]) {
  if (process.env.RECORD_HISTORIES !== '1') return;
  for (const { workflowId, history } of histories) writeFileSync(join(historiesDir, `${workflowId}.json`), historyToJSON(history));
}
