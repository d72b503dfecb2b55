import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Shipment } from '../../entities';
import { createActivities } from '../../activities';
import { createHarness, eventually, type Harness } from '../support/harness';
import { uniqueId } from '../support/ids';
import { returns } from '../support/returns';
import { genericSignature, type GenericEvent } from '../support/webhooks';

let h: Harness;
let r: ReturnType<typeof returns>;
beforeAll(async () => {
  h = await createHarness(__filename);
  r = returns(h);
});
afterAll(() => h?.close());

/** Posts one parcel's events through the signed generic webhook; returns where the API says they went. */
async function carrierSends(parcel: { carrier: string; trackingNumber: string }, events: GenericEvent[]) {
  const body = JSON.stringify({ carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, events });
  const response = await h.request('/v1/webhooks/carriers/generic', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': genericSignature(body, h.config.webhookSecrets.generic) },
    body,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { parcels: { shipmentId: string; delivery: string }[] }).parcels[0];
}

const statusOf = async (workflowId: string) => (await h.client.workflow.getHandle(workflowId).describe()).status.name;

/** An order delivered in one parcel whose shipment has closed: its tracking number is free to be recycled. */
async function deliveredAndClosed() {
  const delivered = await r.deliveredOrder();
  expect((await r.completed(delivered.orderId)).stage).toBe('delivered');
  await eventually(async () => expect(await statusOf(delivered.shipmentId)).toBe('COMPLETED'));
  return delivered;
}

describe('a return label with a recycled tracking number', () => {
  it("starts a shipment of its own generation: its scans move the return, the outbound parcel's shipment stays as it ended", async () => {
    const outbound = await deliveredAndClosed();
    const n = outbound.parcel.trackingNumber;
    const outboundEvents = (await r.getShipment(outbound.shipmentId)).events.map((e) => e.eventId);

    // The carrier issues the return label with the number the outbound parcel had.
    h.partners.nextLabelNumber(n);
    const rmaId = ((await r.request(outbound.orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }])).body as { rmaId: string }).rmaId;
    const labelled = await r.until(rmaId, (v) => v.status === 'awaiting_parcel' && v.parcel !== undefined);
    expect(labelled.label?.trackingNumber).toBe(n);
    const g2 = `shipment-dhl-${n}-g2`;
    expect(labelled.parcel).toEqual({ shipmentId: g2, stage: 'shipped' });
    await eventually(async () => expect(await h.orm.em.fork().findOneOrFail(Shipment, { id: g2 })).toMatchObject({ orderId: outbound.orderId, direction: 'return', trackingNumber: n }));

    // The customer drops the parcel off: the first scan goes to the return's shipment and moves the return.
    const firstScanAt = new Date(Date.now() + 1_000).toISOString();
    expect(await carrierSends(outbound.parcel, [{ eventId: uniqueId('rs'), status: 'in_transit', occurredAt: firstScanAt }])).toEqual({ shipmentId: g2, delivery: 'delivered' });
    const moving = await r.until(rmaId, 'in_transit');
    expect(moving.parcel).toMatchObject({ shipmentId: g2, stage: 'in_transit', firstScanAt });
    expect(moving.timeline.map((t) => t.what)).toContain('Return parcel scanned by the carrier');

    // Delivered to the warehouse: the return records it, as the receipt deadline counts from it.
    const deliveredAt = new Date(Date.now() + 2_000).toISOString();
    expect(await carrierSends(outbound.parcel, [{ eventId: uniqueId('rd'), status: 'delivered', occurredAt: deliveredAt }])).toEqual({ shipmentId: g2, delivery: 'delivered' });
    await r.until(rmaId, (v) => v.parcel?.stage === 'delivered' && v.parcel.deliveredAt === deliveredAt);

    // A late scan of the outbound parcel, dated before the label was issued, reaches neither shipment.
    const late = await carrierSends(outbound.parcel, [{ eventId: uniqueId('late'), status: 'in_transit', occurredAt: new Date(Date.now() - 1_800_000).toISOString() }]);
    expect(late).toEqual({ shipmentId: outbound.shipmentId, delivery: 'kept_unmatched' });

    // The warehouse receives it and the return completes; the outbound shipment stays as it ended.
    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 2 }])).status).toBe(200);
    await r.until(rmaId, 'completed');
    const old = await r.getShipment(outbound.shipmentId);
    expect(old).toMatchObject({ orderId: outbound.orderId, stage: 'delivered' });
    expect(old.events.map((e) => e.eventId)).toEqual(outboundEvents);
    expect(await statusOf(outbound.shipmentId)).toBe('COMPLETED');
    expect((await r.getShipment(g2)).events.map((e) => e.status)).toEqual(['in_transit', 'delivered']);
  });

  it("of another order's closed parcel: the unused label expires and cancels the return's own shipment, not the older one", async () => {
    const earlier = await deliveredAndClosed();
    const { orderId } = await r.deliveredOrder();
    h.partners.nextLabelNumber(earlier.parcel.trackingNumber);
    const rmaId = ((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }], { policy: { returns: { labelValidFor: '3 seconds' } } })).body as { rmaId: string }).rmaId;
    const expired = await r.until(rmaId, 'expired');
    const g2 = `shipment-dhl-${earlier.parcel.trackingNumber}-g2`;
    expect(expired.parcel?.shipmentId).toBe(g2);
    await eventually(async () => expect(await statusOf(g2)).toBe('CANCELLED'));
    expect(await statusOf(earlier.shipmentId)).toBe('COMPLETED');
    expect(await r.getShipment(earlier.shipmentId)).toMatchObject({ orderId: earlier.orderId, stage: 'delivered' });
  });

  it('never shares an open parcel of its own order, and a retried claim gets the same generation', async () => {
    const activities = createActivities({ orm: h.orm, config: h.config });
    const trackingNumber = `JR${Date.now()}`;
    const outbound = { carrier: 'dhl', trackingNumber, orderId: 'ord-rl-a', handedOverAt: new Date().toISOString(), claimKey: `order-ord-rl-a:wms-1:dhl/${trackingNumber}` };
    expect(await activities.assignShipmentId(outbound)).toBe(`shipment-dhl-${trackingNumber}`);
    const ret = { ...outbound, claimKey: `return-rma-rl-a:return-parcel:dhl/${trackingNumber}`, direction: 'return' as const };
    expect(await activities.assignShipmentId(ret)).toBe(`shipment-dhl-${trackingNumber}-g2`);
    expect(await activities.assignShipmentId(ret)).toBe(`shipment-dhl-${trackingNumber}-g2`);
  });
});
