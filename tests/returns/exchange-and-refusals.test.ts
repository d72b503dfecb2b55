import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refund } from '../../entities';
import type { OrderView } from '../../workflows/order/messages';
import type { StepView } from '../../workflows/shared/steps';
import { asKey, createHarness, eventually, type ApiBody, type Harness } from '../support/harness';
import { returns } from '../support/returns';

let h: Harness;
let r: ReturnType<typeof returns>;
beforeAll(async () => {
  h = await createHarness(__filename);
  r = returns(h);
});
afterAll(() => h?.close());

const rmaOf = (answer: { body: unknown }) => (answer.body as { rmaId: string }).rmaId;
const stock = async (sku: string) => (await h.api<{ onHand: number; reserved: number; available: number; replenishmentOpen: boolean } & ApiBody>('GET', `/v1/inventory/${sku}`, undefined, asKey('warehouse'))).body;

describe('exchanges and stock', () => {
  it('an exchange starts a replacement order journey with stock reserved; the reorder point sends one replenishment, not one per return', async () => {
    const sku = `MUG-GREEN-${Date.now()}`;
    // The exchange sku costs what a blue mug cost (1250 EUR): the same price.
    const set = await h.api('PUT', `/v1/inventory/${sku}`, { onHand: 3, reorderPoint: 2, reorderQuantity: 20, unitPriceMinor: 1250, currency: 'EUR' }, asKey('warehouse'));
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ sku, onHand: 3, reserved: 0, available: 3, reorderPoint: 2, replenishmentOpen: false, unitPriceMinor: 1250, currency: 'EUR' });
    expect((await h.api('PUT', `/v1/inventory/${sku}`, { onHand: -1 }, asKey('warehouse'))).body.errors?.[0].field).toBe('onHand');
    expect((await h.api('PUT', `/v1/inventory/${sku}`, { onHand: 3 }, asKey('storefront'))).status).toBe(403);

    const exchanges = [];
    for (let i = 0; i < 2; i += 1) {
      const { orderId } = await r.deliveredOrder();
      const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1, reason: 'size' }], { resolution: { type: 'exchange', sku } }));
      await r.until(rmaId, 'awaiting_parcel');
      expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }])).status).toBe(200);
      const done = await r.until(rmaId, 'completed');
      expect(done.exchange).toEqual({ orderId: `ex-${rmaId}`, sku, quantity: 1 });
      expect(done.money).toBeUndefined();
      exchanges.push({ orderId, rmaId });
    }
    for (const { rmaId } of exchanges) {
      const replacement = await eventually(async () => {
        const answer = await h.api<OrderView>('GET', `/v1/orders/ex-${rmaId}`);
        expect(answer.status).toBe(200);
        return answer.body;
      });
      expect(replacement.stage).toBe('confirmed');
    }
    expect(await stock(sku)).toMatchObject({ onHand: 3, reserved: 2, available: 1, replenishmentOpen: true });
    const replenishments = h.partners.effectsOf('inventory').filter((c) => c.path === '/v1/replenishment-requests' && c.body.sku === sku);
    expect(replenishments.map((c) => [c.idempotencyKey, c.body.quantity, c.body.available])).toEqual([[`replenish:${sku}:1`, 20, 2]]);
    for (const { orderId } of exchanges) expect(r.refundsAtProvider(orderId)).toHaveLength(0);

    // The merchant restocks above the point: the next fall sends the next request.
    expect((await h.api('PUT', `/v1/inventory/${sku}`, { onHand: 30, reorderPoint: 2, reorderQuantity: 20 }, asKey('warehouse'))).body).toMatchObject({ available: 28, replenishmentOpen: false });
  });
});

describe('an exchange is checked when it is asked for', () => {
  const ineligible = async (orderId: string, exchangeSku: string, quantity = 1) => {
    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity, reason: 'size' }], { resolution: { type: 'exchange', sku: exchangeSku } });
    expect([answer.status, answer.headers.get('content-type'), answer.body.reason]).toEqual([422, expect.stringContaining('application/problem+json'), 'return_ineligible']);
    return (answer.body as unknown as { reasons: Record<string, unknown>[] }).reasons;
  };
  const put = (sku: string, body: Record<string, unknown>) => h.api('PUT', `/v1/inventory/${sku}`, body, asKey('warehouse'));

  it('422 at once for a sku nobody priced, at another price, or without stock for the units; the units stay free', async () => {
    const { orderId } = await r.deliveredOrder();
    const stamp = Date.now();
    expect(await ineligible(orderId, `MUG-NONE-${stamp}`)).toEqual([{ reason: 'exchange_sku_unknown', exchangeSku: `MUG-NONE-${stamp}` }]);

    const unpriced = `MUG-UNPRICED-${stamp}`;
    expect((await put(unpriced, { onHand: 5 })).status).toBe(200);
    expect(await ineligible(orderId, unpriced)).toEqual([{ reason: 'exchange_price_unknown', exchangeSku: unpriced }]);

    const dearer = `MUG-DEARER-${stamp}`;
    expect((await put(dearer, { onHand: 5, unitPriceMinor: 1500, currency: 'EUR' })).status).toBe(200);
    expect(await ineligible(orderId, dearer)).toEqual([
      { reason: 'exchange_price_differs', exchangeSku: dearer, sku: 'MUG-BLUE', returnedUnitPriceMinor: 1250, exchangeUnitPriceMinor: 1500, currency: 'EUR', exchangeCurrency: 'EUR' },
    ]);
    const inDollars = `MUG-USD-${stamp}`;
    expect((await put(inDollars, { onHand: 5, unitPriceMinor: 1250, currency: 'USD' })).status).toBe(200);
    expect((await ineligible(orderId, inDollars))[0]).toMatchObject({ reason: 'exchange_price_differs', exchangeCurrency: 'USD' });

    const scarce = `MUG-SCARCE-${stamp}`;
    expect((await put(scarce, { onHand: 1, unitPriceMinor: 1250, currency: 'EUR' })).status).toBe(200);
    expect(await ineligible(orderId, scarce, 2)).toEqual([{ reason: 'exchange_out_of_stock', exchangeSku: scarce, requested: 2, available: 1 }]);

    // Refused requests hold nothing: the same units can be exchanged for a sku at the same price with stock.
    expect((await put(scarce, { onHand: 4 })).body).toMatchObject({ onHand: 4, unitPriceMinor: 1250, currency: 'EUR' }); // the price on record stays
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }], { resolution: { type: 'exchange', sku: scarce } })).status).toBe(201);
  });

  it('a price without its currency is a 400 naming the field and changes nothing', async () => {
    const sku = `MUG-HALF-${Date.now()}`;
    const answer = await put(sku, { onHand: 2, unitPriceMinor: 1250 });
    expect([answer.status, answer.body.errors?.map((e) => e.field)]).toEqual([400, ['currency']]);
    expect((await h.api('GET', `/v1/inventory/${sku}`, undefined, asKey('warehouse'))).status).toBe(404);
  });
});

describe('a refund the payment provider refuses for good', () => {
  it('is recorded as failed, flags the return and alerts operators; an operator retry refunds once', async () => {
    const { orderId } = await r.deliveredOrder();
    const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'defective' }]));
    await r.until(rmaId, 'awaiting_parcel');
    h.partners.failNext('payments', 400, 1, 'Charge ch_1 has already been refunded.');
    await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 2 }]);
    const refused = await r.until(rmaId, (v) => v.money?.status === 'failed' && v.status === 'completed');
    expect(refused.money?.failure).toContain('has already been refunded');
    expect(refused.needsAttention).toBe(true);
    expect(refused.attentionReasons).toContain('refund_refused');
    expect(refused.steps.find((s) => s.stepId === 'refund')).toMatchObject({ status: 'failed', attempt: 1 });
    expect(refused.stock.map((s) => s.kind)).toContain('restocked'); // stock moved regardless
    await eventually(() => expect(h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `return-${rmaId}` && a.body.kind === 'refund_refused')).toHaveLength(1));
    const handle = h.client.workflow.getHandle(`return-${rmaId}`);
    expect((await handle.describe()).status.name).toBe('RUNNING'); // waiting for an operator, not failed
    expect((await handle.describe()).searchAttributes.NeedsAttention).toEqual([true]);

    const operator = (body: Record<string, unknown>, who: 'operator' | 'warehouse' = 'operator') => h.api<StepView & ApiBody>('POST', `/v1/returns/${rmaId}/steps/refund`, body, asKey(who));
    expect((await operator({ action: 'retry' }, 'warehouse')).status).toBe(403);
    const retried = await operator({ action: 'retry', note: 'provider fixed' });
    expect(retried.body).toMatchObject({ status: 'running', attempt: 2 });
    const view = await handle.result();
    expect(view.money).toMatchObject({ status: 'refunded', amountMinor: 2500 });
    expect(view.needsAttention).toBe(false);
    expect(r.refundsAtProvider(orderId).map((x) => [x.idempotencyKey, x.body.amount])).toEqual([[`return-${rmaId}:refund:retry-1`, 2500]]);
    expect((await h.orm.em.fork().find(Refund, { orderId }, { orderBy: { id: 'asc' } })).map((x) => x.status)).toEqual(['failed', 'succeeded']);
    expect((await operator({ action: 'retry' })).body.reason).toBe('journey_completed');
  });
});
