import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../entities';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';
import { postCarrierEvents, scan } from '../support/webhooks';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

describe('a retried partner call', () => {
  it('sends the identical stored request, even when what it was built from changed between attempts', async () => {
    h.partners.failNext('notifications', 503, 1);
    const body = orderBody();
    const key = `order-${body.orderId}:notify:order_confirmed`;
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    await eventually(() => expect(h.partners.calls('notifications', (c) => c.idempotencyKey === key)).toHaveLength(1), 20_000, 20);
    // The customer changes their address book entry while the message waits for its retry.
    await h.orm.em.fork().nativeUpdate(Customer, { id: body.customer.id }, { email: 'someone-else@example.com', locale: 'de' });

    await eventually(() => expect(h.partners.effectsOf('notifications').filter((c) => c.idempotencyKey === key)).toHaveLength(1));
    const [refused, retried] = h.partners.calls('notifications', (c) => c.idempotencyKey === key);
    expect(retried.body).toEqual(refused.body);
    expect(retried.body).toMatchObject({ to: 'ada@example.com', locale: 'en' });
  });
});

describe('an address change before shipping', () => {
  it('reaches the shipments: their destination, cross-border rules and search attributes follow the new country', async () => {
    const body = orderBody({ originCountry: 'DE' });
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const address = { name: 'Ada Lovelace', line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' };
    expect((await h.api('PUT', `/v1/orders/${body.orderId}/shipping-address`, { address })).status).toBe(200);
    const parcel = { carrier: 'dhl', trackingNumber: `JA${Date.now()}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
    expect((await j.fulfil(body.orderId, { type: 'shipped', parcels: [parcel] })).status).toBe(200);
    const shipmentId = `shipment-dhl-${parcel.trackingNumber}`;

    const shipment = await eventually(async () => {
      const view = await j.getShipment(shipmentId);
      expect(view.shipmentId).toBe(shipmentId);
      return view;
    });
    expect(shipment).toMatchObject({ destinationCountry: 'FR', crossBorder: true });
    const { searchAttributes } = await h.client.workflow.getHandle(shipmentId).describe();
    expect(searchAttributes.DestinationCountry).toEqual(['FR']);
  });
});

describe('customer messages', () => {
  it('go out in causal order: nothing about the parcel before the confirmation, and the shipment waits for it too', async () => {
    const body = orderBody();
    const forOrder = () => h.partners.effectsOf('notifications').filter((m) => `${m.body.subject} ${m.body.body}`.includes(body.orderId)).map((m) => m.body.template);
    h.partners.hold('notifications'); // the confirmation reaches the provider, but its answer is slow
    try {
      expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
      await eventually(() => expect(forOrder()).toEqual(['order_confirmed']));
      const parcel = { carrier: 'dhl', trackingNumber: `JO${Date.now()}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
      expect((await j.fulfil(body.orderId, { type: 'shipped', parcels: [parcel] })).status).toBe(200);
      expect(await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'other', description: 'Sorting delay' })])).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(forOrder()).toEqual(['order_confirmed']);
    } finally {
      h.partners.release();
    }
    await eventually(() => expect(forOrder()).toEqual(['order_confirmed', 'parcel_shipped', 'shipment_exception']), 30_000);
  });
});
