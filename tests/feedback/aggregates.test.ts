import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedbackActivities } from '../../activities/feedback/activities';
import { Feedback, ProductRating } from '../../entities';
import { asKey, createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { answers, feedbackSteps } from './support';

let h: Harness;
let f: ReturnType<typeof feedbackSteps>;
beforeAll(async () => {
  h = await createHarness(__filename, { policy: { feedback: { askAfterDomestic: '1 hour' } } });
  f = feedbackSteps(h);
});
afterAll(() => h?.close());

const rate = (orderId: string, submittedAt: string, products: { sku: string; rating: number }[], delivery: number, comment?: string) =>
  createFeedbackActivities({ orm: h.orm }).recordFeedback({ orderId, customerId: 'cus-seed', submittedAt, lowScore: false, submission: { products, delivery, packaging: 4, service: 4, nps: 8, comment } });
const deliveredBy = (carrier: string, orderId: string, parcel: { shippedAt?: string; deliveredAt?: string; onTime?: boolean; exceptionKinds?: string[] }) =>
  createFeedbackActivities({ orm: h.orm }).recordDeliveryFacts({ orderId, parcels: [{ shipmentId: `shipment-${carrier}-${orderId}`, carrier, exceptionKinds: [], ...parcel }] });

describe('product and carrier aggregates', () => {
  it('a product: average, count, distribution and the recent comments, newest first', async () => {
    const sku = uniqueId('SKU');
    const other = uniqueId('SKU');
    const [o1, o2, o3, o4] = [uniqueId('o'), uniqueId('o'), uniqueId('o'), uniqueId('o')];
    await rate(o1, '2026-11-01T10:00:00Z', [{ sku, rating: 5 }, { sku: other, rating: 1 }], 5, 'Great');
    await rate(o2, '2026-11-02T10:00:00Z', [{ sku, rating: 4 }], 5);
    await rate(o3, '2026-11-03T10:00:00Z', [{ sku, rating: 2 }], 5, 'Chipped');
    await rate(o4, '2026-11-04T10:00:00Z', [{ sku, rating: 5 }], 5, 'Love it');
    await rate(o4, '2026-11-04T10:00:00Z', [{ sku, rating: 1 }], 1, 'a retry never counts twice');

    const product = await h.api('GET', `/v1/products/${sku}/feedback`, undefined, asKey('operator'));
    expect(product.status).toBe(200);
    // 5 + 4 + 2 + 5 = 16 over 4 ratings = 4.00; the other sku's 1 is not this product's.
    expect(product.body).toEqual({
      sku,
      count: 4,
      average: 4,
      distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 2 },
      recentComments: [
        { rating: 5, comment: 'Love it', submittedAt: '2026-11-04T10:00:00.000Z' },
        { rating: 2, comment: 'Chipped', submittedAt: '2026-11-03T10:00:00.000Z' },
        { rating: 5, comment: 'Great', submittedAt: '2026-11-01T10:00:00.000Z' },
      ],
    });
    expect((await h.api('GET', `/v1/products/${uniqueId('NONE')}/feedback`, undefined, asKey('operator'))).body).toMatchObject({ count: 0, average: null, recentComments: [] });
    expect((await h.api('GET', `/v1/products/${sku}/feedback`, undefined, asKey('storefront'))).status).toBe(403);
  });

  it('a carrier: on time against the promise, exceptions by kind, days in transit and delivery ratings', async () => {
    const carrier = `agg_${uniqueId('c').replace(/-/g, '_').toLowerCase()}`;
    const [o1, o2, o3, o4, o5] = [uniqueId('o'), uniqueId('o'), uniqueId('o'), uniqueId('o'), uniqueId('o')];
    await deliveredBy(carrier, o1, { shippedAt: '2026-11-01T00:00:00Z', deliveredAt: '2026-11-03T00:00:00Z', onTime: true }); // 2 days
    await deliveredBy(carrier, o2, { shippedAt: '2026-11-01T00:00:00Z', deliveredAt: '2026-11-05T12:00:00Z', onTime: false, exceptionKinds: ['failed_attempt', 'address_problem'] }); // 4.5
    await deliveredBy(carrier, o3, { shippedAt: '2026-11-02T00:00:00Z', deliveredAt: '2026-11-03T00:00:00Z', onTime: true, exceptionKinds: ['failed_attempt'] }); // 1
    await deliveredBy(carrier, o5, {}); // no promise, no times
    await deliveredBy(carrier, o1, { shippedAt: '2026-11-01T00:00:00Z', deliveredAt: '2026-11-09T00:00:00Z', onTime: false }); // a repeat changes nothing
    await rate(o1, '2026-11-04T00:00:00Z', [], 5);
    await rate(o2, '2026-11-06T00:00:00Z', [], 2);
    await rate(o3, '2026-11-04T00:00:00Z', [], 3);
    await rate(o4, '2026-11-04T00:00:00Z', [], 1); // another carrier's order

    const scorecard = await h.api('GET', `/v1/carriers/${carrier}/scorecard`, undefined, asKey('operator'));
    expect(scorecard.status).toBe(200);
    expect(scorecard.body).toEqual({
      carrier,
      deliveries: 4,
      onTime: { count: 2, withPromise: 3, rate: 0.6667 }, // 2 of the 3 with a promise
      exceptions: { total: 3, deliveriesWithExceptions: 2, rate: 0.5, byKind: { failed_attempt: 2, address_problem: 1 } },
      averageDaysInTransit: 2.5, // (2 + 4.5 + 1) / 3
      deliveryRating: { count: 3, average: 3.33 }, // (5 + 2 + 3) / 3
    });
    expect((await h.api('GET', '/v1/carriers/NOT A CARRIER/scorecard', undefined, asKey('operator'))).status).toBe(400);
  });

  it('a real journey feeds the scorecard: its transit, its exception and the customer\'s delivery rating', async () => {
    const carrier = `e2e_${uniqueId('c').replace(/-/g, '_').toLowerCase()}`;
    const { orderId, shipmentId } = await f.deliveredOrder({}, { carrier, transitDays: 3, exceptionKind: 'failed_attempt' });
    expect((await f.submit(f.token(orderId), answers({ delivery: 4, products: [{ sku: 'MUG-BLUE', rating: 3 }] }))).status).toBe(201);
    const scorecard = await eventually(async () => {
      const body = (await h.api('GET', `/v1/carriers/${carrier}/scorecard`, undefined, asKey('operator'))).body;
      expect(body.deliveryRating).toEqual({ count: 1, average: 4 });
      return body;
    });
    // Delivered an hour ago, well before the promise (an hour after the journey started).
    expect(scorecard).toMatchObject({ deliveries: 1, onTime: { count: 1, withPromise: 1, rate: 1 }, exceptions: { total: 1, byKind: { failed_attempt: 1 } }, averageDaysInTransit: 3 });
    expect(shipmentId).toContain(carrier);
  });

  it('erasing the customer clears their comment; the ratings stay in the aggregates', async () => {
    const sku = uniqueId('SKU');
    const { orderId, body } = await f.deliveredOrder({ items: [{ sku, quantity: 1, unitPriceMinor: 500 }] });
    expect((await f.submit(f.token(orderId), answers({ products: [{ sku, rating: 4 }], comment: 'Call me on 0171 555 0101' }))).status).toBe(201);
    const erased = await eventually(async () => {
      const response = await h.api<{ erased: { what: string; records: number }[] }>('DELETE', `/v1/customers/${body.customer.id}`, undefined, asKey('operator'));
      expect(response.status).toBe(200);
      return response.body;
    });
    expect(erased.erased).toContainEqual({ what: expect.stringContaining('feedback comments'), records: 1 });
    expect(await h.orm.em.fork().findOne(Feedback, { orderId })).toMatchObject({ comment: null, deliveryRating: 5, nps: 9 });
    expect(await h.orm.em.fork().count(ProductRating, { orderId })).toBe(1);
    expect((await h.api('GET', `/v1/products/${sku}/feedback`, undefined, asKey('operator'))).body).toMatchObject({ count: 1, average: 4, recentComments: [] });
  });
});
