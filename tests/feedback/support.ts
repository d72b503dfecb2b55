import { expect } from 'vitest';
import { signLink } from '../../lib/signed-links';
import { feedbackStatusQuery, feedbackWorkflowId, type FeedbackView } from '../../workflows/feedback/messages';
import { eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';
import { postCarrierEvents, scan } from '../support/webhooks';

const HOUR = 3_600_000;

/** Feedback helpers on top of the journey helpers: a delivered order, its feedback request, its link. */
export function feedbackSteps(h: Harness) {
  const j = journeys(h);
  return {
    ...j,
    /**
     * An order driven to delivered over HTTP: shipped `transitDays` before now, an optional exception on the way,
     * delivered an hour ago. Returns when the journey has handed off.
     */
    async deliveredOrder(overrides: Record<string, unknown> = {}, options: { carrier?: string; transitDays?: number; exceptionKind?: string } = {}) {
      const shippedAt = Date.now() - (options.transitDays ?? 2) * 24 * HOUR - HOUR;
      const at = (offsetHours: number) => new Date(shippedAt + offsetHours * HOUR).toISOString();
      const body = orderBody(overrides);
      expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
      const parcel = { carrier: options.carrier ?? 'dhl', trackingNumber: `JD${Date.now()}${Math.floor(Math.random() * 1000)}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
      expect((await j.fulfil(body.orderId, { type: 'shipped', occurredAt: at(0), parcels: [parcel] })).status).toBe(200);
      const shipmentId = `shipment-${parcel.carrier}-${parcel.trackingNumber}`;
      await eventually(async () => expect((await h.api('GET', `/v1/shipments/${shipmentId}`)).status).toBe(200));
      const events = [scan('in_transit', { occurredAt: at(2) })];
      if (options.exceptionKind) events.push(scan('exception', { exceptionKind: options.exceptionKind as never, occurredAt: at(4) }), scan('in_transit', { occurredAt: at(5) }));
      events.push(scan('delivered', { occurredAt: new Date(Date.now() - HOUR).toISOString() }));
      expect(await postCarrierEvents(h, parcel, events)).toBe(202);
      await j.completed(body.orderId);
      // The journey's view says completed just before it hands off: wait for the feedback request itself.
      await eventually(() => h.client.workflow.getHandle(feedbackWorkflowId(body.orderId)).query(feedbackStatusQuery));
      return { body, orderId: body.orderId, parcel, shipmentId, shippedAt: at(0) };
    },
    feedbackHandle: (orderId: string) => h.client.workflow.getHandle(feedbackWorkflowId(orderId)),
    async feedbackView(orderId: string): Promise<FeedbackView> {
      return eventually(() => h.client.workflow.getHandle(feedbackWorkflowId(orderId)).query(feedbackStatusQuery));
    },
    /** A feedback link token as the message carries it (signed with the configured key). */
    token: (orderId: string, days = 30) => signLink({ scope: 'feedback', sub: orderId, exp: Math.floor(Date.now() / 1000) + days * 86400 }, h.config.linkSigningKeys),
    submit: (token: string, body: unknown) => h.api('POST', `/v1/feedback/${token}`, body, { Authorization: '' }),
  };
}

/** The token of the `/feedback/<token>` link in a customer message. */
export function feedbackTokenIn(message: { body: string }): string {
  const match = /\/feedback\/([\w.-]+)/.exec(message.body);
  if (!match) throw new Error(`no feedback link in: ${message.body}`);
  return match[1]!;
}

/** A complete, valid submission for an order with the default two lines (tests/support/orders.ts). */
export const answers = (overrides: Record<string, unknown> = {}) => ({
  products: [
    { sku: 'MUG-BLUE', rating: 5 },
    { sku: 'TEA-EARLGREY', rating: 4 },
  ],
  delivery: 5,
  packaging: 4,
  service: 5,
  nps: 9,
  comment: 'Lovely mug.',
  ...overrides,
});
