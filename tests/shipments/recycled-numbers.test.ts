import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';
import type { GenericEvent } from '../support/webhooks';
import { genericSignature } from '../support/webhooks';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

/** Posts one parcel's events through the signed generic webhook; returns what the API says it did. */
async function carrierSends(parcel: { carrier: string; trackingNumber: string }, events: GenericEvent[]) {
  const body = JSON.stringify({ ...parcel, events });
  const response = await h.request('/v1/webhooks/carriers/generic', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': genericSignature(body, h.config.webhookSecrets.generic) },
    body,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { parcels: { shipmentId: string; delivery: string }[] }).parcels[0];
}

/** Carrier events of one parcel, dated `at` on, with the event ids a carrier derives from the number and status. */
const eventsOf = (trackingNumber: string, at: number, extra: Partial<GenericEvent> = {}) => ({
  failedAttempt: { eventId: `${trackingNumber}-attempt`, status: 'exception', exceptionKind: 'failed_attempt', description: 'Nobody home', occurredAt: new Date(at).toISOString(), ...extra } as GenericEvent,
  delivered: { eventId: `${trackingNumber}-delivered`, status: 'delivered', occurredAt: new Date(at + 60_000).toISOString(), ...extra } as GenericEvent,
});

async function shipOrder(trackingNumber: string) {
  const body = orderBody();
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  const parcel = { carrier: 'dhl', trackingNumber, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
  expect((await j.fulfil(body.orderId, { type: 'shipped', parcels: [parcel] })).status).toBe(200);
  const shipmentId = await eventually(async () => {
    const [shipped] = (await j.getOrder(body.orderId)).parcels;
    // The parcel's own shipment: started, and following this order (not an earlier parcel with the number).
    expect((await j.getShipment(shipped.shipmentId)).orderId).toBe(body.orderId);
    return shipped.shipmentId;
  });
  return { orderId: body.orderId, parcel, shipmentId };
}

describe('a tracking number the carrier recycles', () => {
  it('starts a new shipment for the second parcel: its scans move it, its messages go out, the first stays as it ended', async () => {
    const trackingNumber = `JR${Date.now()}`;
    const first = await shipOrder(trackingNumber);
    expect(first.shipmentId).toBe(`shipment-dhl-${trackingNumber}`);
    const firstScans = eventsOf(trackingNumber, Date.now() - 3_600_000);
    await carrierSends(first.parcel, [firstScans.failedAttempt, firstScans.delivered]);
    expect((await j.completed(first.orderId)).stage).toBe('delivered');
    await eventually(async () => expect((await h.client.workflow.getHandle(first.shipmentId).describe()).status.name).toBe('COMPLETED'));

    // Months later, for another customer, the carrier hands out the same number.
    const second = await shipOrder(trackingNumber);
    expect(second.shipmentId).toBe(`shipment-dhl-${trackingNumber}-g2`);
    const secondShipment = await j.getShipment(second.shipmentId);
    expect(secondShipment).toMatchObject({ orderId: second.orderId, trackingNumber, stage: 'shipped', events: [] });

    // The carrier derives event ids from the number: the same ids again must not be taken as already known.
    const secondScans = eventsOf(trackingNumber, Date.now() + 1_000);
    expect(await carrierSends(second.parcel, [secondScans.failedAttempt])).toEqual({ shipmentId: second.shipmentId, delivery: 'delivered' });
    await eventually(() => expect(j.messages(second.orderId, 'failed_attempt')).toHaveLength(1));
    expect(await carrierSends(second.parcel, [secondScans.delivered])).toEqual({ shipmentId: second.shipmentId, delivery: 'delivered' });
    expect((await j.completed(second.orderId)).parcels[0]).toMatchObject({ shipmentId: second.shipmentId, stage: 'delivered' });
    expect(j.messages(second.orderId, 'delivered')).toHaveLength(1);

    // A late scan of the first parcel, dated before the second was handed over, does not touch the second.
    const late = await carrierSends(first.parcel, [{ eventId: `${trackingNumber}-late`, status: 'in_transit', occurredAt: new Date(Date.now() - 1_800_000).toISOString() }]);
    expect(late).toEqual({ shipmentId: first.shipmentId, delivery: 'kept_unmatched' });
    const unmatched = await h.api<{ items: { reason: string }[] }>('GET', `/v1/webhooks/unmatched?trackingNumber=${trackingNumber}`);
    expect(unmatched.body.items.map((i) => i.reason)).toEqual(['stale_generation']);
    expect((await j.getShipment(second.shipmentId)).events.map((e) => e.eventId)).toEqual([`generic:${trackingNumber}-attempt`, `generic:${trackingNumber}-delivered`]);

    // The first parcel's shipment stays as it ended, with its own order and scans.
    const firstShipment = await j.getShipment(first.shipmentId);
    expect(firstShipment).toMatchObject({ orderId: first.orderId, stage: 'delivered' });
    expect(firstShipment.events.map((e) => e.eventId)).toEqual([`generic:${trackingNumber}-attempt`, `generic:${trackingNumber}-delivered`]);
    expect(j.messages(first.orderId, 'failed_attempt')).toHaveLength(1);
  });

  it('while the older parcel is still on its way, its scans dated before the new hand-over still reach it', async () => {
    const trackingNumber = `JS${Date.now()}`;
    const first = await shipOrder(trackingNumber);
    await carrierSends(first.parcel, [{ eventId: `${trackingNumber}-transit`, status: 'in_transit', occurredAt: new Date(Date.now() - 7_200_000).toISOString() }]);
    await eventually(async () => expect((await j.getShipment(first.shipmentId)).stage).toBe('in_transit'));

    // Another order gets the same number while the first parcel is still open: a new generation all the same.
    const second = await shipOrder(trackingNumber);
    expect(second.shipmentId).toBe(`shipment-dhl-${trackingNumber}-g2`);
    const olderScan = { eventId: `${trackingNumber}-ofd-old`, status: 'out_for_delivery', occurredAt: new Date(Date.now() - 3_600_000).toISOString() } as GenericEvent;
    const newerScan = { eventId: `${trackingNumber}-transit-new`, status: 'in_transit', occurredAt: new Date(Date.now() + 1_000).toISOString() } as GenericEvent;
    expect(await carrierSends(first.parcel, [olderScan, newerScan])).toEqual({ shipmentId: second.shipmentId, delivery: 'delivered' });
    await eventually(async () => expect((await j.getShipment(first.shipmentId)).stage).toBe('out_for_delivery'));
    await eventually(async () => expect((await j.getShipment(second.shipmentId)).stage).toBe('in_transit'));
    expect((await j.getShipment(second.shipmentId)).events.map((e) => e.eventId)).toEqual([`generic:${trackingNumber}-transit-new`]);
    expect((await j.getShipment(first.shipmentId)).events.map((e) => e.eventId)).toEqual([`generic:${trackingNumber}-transit`, `generic:${trackingNumber}-ofd-old`]);
  });

  it("answers a retried claim with the same shipment, and another order's claim of the number with the next generation", async () => {
    const activities = createActivities({ orm: h.orm, config: h.config });
    const trackingNumber = `JT${Date.now()}`;
    const claim = { carrier: 'dhl', trackingNumber, orderId: 'ord-claim-a', handedOverAt: new Date().toISOString(), claimKey: `order-ord-claim-a:wms-1:dhl/${trackingNumber}` };
    expect(await activities.assignShipmentId(claim)).toBe(`shipment-dhl-${trackingNumber}`);
    expect(await activities.assignShipmentId(claim)).toBe(`shipment-dhl-${trackingNumber}`);
    const other = { ...claim, orderId: 'ord-claim-b', claimKey: `order-ord-claim-b:wms-1:dhl/${trackingNumber}` };
    expect(await activities.assignShipmentId(other)).toBe(`shipment-dhl-${trackingNumber}-g2`);
    // The worker died before the order heard the answer: the retry gets the same generation, not a third.
    expect(await activities.assignShipmentId(other)).toBe(`shipment-dhl-${trackingNumber}-g2`);
  });
});
