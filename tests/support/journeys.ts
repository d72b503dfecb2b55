import { expect } from 'vitest';
import type { OrderView } from '../../workflows/order/messages';
import type { ShipmentView } from '../../workflows/shipment/messages';
import { eventually, uniqueId, type Harness } from './harness';
import { orderBody } from './orders';

/** Steps of a journey as the storefront and the warehouse drive it over HTTP. */
export function journeys(h: Harness) {
  const getOrder = async (orderId: string) => (await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body;
  const getShipment = async (shipmentId: string) => (await h.api<ShipmentView>('GET', `/v1/shipments/${shipmentId}`)).body;
  const fulfil = (orderId: string, event: Record<string, unknown>) =>
    h.api('POST', `/v1/orders/${orderId}/fulfillment-events`, { eventId: uniqueId('wms'), occurredAt: new Date().toISOString(), ...event });

  return {
    getOrder,
    getShipment,
    fulfil,
    /** An order placed and shipped in one parcel; returns the ids a test needs. */
    async shippedOrder(overrides: Record<string, unknown> = {}, carrier = 'dhl') {
      const body = orderBody(overrides);
      expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
      const parcel = { carrier, trackingNumber: `JD${Date.now()}${Math.floor(Math.random() * 1000)}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
      expect((await fulfil(body.orderId, { type: 'shipped', parcels: [parcel] })).status).toBe(200);
      const shipmentId = `shipment-${carrier}-${parcel.trackingNumber}`;
      await eventually(async () => expect((await h.api('GET', `/v1/shipments/${shipmentId}`)).status).toBe(200));
      return { body, orderId: body.orderId, parcel, shipmentId };
    },
    /** Waits until the order journey has completed and returns its final view. */
    async completed(orderId: string, timeoutMs = 20_000) {
      return eventually(async () => {
        const view = await getOrder(orderId);
        expect(view.completed).toBe(true);
        return view;
      }, timeoutMs);
    },
    /** Messages the fake notification provider received for an order, by template. */
    messages(orderId: string, template?: string) {
      return h.partners
        .effectsOf('notifications')
        .filter((m) => m.body.template === (template ?? m.body.template) && `${m.body.subject} ${m.body.body}`.includes(orderId))
        .map((m) => m.body as { template: string; body: string; subject: string });
    },
  };
}

/** The signed action link a customer message carries, split into path and token. */
export function actionLinkIn(message: { body: string }): { path: string; token: string } {
  const match = /\/shipments\/([^/\s]+)\/(customs|address)\?token=([\w.-]+)/.exec(message.body);
  if (!match) throw new Error(`no action link in: ${message.body}`);
  return { path: `/v1/shipments/${match[1]}/${match[2] === 'customs' ? 'customs-actions' : 'address-correction'}`, token: match[3] };
}
