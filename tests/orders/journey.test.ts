import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../entities';
import type { OrderOutcome, OrderView } from '../../workflows/order/messages';
import { shipmentStatusQuery } from '../../workflows/shipment/messages';
import { createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { postCarrierEvents, scan } from '../support/webhooks';

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

const getOrder = async (orderId: string) => (await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body;
const fulfil = (orderId: string, event: Record<string, unknown>) => h.api(`POST`, `/v1/orders/${orderId}/fulfillment-events`, { eventId: uniqueId('wms'), occurredAt: new Date().toISOString(), ...event });
const parcel = (items: { sku: string; quantity: number }[], carrier = 'dhl') => ({ carrier, trackingNumber: `JD${Math.floor(Math.random() * 1e12)}`, items });
const allItems = [{ sku: 'MUG-BLUE', quantity: 2 }, { sku: 'TEA-EARLGREY', quantity: 1 }];
const templatesSentFor = (orderId: string) =>
  h.partners.effectsOf('notifications').filter((m) => String(m.idempotencyKey).startsWith(`order-${orderId}:`)).map((m) => m.body.template as string);

async function startOrder(overrides: Record<string, unknown> = {}) {
  const body = orderBody(overrides);
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  return body;
}

describe('order journey', () => {
  it('runs a single parcel from confirmation to signed for, telling the customer each milestone once', async () => {
    const { orderId, payment } = await startOrder();
    expect((await fulfil(orderId, { type: 'picking_started' })).body).toMatchObject({ stage: 'picking', duplicate: false });
    expect((await fulfil(orderId, { type: 'packed' })).body).toMatchObject({ stage: 'packed' });
    const box = parcel(allItems);
    expect((await fulfil(orderId, { type: 'shipped', parcels: [box] })).body).toMatchObject({ stage: 'shipped' });

    expect(await postCarrierEvents(h, box, [scan('pre_transit'), scan('in_transit', { location: 'Leipzig, DE' })])).toBe(202);
    await eventually(async () => expect((await getOrder(orderId)).stage).toBe('in_transit'));
    expect(await postCarrierEvents(h, box, [scan('out_for_delivery')])).toBe(202);
    await eventually(async () => expect((await getOrder(orderId)).stage).toBe('out_for_delivery'));
    expect(await postCarrierEvents(h, box, [scan('delivered', { signedBy: 'A. LOVELACE' })])).toBe(202);

    const final = await eventually(async () => {
      const view = await getOrder(orderId);
      expect(view.completed).toBe(true);
      return view;
    });
    expect(final.stage).toBe('signed_for');
    expect(final.parcels[0]).toMatchObject({ stage: 'signed_for', signedBy: 'A. LOVELACE', carrier: 'dhl' });
    expect(final.timeline.map((e) => e.what)).toEqual([
      'Order confirmed',
      'Warehouse started picking',
      'Order packed',
      expect.stringMatching(/^Parcel shipped with dhl/),
      expect.stringMatching(/in transit$/),
      expect.stringMatching(/out for delivery$/),
      expect.stringMatching(/signed for, signed by A. LOVELACE$/),
    ]);
    const outcome: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
    expect(outcome).toMatchObject({ orderId, result: 'signed_for', crossBorder: false, payment: { paymentId: payment.paymentId, capturedMinor: 3399, currency: 'EUR' } });
    expect(templatesSentFor(orderId).sort()).toEqual(['delivered', 'order_confirmed', 'out_for_delivery', 'parcel_shipped']);
    const shipped = h.partners.effectsOf('notifications').find((m) => m.idempotencyKey?.startsWith(`order-${orderId}:notify:parcel_shipped`));
    expect(shipped?.body).toMatchObject({ channel: 'email', to: 'ada@example.com', locale: 'en' });
    const trackPath = /\/track\/[\w-]+\.[\w-]+\.[\w-]+/.exec(String(shipped?.body.body))?.[0];
    const page = await h.request(trackPath!);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain(`Order ${orderId}`);
    expect(text).toContain('Delivered and signed for');
    expect(text).toContain('Carrier scans');
    expect((await h.request(`${trackPath}x`)).status).toBe(404);
    await eventually(async () => expect((await h.orm.em.fork().findOneOrFail(Order, { id: orderId })).stage).toBe('signed_for'));
  });

  it('tracks a split order parcel by parcel: partially shipped, partially delivered, delivered', async () => {
    const { orderId } = await startOrder();
    const first = parcel([{ sku: 'MUG-BLUE', quantity: 2 }]);
    const second = parcel([{ sku: 'TEA-EARLGREY', quantity: 1 }], 'ups');
    expect((await fulfil(orderId, { type: 'shipped', parcels: [first] })).body).toMatchObject({ stage: 'partially_shipped' });
    await postCarrierEvents(h, first, [scan('delivered')]);
    await eventually(async () => expect((await getOrder(orderId)).parcels[0].stage).toBe('delivered'));
    expect((await getOrder(orderId)).stage).toBe('partially_shipped');
    expect((await fulfil(orderId, { type: 'shipped', parcels: [second] })).body).toMatchObject({ stage: 'partially_delivered' });
    await postCarrierEvents(h, second, [scan('in_transit'), scan('delivered')]);
    const final = await eventually(async () => {
      const view = await getOrder(orderId);
      expect(view.completed).toBe(true);
      return view;
    });
    expect(final.stage).toBe('delivered');
    expect(final.parcels.map((p) => p.carrier)).toEqual(['dhl', 'ups']);
    const description = await h.client.workflow.getHandle(`order-${orderId}`).describe();
    expect(description.searchAttributes.Carrier).toEqual(['dhl', 'ups']);
    expect(description.searchAttributes.TrackingNumbers).toEqual([first.trackingNumber, second.trackingNumber]);
    expect(templatesSentFor(orderId).filter((t) => t === 'delivered')).toHaveLength(2);
  });

  it('converges to the same state and timeline when events are duplicated and shuffled', async () => {
    const events = [scan('pre_transit'), scan('in_transit'), scan('exception', { exceptionKind: 'failed_attempt', description: 'Nobody home' }), scan('out_for_delivery'), scan('delivered')];
    const shuffled = [...events, ...events, ...events].sort(() => Math.random() - 0.5);
    const results = [];
    for (const delivery of [events.map((e) => [e]), shuffled.map((e) => [e])]) {
      const { orderId } = await startOrder();
      const box = parcel(allItems);
      await fulfil(orderId, { type: 'shipped', parcels: [box] });
      for (const batch of delivery) expect(await postCarrierEvents(h, box, batch)).toBe(202);
      const view = await eventually(async () => {
        const v = await getOrder(orderId);
        expect(v.completed).toBe(true);
        return v;
      });
      const shipment = await h.client.workflow.getHandle(`shipment-dhl-${box.trackingNumber}`).query(shipmentStatusQuery);
      results.push({ stage: view.stage, parcel: view.parcels[0].stage, events: shipment.events.map((e) => e.eventId) });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]).toEqual({ stage: 'delivered', parcel: 'delivered', events: events.map((e) => `generic:${e.eventId}`) });
  });

  it('never lets a late in-transit scan undo delivered', async () => {
    const { orderId } = await startOrder({ policy: { shipment: { lateEventGrace: '30 seconds' } } });
    const box = parcel(allItems);
    await fulfil(orderId, { type: 'shipped', parcels: [box] });
    const delivered = scan('delivered');
    const earlierInTransit = { ...scan('in_transit'), occurredAt: new Date(Date.parse(delivered.occurredAt) - 3_600_000).toISOString() };
    await postCarrierEvents(h, box, [delivered]);
    await eventually(async () => expect((await getOrder(orderId)).stage).toBe('delivered'));
    expect(await postCarrierEvents(h, box, [earlierInTransit])).toBe(202);
    const shipment = h.client.workflow.getHandle(`shipment-dhl-${box.trackingNumber}`);
    await eventually(async () => expect((await shipment.query(shipmentStatusQuery)).events).toHaveLength(2));
    const view = await shipment.query(shipmentStatusQuery);
    expect(view.stage).toBe('delivered');
    expect(view.events.map((e) => e.status)).toEqual(['in_transit', 'delivered']);
    expect((await getOrder(orderId)).stage).toBe('delivered');
  });

  it('treats a repeated warehouse event as a no-op and refuses parcels beyond the ordered quantity', async () => {
    const { orderId } = await startOrder();
    const eventId = uniqueId('wms');
    const box = parcel([{ sku: 'MUG-BLUE', quantity: 1 }]);
    expect((await fulfil(orderId, { eventId, type: 'shipped', parcels: [box] })).status).toBe(200);
    expect((await fulfil(orderId, { eventId, type: 'shipped', parcels: [box] })).status).toBe(200);
    expect((await getOrder(orderId)).parcels).toHaveLength(1);

    const tooMany = await fulfil(orderId, { type: 'shipped', parcels: [parcel([{ sku: 'MUG-BLUE', quantity: 2 }])] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ reason: 'quantity_exceeds_order', detail: 'sku MUG-BLUE: 2 shipped but only 1 of 2 left to ship' });
    const unknown = await fulfil(orderId, { type: 'shipped', parcels: [parcel([{ sku: 'SOCKS', quantity: 1 }])] });
    expect(unknown.body).toMatchObject({ reason: 'unknown_sku' });
    expect((await getOrder(orderId)).parcels).toHaveLength(1);
  });

  it('answers 404 for warehouse events on an unknown order and 400 for a malformed one', async () => {
    expect((await fulfil('no-such-order', { type: 'packed' })).status).toBe(404);
    const { orderId } = await startOrder();
    const bad = await fulfil(orderId, { type: 'shipped', parcels: [{ carrier: 'DHL!', trackingNumber: 'x', items: [] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['parcels.0.carrier', 'parcels.0.trackingNumber', 'parcels.0.items']));
  });
});

describe('changes before and after shipping', () => {
  it('cancels before shipping: refund and stock release each happen once, and the answer repeats', async () => {
    const { orderId, payment } = await startOrder();
    const cancelled = await h.api<OrderView>('POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.stage).toBe('cancelled');
    expect((await h.api<OrderView>('POST', `/v1/orders/${orderId}/cancel`, { reason: 'again' })).status).toBe(200);

    const outcome: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
    expect(outcome.result).toBe('cancelled');
    const refunds = h.partners.refundsFor(orderId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0].body).toMatchObject({ payment_intent: payment.paymentId, amount: 3399, metadata: expect.objectContaining({ order_id: orderId }) });
    expect(h.partners.effectsOf('inventory').filter((r) => r.body.order_id === orderId)).toHaveLength(1);
    const view = await getOrder(orderId);
    expect(view.cancellation).toMatchObject({ refundStatus: 'refunded', stockReleased: true, refundMinor: 3399 });
    expect(templatesSentFor(orderId)).toContain('order_cancelled');
    const late = await fulfil(orderId, { type: 'packed' });
    expect(late.status).toBe(409);
    expect(late.body.reason).toBe('journey_completed');
  });

  it('refuses cancel and address change once a parcel has shipped, with a reason', async () => {
    const { orderId } = await startOrder();
    await fulfil(orderId, { type: 'shipped', parcels: [parcel([{ sku: 'MUG-BLUE', quantity: 1 }])] });
    const cancel = await h.api('POST', `/v1/orders/${orderId}/cancel`, { reason: 'too late' });
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ reason: 'already_shipped' });
    const address = await h.api('PUT', `/v1/orders/${orderId}/shipping-address`, { address: orderBody().shippingAddress });
    expect(address.status).toBe(409);
    expect(address.body).toMatchObject({ reason: 'already_shipped' });
    expect((await getOrder(orderId)).stage).toBe('partially_shipped');
    expect(h.partners.refundsFor(orderId)).toHaveLength(0);
  });

  it('changes the address before shipping and tells the warehouse', async () => {
    const { orderId } = await startOrder();
    const address = { name: 'Ada Lovelace', line1: 'Marienplatz 8', city: 'München', postalCode: '80331', country: 'DE' };
    const changed = await h.api<OrderView>('PUT', `/v1/orders/${orderId}/shipping-address`, { address });
    expect(changed.status).toBe(200);
    expect(changed.body.shippingAddress).toEqual(address);
    await eventually(() => expect(h.partners.effectsOf('warehouse').filter((c) => c.path === `/v1/orders/${orderId}/shipping-address`)).toHaveLength(1));
    expect(h.partners.calls('warehouse').find((c) => c.path.includes(orderId))?.body).toEqual({ address });
    await eventually(async () => expect((await h.orm.em.fork().findOneOrFail(Order, { id: orderId })).shippingAddress).toEqual(address));
    const invalid = await h.api('PUT', `/v1/orders/${orderId}/shipping-address`, { address: { ...address, country: 'Germany' } });
    expect(invalid.status).toBe(400);
    expect((await getOrder(orderId)).shippingAddress).toEqual(address);
  });
});

describe('timers and exceptions', () => {
  it('flags a late warehouse: NeedsAttention, an operator alert and an apology to the customer', async () => {
    const { orderId } = await startOrder({ policy: { order: { shipBySla: '2 seconds' } } });
    const handle = h.client.workflow.getHandle(`order-${orderId}`);
    await eventually(async () => expect((await handle.describe()).searchAttributes.NeedsAttention).toEqual([true]), 15_000);
    expect((await getOrder(orderId)).attentionReasons).toContain('ship_by_sla_breached');
    await eventually(() => expect(h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `order-${orderId}`)).toHaveLength(1));
    await eventually(() => expect(templatesSentFor(orderId)).toContain('ship_delayed'));
  });

  it('sends a proactive delay message when the promised delivery date passes', async () => {
    const { orderId } = await startOrder({ policy: { order: { promisedDelivery: '2 seconds' } } });
    await fulfil(orderId, { type: 'shipped', parcels: [parcel(allItems)] });
    await eventually(() => expect(templatesSentFor(orderId)).toContain('delivery_delayed'), 15_000);
  });

  it('does not call a delivery without the required signature a success', async () => {
    const { orderId } = await startOrder({ requiresSignature: true });
    const box = parcel(allItems);
    await fulfil(orderId, { type: 'shipped', parcels: [box] });
    await postCarrierEvents(h, box, [scan('delivered')]);
    const view = await eventually(async () => {
      const v = await getOrder(orderId);
      expect(v.completed).toBe(true);
      return v;
    }, 20_000);
    expect(view.needsAttention).toBe(true);
    expect(view.attentionReasons).toContain('signature_missing');
    expect((await h.client.workflow.getHandle(`order-${orderId}`).describe()).searchAttributes.NeedsAttention).toEqual([true]);
  });

  it('writes to the customer in their locale', async () => {
    const { orderId } = await startOrder({ customer: { id: uniqueId('cus'), email: 'gauss@example.de', locale: 'de', channel: 'email' } });
    await eventually(() => expect(templatesSentFor(orderId)).toContain('order_confirmed'));
    const message = h.partners.effectsOf('notifications').find((m) => m.idempotencyKey === `order-${orderId}:notify:order_confirmed`);
    expect(message?.body).toMatchObject({ locale: 'de', subject: `Bestellung ${orderId} bestätigt`, to: 'gauss@example.de' });
  });
});

describe('carrier webhook bytes', () => {
  it('checks the generic signature over the raw bytes, byte-order mark included', async () => {
    const { orderId } = await startOrder();
    const box = parcel(allItems);
    await fulfil(orderId, { type: 'shipped', parcels: [box] });
    const json = JSON.stringify({ carrier: box.carrier, trackingNumber: box.trackingNumber, events: [scan('in_transit')] });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]);
    const t = Math.floor(Date.now() / 1000);
    const signature = `t=${t},v1=${createHmac('sha256', h.config.webhookSecrets.generic).update(Buffer.concat([Buffer.from(`${t}.`), bytes])).digest('hex')}`;
    const response = await h.request('/v1/webhooks/carriers/generic', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': signature }, body: bytes });
    expect(response.status).toBe(202);
    await eventually(async () => expect((await getOrder(orderId)).stage).toBe('in_transit'));
  });
});
