import { expect } from 'vitest';
import { Shipment } from '../../entities';
import type { ReturnView } from '../../workflows/returns/messages';
import { eventually, uniqueId, type ApiBody, type Harness } from './harness';
import { journeys } from './journeys';
import { postCarrierEvents } from './webhooks';

/** Steps of a return as the storefront, the warehouse, carriers and operators drive it over HTTP. */
export function returns(h: Harness) {
  const j = journeys(h);
  const getReturn = async (rmaId: string) => (await h.api<ReturnView & ApiBody>('GET', `/v1/returns/${rmaId}`)).body;
  return {
    ...j,
    getReturn,
    /** An order shipped in one parcel and delivered `deliveredAgoMs` ago (by the carrier's scan time). */
    async deliveredOrder(overrides: Record<string, unknown> = {}, deliveredAgoMs = 60 * 60 * 1000) {
      const shipped = await j.shippedOrder(overrides);
      const at = new Date(Date.now() - deliveredAgoMs).toISOString();
      expect(await postCarrierEvents(h, shipped.parcel, [{ eventId: uniqueId('dlv'), status: 'delivered', occurredAt: at }])).toBe(202);
      await eventually(async () => expect((await h.orm.em.fork().findOneOrFail(Shipment, { id: shipped.shipmentId })).deliveredAt).toBeTruthy());
      return shipped;
    },
    /** POST /v1/returns with one or more lines; `extra` adds resolution, rmaId, policy. */
    request(orderId: string, lines: { sku: string; quantity: number; reason?: string }[], extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      return h.api('POST', '/v1/returns', { orderId, lines: lines.map((l) => ({ reason: 'changed_mind', ...l })), resolution: { type: 'refund' }, ...extra }, headers);
    },
    /** Waits until the return reaches a status. */
    async until(rmaId: string, status: ReturnView['status'] | ((view: ReturnView) => boolean), timeoutMs = 20_000) {
      return eventually(async () => {
        const view = await getReturn(rmaId);
        if (typeof status === 'function') expect(status(view)).toBe(true);
        else expect(view.status).toBe(status);
        return view;
      }, timeoutMs);
    },
    receipt(rmaId: string, units: { sku: string; condition: string; quantity: number }[], receiptId = uniqueId('rcpt')) {
      return h.api<ReturnView & ApiBody>('POST', `/v1/returns/${rmaId}/receipt`, { receiptId, units });
    },
    /** Refunds the fake payments provider carried out for an order. */
    refundsAtProvider(orderId: string) {
      return h.partners.refundsFor(orderId);
    },
  };
}
