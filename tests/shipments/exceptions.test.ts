import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, eventually, listWorkflows, type Harness } from '../support/harness';
import { actionLinkIn, journeys } from '../support/journeys';
import { postCarrierEvents, scan } from '../support/webhooks';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

const refundsFor = (orderId: string) => h.partners.refundsFor(orderId);
const carrierCalls = (path: string, trackingNumber: string) => h.partners.effectsOf('carriers').filter((c) => c.path === path && c.body.tracking_number === trackingNumber);

describe('last-mile hand-off', () => {
  it('follows the new carrier tracking number into the same shipment', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ originCountry: 'US' });
    const lastMile = { carrier: 'dpd', trackingNumber: `DPD${Date.now()}` };
    await postCarrierEvents(h, parcel, [scan('in_transit', { milestone: 'last_mile_handoff', handoff: lastMile })]);
    await eventually(async () => expect((await j.getShipment(shipmentId)).handoffs).toMatchObject([lastMile]));
    await eventually(async () => {
      const found = await listWorkflows(h, `TrackingNumbers = '${lastMile.trackingNumber}' AND Carrier = 'dpd'`);
      expect(found.map((w) => w.workflowId)).toEqual([shipmentId]);
    });

    expect(await postCarrierEvents(h, lastMile, [scan('out_for_delivery'), scan('delivered', { signedBy: 'NEIGHBOUR' })])).toBe(202);
    const final = await j.completed(orderId);
    expect(final.stage).toBe('signed_for');
    expect((await j.getShipment(shipmentId)).events.map((e) => e.status)).toEqual(['in_transit', 'out_for_delivery', 'delivered']);
  });
});

describe('lost, damaged, returned', () => {
  it('files one claim for a lost parcel and reships it; the replacement completes the order', async () => {
    const { orderId, parcel, body } = await j.shippedOrder();
    await postCarrierEvents(h, parcel, [scan('in_transit'), scan('exception', { exceptionKind: 'lost', description: 'Parcel cannot be located' })]);
    await eventually(() => expect(carrierCalls('/v1/claims', parcel.trackingNumber)).toHaveLength(1));
    await eventually(() => expect(h.partners.effectsOf('warehouse').filter((c) => c.path === `/v1/orders/${orderId}/reship`)).toHaveLength(1));
    await eventually(async () => expect((await j.getOrder(orderId)).parcels[0]).toMatchObject({ stage: 'lost', resolution: { action: 'reship', reason: 'lost' } }));

    const replacement = { carrier: 'dhl', trackingNumber: `JR${Date.now()}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
    expect((await j.fulfil(orderId, { type: 'shipped', parcels: [replacement] })).status).toBe(200);
    await postCarrierEvents(h, replacement, [scan('delivered')]);
    const final = await j.completed(orderId);
    expect(final.parcels.map((p) => p.stage)).toEqual(['lost', 'delivered']);
    expect(refundsFor(orderId)).toHaveLength(0);
    await eventually(() => expect(j.messages(orderId, 'parcel_lost')).toHaveLength(1));
  });

  it('refunds a damaged parcel once when the policy says refund, after filing a claim', async () => {
    const { orderId, parcel } = await j.shippedOrder({ policy: { shipment: { lostOrDamagedResolution: 'refund' } } });
    const damaged = scan('exception', { exceptionKind: 'damaged', description: 'Box crushed' });
    await postCarrierEvents(h, parcel, [damaged]);
    await postCarrierEvents(h, parcel, [damaged]);
    await eventually(() => expect(refundsFor(orderId)).toHaveLength(1));
    expect(carrierCalls('/v1/claims', parcel.trackingNumber)).toHaveLength(1);
    await postCarrierEvents(h, parcel, [scan('delivered')]);
    const final = await j.completed(orderId);
    expect(final.parcels[0].resolution).toMatchObject({ action: 'refund', reason: 'damaged', refundStatus: 'refunded', refundMinor: 3399 });
    expect(refundsFor(orderId)).toHaveLength(1);
  });

  it('refunds a parcel the carrier returned to sender', async () => {
    const { orderId, parcel } = await j.shippedOrder();
    await postCarrierEvents(h, parcel, [scan('in_transit'), scan('returned_to_sender')]);
    const final = await j.completed(orderId);
    expect(final).toMatchObject({ stage: 'not_delivered' });
    expect(final.parcels[0].resolution).toMatchObject({ action: 'refund', reason: 'returned_to_sender', refundStatus: 'refunded' });
    expect(refundsFor(orderId)).toHaveLength(1);
  });
});

describe('delivery problems', () => {
  it('tells the customer about each failed attempt and sends the parcel to a pickup point after the last', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ policy: { shipment: { maxDeliveryAttempts: 2 } } });
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'failed_attempt', description: 'Nobody home' })]);
    await eventually(() => expect(j.messages(orderId, 'failed_attempt')).toHaveLength(1));
    expect(carrierCalls('/v1/redirects', parcel.trackingNumber)).toHaveLength(0);
    await postCarrierEvents(h, parcel, [scan('out_for_delivery'), scan('exception', { exceptionKind: 'failed_attempt', description: 'Nobody home again' })]);
    await eventually(() => expect(carrierCalls('/v1/redirects', parcel.trackingNumber)).toHaveLength(1));
    expect(carrierCalls('/v1/redirects', parcel.trackingNumber)[0].body).toMatchObject({ to: 'pickup_point' });
    await eventually(() => expect(j.messages(orderId, 'redirected_to_pickup')).toHaveLength(1));
    await eventually(() => expect(j.messages(orderId, 'failed_attempt').map((m) => m.body)).toEqual([expect.stringContaining('Attempt 1 of 2'), expect.stringContaining('Attempt 2 of 2')]));
    expect((await j.getShipment(shipmentId)).failedAttempts).toBe(2);
  });

  it('lets the customer correct an address problem through the link, and asks the carrier to redirect', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder();
    const noProblem = await h.api('POST', `/v1/shipments/${shipmentId}/address-correction`, { address: { name: 'A', line1: 'B 1', city: 'Berlin', postalCode: '10117', country: 'DE' } });
    expect(noProblem.status).toBe(409);
    expect(noProblem.body.reason).toBe('no_address_problem');

    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'address_problem', description: 'House number missing' })]);
    const message = await eventually(() => j.messages(orderId, 'address_problem').at(0) ?? Promise.reject(new Error('not yet')));
    const link = actionLinkIn(message);
    const address = { name: 'Ada Lovelace', line1: 'Unter den Linden 1A', city: 'Berlin', postalCode: '10117', country: 'DE' };
    const corrected = await h.request(`${link.path}?token=${link.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ address }) });
    expect(corrected.status).toBe(200);
    await eventually(() => expect(carrierCalls('/v1/redirects', parcel.trackingNumber)).toHaveLength(1));
    expect(carrierCalls('/v1/redirects', parcel.trackingNumber)[0].body).toMatchObject({ to: 'address', address });
    await postCarrierEvents(h, parcel, [scan('delivered')]);
    expect((await j.completed(orderId)).stage).toBe('delivered');
  });
});

describe('stalled parcels', () => {
  it('asks the carrier when webhooks go quiet, and takes what it says', async () => {
    const { orderId, parcel } = await j.shippedOrder({ policy: { shipment: { stalledAfter: '2 seconds' } } });
    h.partners.trackers.set(`dhl/${parcel.trackingNumber}`, [{ eventId: 'poll-1', status: 'in_transit', occurredAt: new Date().toISOString(), location: 'Hub Leipzig' }]);
    await eventually(async () => expect((await j.getOrder(orderId)).parcels[0].stage).toBe('in_transit'), 15_000);
    expect((await j.getOrder(orderId)).needsAttention).toBe(false);
  });

  it('flags a parcel as stalled when the carrier has no news either', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ policy: { shipment: { stalledAfter: '2 seconds', customsEscalateAfter: '1 hour' } } });
    await eventually(async () => expect((await j.getShipment(shipmentId)).exception?.kind).toBe('stalled'), 15_000);
    await eventually(async () => {
      const { searchAttributes } = await h.client.workflow.getHandle(shipmentId).describe();
      expect(searchAttributes.NeedsAttention).toEqual([true]);
      expect(searchAttributes.ExceptionKind).toEqual(['stalled']);
    });
    await eventually(() => expect(j.messages(orderId, 'parcel_delayed')).toHaveLength(1));
    await eventually(async () => expect((await j.getOrder(orderId)).needsAttention).toBe(true));

    await postCarrierEvents(h, parcel, [scan('in_transit', { occurredAt: new Date().toISOString() })]);
    await eventually(async () => expect((await j.getShipment(shipmentId)).exception).toBeUndefined());
    await eventually(async () => expect((await j.getShipment(shipmentId)).cases[0]).toMatchObject({ kind: 'stalled', outcome: 'resolved' }));
  });
});
