import { createAftercartClient } from '../../api/client';
import { hmacSha256 } from '../../api/webhooks/signatures';
import type { Address } from '../../workflows/shared/types';
import type { OrderView } from '../../workflows/order/messages';
import type { ShipmentView } from '../../workflows/shipment/messages';
import type { TrackingEvent } from '../../workflows/shipment/tracking';
import type { CustomerView } from '../../workflows/customer/state';
import type { ReceiptUnits, ReturnView } from '../../workflows/returns/messages';

/** What the demo does to a running service, all through the typed client: as a storefront, a warehouse and a carrier would. */
export type DemoApi = ReturnType<typeof demoApi>;

export interface DemoTarget {
  baseUrl: string;
  /** A key with the storefront, warehouse and operator scopes (the development key has all three). */
  apiKey: string;
  /** WEBHOOK_SECRET_GENERIC of the service: carrier scans arrive through the signed generic webhook. */
  webhookSecret: string;
  fetch?: typeof fetch;
}

/** Polls `probe` every half second until it answers something; past `timeoutMs` it throws what it was waiting for. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${Math.round(timeoutMs / 1000)} s for ${what}`);
    await pause(500);
  }
}

type Parcel = { carrier: string; trackingNumber: string };
let clock = Date.now() - 48 * 3600_000; // scans happened over the last two days, in order
let eventSeq = 0;

async function ok(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every call is safe to repeat (event ids, order bodies and updates are idempotent), so a 503 (Temporal slow to
 * answer) is retried as its Retry-After says. `refusedUntilReady`: a 404 means the parcel's shipment has not started
 * yet (it starts once the order confirmation is out) and a 409 that the case the carrier just reported is not open yet; after an unanswered (503) attempt it means that attempt went through.
 * Retries stop after `patienceMs` (a loaded machine can take many seconds to start a shipment).
 */
async function send(what: string, call: () => Promise<Response>, refusedUntilReady = false, patienceMs = 60_000): Promise<Response> {
  let unanswered = false;
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const response = await call();
    if (response.ok || (refusedUntilReady && unanswered && response.status === 409)) return response;
    const retry = response.status === 503 || (refusedUntilReady && (response.status === 409 || response.status === 404));
    if (!retry || Date.now() > deadline) return ok(response, what);
    unanswered ||= response.status === 503;
    await pause(response.status === 503 ? 1000 : 500);
  }
}

export function demoApi(target: DemoTarget) {
  const client = createAftercartClient(target.baseUrl, { apiKey: target.apiKey, fetch: target.fetch });
  const shipmentId = (p: Parcel) => `shipment-${p.carrier}-${p.trackingNumber}`;
  return {
    async placeOrder(body: Parameters<typeof client.v1.orders.$post>[0]['json']) {
      await send(`start ${body.orderId}`, () => client.v1.orders.$post({ json: body }));
    },
    async fulfil(orderId: string, type: 'picking_started' | 'packed') {
      await send(`${type} ${orderId}`, () => client.v1.orders[':orderId']['fulfillment-events'].$post({ param: { orderId }, json: { eventId: `wms-${orderId}-${type}`, type, occurredAt: new Date().toISOString() } }));
    },
    async ship(orderId: string, parcels: (Parcel & { items: { sku: string; quantity: number }[] })[]) {
      await send(`ship ${orderId}`, () => client.v1.orders[':orderId']['fulfillment-events'].$post({ param: { orderId }, json: { eventId: `wms-${orderId}-shipped`, type: 'shipped', occurredAt: new Date().toISOString(), parcels } }));
    },
    /** Scans without `occurredAt` are dated on the demo's clock (the last two days, in order). */
    async scans(parcel: Parcel, scans: (Omit<TrackingEvent, 'provider' | 'eventId' | 'occurredAt'> & { occurredAt?: string })[]) {
      const events = scans.map((scan) => ({ eventId: `demo-${parcel.trackingNumber}-${++eventSeq}`, ...scan, occurredAt: scan.occurredAt ?? new Date((clock += 5 * 60_000)).toISOString() }));
      const body = JSON.stringify({ carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, events });
      const t = Math.floor(Date.now() / 1000);
      const signature = `t=${t},v1=${hmacSha256(target.webhookSecret, `${t}.${body}`).toString('hex')}`;
      await send(`scans for ${parcel.trackingNumber}`, () =>
        client.v1.webhooks.carriers[':provider'].$post({ param: { provider: 'generic' } }, { headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': signature }, init: { body } }),
      );
    },
    customsAction: (parcel: Parcel, action: 'documents_provided' | 'duties_paid') =>
      send(`${action} ${parcel.trackingNumber}`, () => client.v1.shipments[':shipmentId']['customs-actions'].$post({ param: { shipmentId: shipmentId(parcel) }, query: {}, json: { action } }), true),
    correctAddress: (parcel: Parcel, address: Address) =>
      send(`address ${parcel.trackingNumber}`, () => client.v1.shipments[':shipmentId']['address-correction'].$post({ param: { shipmentId: shipmentId(parcel) }, query: {}, json: { address } }), true),
    async cancel(orderId: string, reason: string) {
      await send(`cancel ${orderId}`, () => client.v1.orders[':orderId'].cancel.$post({ param: { orderId }, header: {}, json: { reason } }));
    },
    async order(orderId: string): Promise<OrderView> {
      const response = await send(`read ${orderId}`, () => client.v1.orders[':orderId'].$get({ param: { orderId } }));
      return (await response.json()) as OrderView;
    },
    async shipment(id: string): Promise<ShipmentView> {
      const response = await send(`read ${id}`, () => client.v1.shipments[':shipmentId'].$get({ param: { shipmentId: id } }));
      return (await response.json()) as ShipmentView;
    },
    /** The merchant's systems set a sku's stock and price (an exchange needs the new sku priced like the old one). */
    async setStock(sku: string, stock: { onHand: number; unitPriceMinor: number; currency: string }, idempotencyKey: string) {
      await send(`stock ${sku}`, () => client.v1.inventory[':sku'].$put({ param: { sku }, header: { 'idempotency-key': idempotencyKey }, json: stock }));
    },
    /** The storefront asks for a return (201 approved, 202 held for review); the RMA id and the key make it repeat-safe. */
    async requestReturn(body: Parameters<typeof client.v1.returns.$post>[0]['json'] & { rmaId: string }): Promise<{ status: number; answer: { status: string; reason?: string } }> {
      const response = await send(`return ${body.rmaId}`, () => client.v1.returns.$post({ header: { 'idempotency-key': `demo-${body.rmaId}` }, json: body }));
      return { status: response.status, answer: (await response.json()) as { status: string; reason?: string } };
    },
    async getReturn(rmaId: string): Promise<ReturnView> {
      const response = await send(`read return ${rmaId}`, () => client.v1.returns[':rmaId'].$get({ param: { rmaId } }));
      return (await response.json()) as ReturnView;
    },
    /** An operator decides a return held for review. */
    async review(rmaId: string, decision: 'approve' | 'reject', reason?: string) {
      await send(`review ${rmaId}`, () => client.v1.returns[':rmaId'].review.$post({ param: { rmaId }, header: { 'idempotency-key': `demo-review-${rmaId}` }, json: { decision, reason } }));
    },
    /** The warehouse receives the return parcel and inspects each unit; units not listed are missing. */
    async receipt(rmaId: string, units: ReceiptUnits[]) {
      await send(`receipt ${rmaId}`, () => client.v1.returns[':rmaId'].receipt.$post({ param: { rmaId }, json: { receiptId: `rcpt-${rmaId}`, units } }));
    },
    /** The customer answers through the feedback link (its token is the only credential). */
    async submitFeedback(token: string, answers: Parameters<(typeof client.v1.feedback)[':token']['$post']>[0]['json']): Promise<{ lowScore?: boolean }> {
      let unanswered = false;
      // 404 until the order journey has handed off to its feedback request; a 409 after an unanswered (503) attempt means it went through.
      return until('the feedback request to take the answers', async () => {
        const response = await client.v1.feedback[':token'].$post({ param: { token }, json: answers });
        const status: number = response.status; // 404 and 503 are not in the route's documented answers
        if (status === 404 || status === 503) {
          unanswered ||= status === 503;
          return undefined;
        }
        if (unanswered && status === 409) return {};
        if (status === 409) {
          // The demo is this order's only answerer: "already received" means an attempt of ours was taken (Temporal
          // can take an update whose answer the API never saw).
          const problem = (await response.clone().json()) as { reason?: string };
          if (problem.reason === 'already_submitted') return {};
        }
        return (await (await ok(response, 'feedback')).json()) as { lowScore: boolean };
      });
    },
    async serviceCase(caseId: string) {
      // 404 until the feedback request has opened it.
      const response = await client.v1['service-cases'][':caseId'].$get({ param: { caseId } });
      return response.status === 200 ? await response.json() : undefined;
    },
    async customer(customerId: string): Promise<CustomerView> {
      const response = await send(`read customer ${customerId}`, () => client.v1.customers[':customerId'].$get({ param: { customerId } }));
      return (await response.json()) as CustomerView;
    },
  };
}
