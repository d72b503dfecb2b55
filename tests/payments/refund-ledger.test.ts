import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { RefundRequest, RefundResult } from '../../activities/payments/activities';
import { Payment, Refund } from '../../entities';
import type { OrderView } from '../../workflows/order/messages';
import { createHarness, eventually, uniqueId, type Harness } from '../support/harness';
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

const refundsAtPartner = (orderId: string) => h.partners.refundsFor(orderId);
const ledger = (orderId: string) => h.orm.em.fork().find(Refund, { orderId }, { orderBy: { id: 'asc' } });

/** The ledger's activity, run in an activity context as the worker runs it (its counters and logs need one). */
const refundActivity = () => {
  const { refundPayment } = createActivities({ orm: h.orm, config: h.config });
  return (r: RefundRequest): Promise<RefundResult> => new MockActivityEnvironment().run(refundPayment, r);
};

function request(orderId: string, paymentId: string, overrides: Partial<RefundRequest> = {}): RefundRequest {
  return { idempotencyKey: `return-${orderId}:refund:1`, workflowId: `return-${orderId}`, orderId, paymentId, amountMinor: 2000, currency: 'EUR', reason: 'returned', capturedMinor: 3000, ...overrides };
}

describe('the refunds ledger', () => {
  it('a retried refund with the same key refunds once and counts once', async () => {
    const refundPayment = refundActivity();
    const orderId = uniqueId('ord');
    const paymentId = uniqueId('pi');
    const first = await refundPayment(request(orderId, paymentId));
    const again = await refundPayment(request(orderId, paymentId));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'refunded', amountMinor: 2000 });
    expect(refundsAtPartner(orderId)).toHaveLength(1);
    expect((await ledger(orderId)).map((r) => [r.status, r.amountMinor, r.requestedBy, r.providerRefundId])).toEqual([['succeeded', 2000, `return-${orderId}`, first.refundId]]);
    expect(await h.orm.em.fork().findOneOrFail(Payment, { paymentId })).toMatchObject({ orderId, capturedMinor: 3000, currency: 'EUR' });

    // What is left is 1000: a second refund is capped (and says why), a third finds nothing left and asks the partner nothing.
    expect(first.cap).toBeUndefined();
    const capped = { status: 'refunded', amountMinor: 1000, cap: { capturedMinor: 3000, earlierRefundsMinor: 2000, availableMinor: 1000 } };
    expect(await refundPayment(request(orderId, paymentId, { idempotencyKey: `order-${orderId}:refund:2` }))).toMatchObject(capped);
    expect(await refundPayment(request(orderId, paymentId, { idempotencyKey: `order-${orderId}:refund:2` }))).toMatchObject(capped); // a retry reports the same cap
    expect(await refundPayment(request(orderId, paymentId, { idempotencyKey: `order-${orderId}:refund:3` }))).toEqual({ status: 'nothing_left', refundId: '', amountMinor: 0, cap: { capturedMinor: 3000, earlierRefundsMinor: 3000, availableMinor: 0 } });
    expect(refundsAtPartner(orderId).map((r) => r.body.amount)).toEqual([2000, 1000]);
  });

  it('two refunds asked at the same moment never exceed what was captured', async () => {
    const refundPayment = refundActivity();
    const orderId = uniqueId('ord');
    const paymentId = uniqueId('pi');
    const results = await Promise.all(
      ['a', 'b', 'c'].map((n) => refundPayment(request(orderId, paymentId, { idempotencyKey: `order-${orderId}:refund:${n}`, amountMinor: 1800 }))),
    );
    expect(results.map((r) => r.amountMinor).sort((a, b) => a - b)).toEqual([0, 1200, 1800]);
    expect(refundsAtPartner(orderId).reduce((sum, r) => sum + Number(r.body.amount), 0)).toBe(3000);
  });

  it('a refused refund is recorded with the reason and no longer counts against the payment', async () => {
    const refundPayment = refundActivity();
    const orderId = uniqueId('ord');
    const paymentId = uniqueId('pi');
    h.partners.failNext('payments', 400, 1, 'Charge already refunded.');
    await expect(refundPayment(request(orderId, paymentId, { amountMinor: 3000 }))).rejects.toMatchObject({ type: 'PartnerRejected', nonRetryable: true });
    // The same key keeps its outcome: a retried activity does not ask again.
    await expect(refundPayment(request(orderId, paymentId, { amountMinor: 3000 }))).rejects.toMatchObject({ type: 'PartnerRejected' });
    expect(await ledger(orderId)).toMatchObject([{ status: 'failed', failureReason: 'payments refused refund with HTTP 400: Charge already refunded.' }]);
    expect(await refundPayment(request(orderId, paymentId, { idempotencyKey: `order-${orderId}:refund:retry-1`, amountMinor: 3000 }))).toMatchObject({ status: 'refunded', amountMinor: 3000 });
    expect(refundsAtPartner(orderId)).toHaveLength(1);
  });

  it('parcel refunds of one order stop at the captured amount', async () => {
    // Mugs 2500 + tea 899 paid, 3000 captured: whichever refund comes second is capped.
    const two = await twoParcelOrder(3000);
    await postCarrierEvents(h, two.parcels[0], [scan('returned_to_sender')]);
    await postCarrierEvents(h, two.parcels[1], [scan('returned_to_sender')]);
    const view = await eventually(async () => {
      const order = (await h.api<OrderView>('GET', `/v1/orders/${two.orderId}`)).body;
      expect(order.parcels.map((p) => p.resolution?.refundStatus)).toEqual(['refunded', 'refunded']);
      return order;
    });
    expect(view.parcels.reduce((sum, p) => sum + (p.resolution?.refundMinor ?? 0), 0)).toBe(3000);
    expect(refundsAtPartner(two.orderId).reduce((sum, r) => sum + Number(r.body.amount), 0)).toBe(3000);
    expect((await ledger(two.orderId)).every((r) => r.status === 'succeeded')).toBe(true);
  });
});

/** An order (mugs 2 x 1250, tea 899) shipped in two parcels, with `capturedMinor` captured. */
async function twoParcelOrder(capturedMinor: number) {
  const body = orderBody({ payment: { paymentId: uniqueId('pi'), capturedMinor } });
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const parcels = [
    { carrier: 'dhl', trackingNumber: `JA${stamp}`, items: [{ sku: 'MUG-BLUE', quantity: 2 }] },
    { carrier: 'dhl', trackingNumber: `JB${stamp}`, items: [{ sku: 'TEA-EARLGREY', quantity: 1 }] },
  ];
  expect((await j.fulfil(body.orderId, { type: 'shipped', parcels })).status).toBe(200);
  for (const p of parcels) await eventually(async () => expect((await h.api('GET', `/v1/shipments/shipment-dhl-${p.trackingNumber}`)).status).toBe(200));
  return { orderId: body.orderId, parcels };
}
