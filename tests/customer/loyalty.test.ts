import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoyaltyLedgerEntry, Customer } from '../../entities';
import { asKey, createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';
import { postCarrierEvents, scan } from '../support/webhooks';
import { customers } from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

describe('loyalty', () => {
  it('earns points on delivery, reverses them in proportion to a refund, and refuses redeeming more than the balance', async () => {
    const c = customers(h);
    const j = journeys(h);
    const { body, parcel } = await j.shippedOrder();
    const customerId = body.customer.id;
    expect(await postCarrierEvents(h, parcel, [scan('in_transit'), scan('delivered')])).toBe(202);
    await j.completed(body.orderId);

    // 2 x 12.50 + 8.99 = 33.99 EUR delivered: 33 points at 1 point per euro.
    await c.until(customerId, (v) => expect(v.loyalty).toEqual({ balance: 33, lifetimePoints: 33, tier: 'bronze' }));

    // One mug (12.50 of 33.99) comes back: 33 x 1250 / 3399 = 12.1 -> 12 points reversed.
    await c.tell(customerId, { type: 'refunded', eventId: `refund:${uniqueId('r')}`, at: new Date().toISOString(), orderId: body.orderId, amountMinor: 1250, currency: 'EUR' });
    const afterRefund = await c.until(customerId, (v) => expect(v.loyalty.balance).toBe(21));
    expect(afterRefund.facts).toMatchObject({ deliveredOrders: 1, monetaryMinor: 3399 - 1250, refundedMinor: 1250 });

    const path = `/v1/customers/${customerId}/loyalty/redemptions`;
    const tooMuch = await h.api('POST', path, { redemptionId: uniqueId('red'), points: 22 }, asKey('storefront'));
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.reason).toBe('insufficient_points');
    const redemptionId = uniqueId('red');
    const redeemed = await h.api('POST', path, { redemptionId, points: 20 }, asKey('storefront'));
    expect(redeemed).toMatchObject({ status: 200, body: { redemptionId, points: 20, balance: 1 } });
    // A repeat of the same redemption is answered with the first result and takes nothing more.
    expect((await h.api('POST', path, { redemptionId, points: 20 }, asKey('storefront'))).body).toMatchObject({ balance: 1 });
    expect((await h.api('POST', path, { redemptionId: uniqueId('red'), points: 0 }, asKey('storefront'))).status).toBe(400);

    // The ledger holds each movement once (the reversal may be written just after the redemption).
    const ledger = await eventually(async () => {
      const rows = await h.orm.em.fork().find(LoyaltyLedgerEntry, { customerId }, { orderBy: { kind: 'asc' } });
      expect(rows).toHaveLength(3);
      return rows;
    });
    expect(ledger.map((e) => [e.kind, e.points])).toEqual([['earn', 33], ['redeem', -20], ['reverse', -12]]);
    await eventually(async () => expect((await h.orm.em.fork().findOneOrFail(Customer, { id: customerId })).loyaltyBalance).toBe(1));
    expect((await c.view(customerId)).loyalty).toEqual({ balance: 1, lifetimePoints: 21, tier: 'bronze' });
  });

  it('hears of a refund from the refunds ledger: a cancelled order refunds and the customer knows, with no points to reverse', async () => {
    const c = customers(h);
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    await c.until(body.customer.id, (v) => expect(v.facts.orders).toBe(1));
    expect((await h.api('POST', `/v1/orders/${body.orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(200);
    const view = await c.until(body.customer.id, (v) => expect(v.facts.refundedMinor).toBe(3399));
    expect(view.facts).toMatchObject({ deliveredOrders: 0, monetaryMinor: 0 });
    expect(view.loyalty.balance).toBe(0);
  });
});
