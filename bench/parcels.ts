import { httpRequest } from './http';
import { closedLoop } from './load';
import { orderBody } from '../tests/support/orders';
import { genericSignature, type GenericEvent } from '../tests/support/webhooks';
import { shipmentWorkflowId } from '../workflows/shipment/messages';
import { waitUntil, type BenchEnv } from './setup';

/** Parcels the benchmarks ship through the API and then send carrier events for. */
export interface Parcel {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  shipmentId: string;
}

/** Answers 503 (Temporal busy) the benchmarks retried, as a storefront or a carrier retries after Retry-After. */
export let retriedAfter503 = 0;

/** Setup and journey steps retry a 503 up to 10 times, 2 s apart; any other failure, or a sixth 503, stops the run. */
export async function retrying<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt > 10 || !/answered 503/.test((error as Error).message)) throw error;
      retriedAfter503 += 1;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** K orders, each shipped as one parcel through the warehouse endpoint, so K shipment workflows are listening. */
export async function shipParcels(env: BenchEnv, count: number, prefix: string, concurrency: number): Promise<Parcel[]> {
  const parcels = Array.from({ length: count }, (_, k): Parcel => {
    const trackingNumber = `${prefix}${k}`;
    return { orderId: `bench-${prefix}-${k}`, carrier: 'dhl', trackingNumber, shipmentId: shipmentWorkflowId('dhl', trackingNumber) };
  });
  await closedLoop('ship', parcels.length, concurrency, async (k) => {
    const { orderId, carrier, trackingNumber } = parcels[k];
    const body = orderBody({ orderId });
    await retrying(() => env.api('POST', '/v1/orders', body, [201, 200]));
    const shipped = { eventId: `wms-${orderId}`, type: 'shipped', occurredAt: new Date().toISOString(), parcels: [{ carrier, trackingNumber, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) }] };
    await retrying(() => env.api('POST', `/v1/orders/${orderId}/fulfillment-events`, shipped, 200));
  });
  for (const parcel of parcels) {
    await waitUntil(`${parcel.shipmentId} to start`, () => env.client.workflow.getHandle(parcel.shipmentId).describe().then(() => true, () => false));
  }
  return parcels;
}

export type Delivery = 'delivered' | 'already_known';

/**
 * As a carrier integration sends it: one parcel, its events, signed over the exact bytes sent. Throws unless the
 * answer is 202 with one of the `accepted` deliveries (already_known: a duplicate the shipment had recorded).
 */
export async function sendWebhook(env: BenchEnv, parcel: Parcel, events: GenericEvent[], accepted: Delivery[] = ['delivered']): Promise<Delivery> {
  const body = JSON.stringify({ carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, events });
  const headers = { 'Content-Type': 'application/json', 'X-Aftercart-Signature': genericSignature(body, env.config.webhookSecrets.generic) };
  const { status, text } = await httpRequest(`${env.nextApiUrl()}/v1/webhooks/carriers/generic`, 'POST', headers, body);
  const delivery = status === 202 ? (JSON.parse(text) as { parcels: { delivery: Delivery }[] }).parcels[0]?.delivery : undefined;
  if (!delivery || !accepted.includes(delivery)) throw new Error(`webhook for ${parcel.shipmentId} answered ${status}: ${text.slice(0, 300)}`);
  return delivery;
}
