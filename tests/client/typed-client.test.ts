import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createAftercartClient, type AftercartClient } from '../../api/client';
import { createHarness, eventually, TEST_API_KEY, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { genericSignature, scan } from '../support/webhooks';

/**
 * The typed client (hono/client over AppType) as a storefront would use it. `tsc --noEmit` checks this file too:
 * the @ts-expect-error lines fail the type check the day a route drops out of AppType or its schema loosens.
 */
let h: Harness;
let client: AftercartClient;
beforeAll(async () => {
  h = await createHarness(__filename);
  client = createAftercartClient('http://aftercart.test', { apiKey: TEST_API_KEY, fetch: (input, init) => h.request(String(input), init) });
});
afterAll(() => h?.close());

describe('typed client', () => {
  it('starts a journey, ships it, feeds the carrier webhook and reads the parcel, all through typed calls', async () => {
    const body = orderBody();
    const created = await client.v1.orders.$post({ json: body });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const accepted = await created.json();
    expectTypeOf(accepted.workflowId).toEqualTypeOf<string>();
    expect(accepted).toMatchObject({ orderId: body.orderId, workflowId: `order-${body.orderId}`, status: 'accepted' });

    const trackingNumber = `JC${Date.now()}`;
    const shipped = await client.v1.orders[':orderId']['fulfillment-events'].$post({
      param: { orderId: body.orderId },
      json: { eventId: `wms-${trackingNumber}`, type: 'shipped', occurredAt: new Date().toISOString(), parcels: [{ carrier: 'dhl', trackingNumber, items: [{ sku: 'MUG-BLUE', quantity: 2 }, { sku: 'TEA-EARLGREY', quantity: 1 }] }] },
    });
    expect(shipped.status).toBe(200);

    // The carrier webhook is signed over the raw body, so the body goes as bytes.
    const events = JSON.stringify({ carrier: 'dhl', trackingNumber, events: [scan('in_transit', { location: 'Leipzig hub' })] });
    const webhook = await client.v1.webhooks.carriers[':provider'].$post(
      { param: { provider: 'generic' } },
      { headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': genericSignature(events, h.config.webhookSecrets.generic) }, init: { body: events } },
    );
    expect(webhook.status).toBe(202);

    const shipmentId = `shipment-dhl-${trackingNumber}`;
    const parcel = await eventually(async () => {
      const response = await client.v1.shipments[':shipmentId'].$get({ param: { shipmentId } });
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      const view = await response.json();
      expect(view.stage).toBe('in_transit');
      return view;
    });
    expectTypeOf(parcel.events).toBeArray();
    expect(parcel.events.map((e) => e.location)).toEqual(['Leipzig hub']);

    const refused = await client.v1.shipments[':shipmentId']['customs-actions'].$post({ param: { shipmentId }, query: {}, json: { action: 'documents_provided' } });
    expect(refused.status).toBe(409);

    const order = await client.v1.orders[':orderId'].$get({ param: { orderId: body.orderId } });
    expect(order.status).toBe(200);
    if (order.status === 200) expect((await order.json()).parcels.map((p) => p.trackingNumber)).toEqual([trackingNumber]);

    const unmatched = await client.v1.webhooks.unmatched.$get({ query: { trackingNumber } });
    expect(unmatched.status).toBe(200);
  });

  it('covers every route family of the API, and refuses calls the API would refuse before they are sent', () => {
    expectTypeOf(client.v1.orders.$post).toBeFunction();
    expectTypeOf(client.v1.orders[':orderId'].cancel.$post).toBeFunction();
    expectTypeOf(client.v1.orders[':orderId']['shipping-address'].$put).toBeFunction();
    expectTypeOf(client.v1.orders[':orderId'].steps[':stepId'].$post).toBeFunction();
    expectTypeOf(client.v1.shipments[':shipmentId']['address-correction'].$post).toBeFunction();
    expectTypeOf(client.v1.webhooks.carriers[':provider'].$post).toBeFunction();
    expectTypeOf(client.healthz.$get).toBeFunction();
    expectTypeOf(client.readyz.$get).toBeFunction();
    expectTypeOf(client.codec.decode.$post).toBeFunction();
    expectTypeOf(client.metrics.$get).toBeFunction();
    expectTypeOf(client.v1.returns.$post).toBeFunction();
    expectTypeOf(client.v1.customers[':customerId'].$get).toBeFunction();

    const typeOnly = (call: () => unknown) => expect(call).toBeTypeOf('function');
    // @ts-expect-error a path the API does not have
    typeOnly(() => client.v1.parcels.$get());
    // @ts-expect-error quantity must be a number
    typeOnly(() => client.v1.orders.$post({ json: { ...orderBody(), items: [{ sku: 'MUG', quantity: 'two', unitPriceMinor: 1 }] } }));
    // @ts-expect-error customs actions are documents_provided, duties_paid or abandon
    typeOnly(() => client.v1.shipments[':shipmentId']['customs-actions'].$post({ param: { shipmentId: 's' }, query: {}, json: { action: 'pay' } }));
    // @ts-expect-error the order id goes in the path
    typeOnly(() => client.v1.orders[':orderId'].$get({}));
  });
});
