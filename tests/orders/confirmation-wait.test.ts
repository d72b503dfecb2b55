import { workflowMetadataQuery } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

describe('parcels waiting for an order confirmation that keeps retrying', () => {
  it('alert operators once after stepAlertAfter, show it on the journey, and clear when the confirmation goes through', async () => {
    const body = orderBody({ policy: { activities: { stepAlertAfter: '2 seconds' } } });
    const orderId = body.orderId;
    const alerts = () => h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `order-${orderId}` && a.body.kind === 'confirmation_still_retrying');
    const details = async () => (await h.client.workflow.getHandle(`order-${orderId}`).query(workflowMetadataQuery)).currentDetails ?? '';
    // The notification partner is down for about eight seconds (one retry a second in tests).
    h.partners.failNext('notifications', 503, 8);
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const parcel = { carrier: 'dhl', trackingNumber: `JW${Date.now()}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
    expect((await j.fulfil(orderId, { type: 'shipped', parcels: [parcel] })).status).toBe(200);

    await eventually(() => expect(alerts()).toHaveLength(1), 8_000);
    const waiting = await j.getOrder(orderId);
    expect(waiting).toMatchObject({ needsAttention: true });
    expect(waiting.attentionReasons).toContain('confirmation_still_retrying');
    expect(await details()).toContain('The order confirmation is still retrying');
    // The parcel's shipment has not started: it waits for the confirmation.
    expect((await h.api('GET', `/v1/shipments/shipment-dhl-${parcel.trackingNumber}`)).status).toBe(404);

    await eventually(async () => expect((await h.api('GET', `/v1/shipments/shipment-dhl-${parcel.trackingNumber}`)).status).toBe(200), 20_000);
    await eventually(async () => {
      const order = await j.getOrder(orderId);
      expect(order.attentionReasons).not.toContain('confirmation_still_retrying');
      expect(order.needsAttention).toBe(false);
    });
    expect(await details()).not.toContain('confirmation is still retrying');
    expect(j.messages(orderId).map((m) => m.template)).toEqual(['order_confirmed', 'parcel_shipped']);
    expect(alerts()).toHaveLength(1);
  });
});
