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
    const set = await h.api('PUT', `/v1/inventory/${sku}`, { onHand: 3, reorderPoint: 2, reorderQuantity: 20 }, asKey('warehouse'));
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ sku, onHand: 3, reserved: 0, available: 3, reorderPoint: 2, replenishmentOpen: false });
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
