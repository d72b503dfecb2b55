import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order, OrderItem, Payment, Refund } from '../../entities';
import type { OrderView } from '../../workflows/order/messages';
import { createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';

/**
 * Money above 2^31 minor units (21,474,836.47 in a two-decimal currency) is an ordinary B2B order. With INT columns
 * the order's insert failed on every retry and the journey froze at "confirmed"; with BIGINT it goes end to end.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

const THREE_BILLION = 3_000_000_000;

describe('an order of 3,000,000,000 minor units', () => {
  it('is recorded with its exact total, and its cancellation refunds exactly that through the ledger and the payments partner', async () => {
    const body = orderBody({
      items: [{ sku: 'PRESS-LINE', quantity: 2, unitPriceMinor: THREE_BILLION / 2 }],
      payment: { paymentId: uniqueId('pi'), capturedMinor: THREE_BILLION },
    });
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);

    const em = () => h.orm.em.fork();
    const order = await eventually(async () => em().findOneOrFail(Order, { id: body.orderId }));
    expect(order.totalMinor).toBe(THREE_BILLION);
    expect((await em().find(OrderItem, { order: body.orderId })).map((i) => [i.sku, i.quantity, i.unitPriceMinor])).toEqual([['PRESS-LINE', 2, THREE_BILLION / 2]]);
    expect((await em().findOneOrFail(Payment, { paymentId: body.payment.paymentId })).capturedMinor).toBe(THREE_BILLION);
    // Read back as stored, not as the ORM maps it.
    const [raw] = await em().getConnection().execute<{ total: string }[]>('select cast(total_minor as char) as total from orders where id = ?', [body.orderId]);
    expect(raw!.total).toBe('3000000000');

    const cancelled = await h.api<OrderView>('POST', `/v1/orders/${body.orderId}/cancel`, { reason: 'customer request' });
    expect(cancelled.status).toBe(200);
    const view = await journeys(h).completed(body.orderId);
    expect(view.cancellation).toMatchObject({ refundMinor: THREE_BILLION, refundStatus: 'refunded' });
    expect((await em().find(Refund, { orderId: body.orderId })).map((r) => [r.status, r.amountMinor])).toEqual([['succeeded', THREE_BILLION]]);
    const atPartner = h.partners.refundsFor(body.orderId);
    expect(atPartner.map((r) => Number(r.body.amount))).toEqual([THREE_BILLION]);
  });
});
