import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartners } from '../../activities/adapters/partners';
import { createStripeClient, createStripeRefund, refundParams } from '../../activities/adapters/stripe';
import { OutboundMessage, Refund } from '../../entities';
import type { OrderView } from '../../workflows/order/messages';
import { createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { returns } from '../support/returns';
import { startStripeMock } from '../support/stripe-mock';

/**
 * The payments adapter against stripe-mock, Stripe's own mock, which checks every request against Stripe's
 * OpenAPI spec: the official client's form-encoded request, idempotency key, payment_intent and amount.
 */
let h: Harness;
let stripeMock: Awaited<ReturnType<typeof startStripeMock>>;
beforeAll(async () => {
  stripeMock = await startStripeMock();
  h = await createHarness(__filename, { env: { PAYMENTS_BASE_URL: stripeMock.baseUrl, PAYMENTS_API_KEY: 'sk_test_aftercart' } });
});
afterAll(async () => {
  await h?.close();
  stripeMock?.stop();
});

describe('payments through the official stripe package', () => {
  it('a refund request passes stripe-mock’s validation and is recorded under its key', async () => {
    const partners = createPartners(h.orm, h.config);
    const key = uniqueId('refund-key');
    const result = await partners.refund(key, 'return-test', { paymentId: 'pi_3MtwBwLkdIwHu7ix28a3tqPa', amountMinor: 1250, currency: 'EUR', reason: 'requested_by_customer', orderId: 'A1001' });
    expect(result).toMatchObject({ status: 'sent', replayed: false, response: { id: expect.stringMatching(/^re_/), object: 'refund' } });
    const row = await h.orm.em.fork().findOneOrFail(OutboundMessage, { idempotencyKey: key });
    expect(row.request).toEqual({ method: 'POST', path: '/v1/refunds', body: { payment_intent: 'pi_3MtwBwLkdIwHu7ix28a3tqPa', amount: 1250, reason: 'requested_by_customer', metadata: { order_id: 'A1001' } } });
    // Our own reasons are not Stripe's: they travel in metadata, and stripe-mock accepts the request.
    expect(refundParams({ paymentId: 'pi_1', amountMinor: 1, currency: 'EUR', reason: 'parcel_not_delivered', orderId: 'A1' })).toEqual({ payment_intent: 'pi_1', amount: 1, metadata: { order_id: 'A1', reason: 'parcel_not_delivered' } });
    expect((await partners.refund(uniqueId('refund-key'), 'order-test', { paymentId: 'pi_1', amountMinor: 5, currency: 'EUR', reason: 'parcel_not_delivered', orderId: 'A1' })).status).toBe('sent');
  });

  it('a request Stripe would refuse is a permanent PartnerRejected with Stripe’s words', async () => {
    const stripe = createStripeClient(h.config.partners.payments)!;
    const bad = { ...refundParams({ paymentId: 'pi_1', amountMinor: 100, currency: 'EUR', reason: 'requested_by_customer', orderId: 'A1' }), amount_in_cents: 100 } as Stripe.RefundCreateParams;
    const error = await createStripeRefund(stripe, uniqueId('bad'), bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'PartnerRejected', nonRetryable: true });
    expect((error as Error).message).toMatch(/HTTP 400: Request validation error: .*additional properties are not allowed/);
  });

  it('an order cancellation and a return refund go through the same adapter', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    expect((await h.api('POST', `/v1/orders/${body.orderId}/cancel`, { reason: 'duplicate order' })).status).toBe(200);
    const cancelled = await eventually(async () => {
      const view = (await h.api<OrderView>('GET', `/v1/orders/${body.orderId}`)).body;
      expect(view.cancellation?.refundStatus).toBe('refunded');
      return view;
    });
    expect(cancelled.timeline.find((t) => t.what === 'Refunded 3399 EUR')?.detail).toMatch(/^re_/);

    const r = returns(h);
    const { orderId } = await r.deliveredOrder();
    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1, reason: 'defective' }], { policy: { returns: { refundAt: 'approval' } } });
    const refunded = await r.until((answer.body as { rmaId: string }).rmaId, (v) => v.money?.status === 'refunded');
    expect(refunded.money).toMatchObject({ amountMinor: 1250, refundId: expect.stringMatching(/^re_/) });
    expect(await h.orm.em.fork().find(Refund, { orderId })).toMatchObject([{ status: 'succeeded', providerRefundId: expect.stringMatching(/^re_/) }]);
  });
});
