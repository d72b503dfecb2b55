import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderOutcome } from '../../workflows/order/messages';
import type { StepView } from '../../workflows/shared/steps';
import { createHarness, eventually, TEST_OPERATOR_KEY, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { postCarrierEvents, scan } from '../support/webhooks';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

const alerts = (orderId: string, kind: string) => h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `order-${orderId}` && a.body.kind === kind);
const reshipRequests = (orderId: string) => h.partners.effectsOf('warehouse').filter((c) => c.path === `/v1/orders/${orderId}/reship`);
const operator = (orderId: string, stepId: string, body: Record<string, unknown>) =>
  h.api<StepView & { reason?: string }>('POST', `/v1/orders/${orderId}/steps/${stepId}`, body, { Authorization: `Bearer ${TEST_OPERATOR_KEY}` });

/** A shipped order whose parcel the carrier reports lost; the default policy reships it. */
async function lostParcel() {
  const shipped = await j.shippedOrder({ policy: { order: { reshipConfirmWithin: '3 seconds' } } });
  await postCarrierEvents(h, shipped.parcel, [scan('in_transit'), scan('exception', { exceptionKind: 'lost', description: 'Parcel cannot be located' })]);
  await eventually(() => expect(reshipRequests(shipped.orderId)).toHaveLength(1));
  return shipped;
}

/** Waits until a step of the order is refused and returns it. */
async function refusedStep(orderId: string, stepId: string) {
  return eventually(async () => {
    const step = (await j.getOrder(orderId)).steps.find((s) => s.stepId === stepId);
    expect(step?.status).toBe('failed');
    return step!;
  }, 20_000);
}

describe('a reship the warehouse never confirms', () => {
  it('is refused after reshipConfirmWithin: flagged and alerted, then an operator retry asks again and the replacement completes the order', async () => {
    const { orderId, shipmentId, body } = await lostParcel();
    const step = await refusedStep(orderId, `reship-${shipmentId}`);
    expect(step.reason).toMatch(/has not shipped the replacement within 3 seconds/);
    const waiting = await j.getOrder(orderId);
    expect(waiting).toMatchObject({ needsAttention: true, completed: false });
    expect(waiting.parcels[0].resolution).toMatchObject({ action: 'reship', reshipStatus: 'failed' });
    await eventually(() => expect(alerts(orderId, 'reship_refused')).toMatchObject([{ body: { severity: 'critical' } }]));
    expect((await h.client.workflow.getHandle(`order-${orderId}`).describe()).status.name).toBe('RUNNING');

    expect((await operator(orderId, `reship-${shipmentId}`, { action: 'retry', note: 'warehouse had lost the ticket' })).status).toBe(200);
    await eventually(() => expect(reshipRequests(orderId).map((r) => r.idempotencyKey)).toEqual([`order-${orderId}:reship:${shipmentId}`, `order-${orderId}:reship:${shipmentId}:retry-1`]));
    const replacement = { carrier: 'dhl', trackingNumber: `JR${Date.now()}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
    expect((await j.fulfil(orderId, { type: 'shipped', parcels: [replacement] })).status).toBe(200);
    await postCarrierEvents(h, replacement, [scan('delivered')]);

    await h.client.workflow.getHandle(`order-${orderId}`).result();
    const final = await j.getOrder(orderId);
    expect(final.parcels.map((p) => p.stage)).toEqual(['lost', 'delivered']);
    expect(final.steps.find((s) => s.stepId === `reship-${shipmentId}`)).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(final.needsAttention).toBe(false);
  }, 120_000);

  it('settled by an operator: the order no longer waits for the units and ends', async () => {
    const { orderId, shipmentId } = await lostParcel();
    await refusedStep(orderId, `reship-${shipmentId}`);
    expect((await operator(orderId, `reship-${shipmentId}`, { action: 'settle', note: 'customer accepted a voucher instead' })).status).toBe(200);
    const outcome: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
    expect(outcome.result).toBe('not_delivered');
    expect((await j.getOrder(orderId)).parcels[0].resolution).toMatchObject({ reshipStatus: 'settled' });
  });
});

describe('a shipment workflow that ends without finishing', () => {
  it('does not leave the order waiting: the failure is recorded, and an operator retry follows the parcel again to delivery', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder();
    await postCarrierEvents(h, parcel, [scan('in_transit')]);
    await eventually(async () => expect((await j.getOrder(orderId)).parcels[0].stage).toBe('in_transit'));
    await h.client.workflow.getHandle(shipmentId).terminate('operator mistake');

    const step = await refusedStep(orderId, `shipment-${shipmentId}`);
    expect(step.reason).toMatch(/ended without finishing/);
    await eventually(() => expect(alerts(orderId, 'shipment_refused')).toMatchObject([{ body: { severity: 'critical' } }]));
    const waiting = await j.getOrder(orderId);
    expect(waiting.parcels[0].shipmentFailure).toMatch(/terminated|operator mistake/i);
    expect(waiting.needsAttention).toBe(true);

    expect((await operator(orderId, `shipment-${shipmentId}`, { action: 'retry' })).status).toBe(200);
    await eventually(async () => expect((await h.client.workflow.getHandle(shipmentId).describe()).status.name).toBe('RUNNING'));
    await postCarrierEvents(h, parcel, [scan('delivered')]);
    const final = await j.completed(orderId);
    expect(final.stage).toBe('delivered');
    expect(final.parcels[0].shipmentFailure).toBeUndefined();
    expect(final.needsAttention).toBe(false);
  });
});
