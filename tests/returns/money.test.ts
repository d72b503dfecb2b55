import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refund } from '../../entities';
import type { ReturnView } from '../../workflows/returns/messages';
import type { StepView } from '../../workflows/shared/steps';
import { asKey, createHarness, eventually, type ApiBody, type Harness } from '../support/harness';
import { uniqueId } from '../support/ids';
import { returns } from '../support/returns';

let h: Harness;
let r: ReturnType<typeof returns>;
beforeAll(async () => {
  h = await createHarness(__filename);
  r = returns(h);
});
afterAll(() => h?.close());

const rmaOf = (answer: { body: unknown }) => (answer.body as { rmaId: string }).rmaId;
const alerts = (rmaId: string, kind: string) => h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `return-${rmaId}` && a.body.kind === kind);
const ledgerOf = async (orderId: string) => (await h.orm.em.fork().find(Refund, { orderId }, { orderBy: { id: 'asc' } })).map((x) => ({ key: x.idempotencyKey, method: x.method, amountMinor: x.amountMinor, status: x.status }));
const currentDetails = async (rmaId: string) => (await h.client.workflow.getHandle(`return-${rmaId}`).query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails ?? '';

/** Requests a return, waits for its label and records the warehouse's receipt. */
async function returnedAndReceived(orderId: string, lines: { sku: string; quantity: number; reason: string }[], extra: Record<string, unknown>, units: { sku: string; condition: string; quantity: number }[]) {
  const answer = await r.request(orderId, lines, extra);
  expect(answer.status).toBe(201);
  const rmaId = rmaOf(answer);
  await r.until(rmaId, 'awaiting_parcel');
  expect((await r.receipt(rmaId, units)).status).toBe(200);
  return rmaId;
}

describe('store credit and refunds draw on the same captured payment', () => {
  it('store credit counts against the capture: a later cash refund gets only what is left, and its breakdown shows the cap', async () => {
    // 3000 captured for 3399 of goods (a discount): 2500 as store credit leaves 500 for any refund.
    const { orderId, body } = await r.deliveredOrder({ payment: { paymentId: uniqueId('pi'), capturedMinor: 3000 } });
    const credited = await returnedAndReceived(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }], { resolution: { type: 'store_credit' } }, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 2 }]);
    const credit = await r.until(credited, 'completed');
    expect(credit.money).toMatchObject({ status: 'credited', amountMinor: 2500, breakdown: { totalMinor: 2500 } });
    expect(credit.money?.breakdown.cap).toBeUndefined();

    const refunded = await returnedAndReceived(orderId, [{ sku: 'TEA-EARLGREY', quantity: 1, reason: 'size' }], {}, [{ sku: 'TEA-EARLGREY', condition: 'resellable', quantity: 1 }]);
    const refund = await r.until(refunded, 'completed');
    expect(refund.money).toMatchObject({ status: 'refunded', amountMinor: 500, breakdown: { totalMinor: 899, cap: { capturedMinor: 3000, earlierRefundsMinor: 2500, availableMinor: 500 } } });
    expect(r.refundsAtProvider(orderId).map((x) => x.body.amount)).toEqual([500]);
    expect(await ledgerOf(orderId)).toEqual([
      { key: `return-${credited}:store-credit`, method: 'store_credit', amountMinor: 2500, status: 'succeeded' },
      { key: `return-${refunded}:refund`, method: 'payment', amountMinor: 500, status: 'succeeded' },
    ]);
    const storeCredit = await h.orm.em.fork().getConnection().execute('select amount_minor from store_credit_ledger where customer_id = ?', [body.customer.id]);
    expect(storeCredit).toEqual([{ amount_minor: 2500 }]);
  });

  it('store credit asked for beyond what is left of the capture is capped, and the breakdown says why', async () => {
    const { orderId, body } = await r.deliveredOrder({ payment: { paymentId: uniqueId('pi'), capturedMinor: 2000 } });
    const rmaId = await returnedAndReceived(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }], { resolution: { type: 'store_credit' } }, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 2 }]);
    const done = await r.until(rmaId, 'completed');
    expect(done.money).toMatchObject({ status: 'credited', amountMinor: 2000, breakdown: { totalMinor: 2500, cap: { capturedMinor: 2000, earlierRefundsMinor: 0, availableMinor: 2000 } } });
    const storeCredit = await h.orm.em.fork().getConnection().execute('select amount_minor from store_credit_ledger where customer_id = ?', [body.customer.id]);
    expect(storeCredit).toEqual([{ amount_minor: 2000 }]);
    expect(r.refundsAtProvider(orderId)).toHaveLength(0);
  });
});

describe('money moved before inspection is squared with it', () => {
  it('more owed: shipping on the merchant’s error follows the inspection as one more refund under its own key', async () => {
    // 3899 captured for 3399 of goods: 500 shipping, owed because the wrong item was sent.
    const { orderId } = await r.deliveredOrder({ payment: { paymentId: uniqueId('pi'), capturedMinor: 3899 } });
    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1, reason: 'wrong_item' }], { policy: { returns: { refundAt: 'approval' } } });
    const rmaId = rmaOf(answer);
    const early = await r.until(rmaId, (v) => v.money?.status === 'refunded' && v.status === 'awaiting_parcel');
    expect(early.money).toMatchObject({ amountMinor: 1250, breakdown: { basis: 'requested', shippingMinor: 0 } });
    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }])).status).toBe(200);

    const done = await r.until(rmaId, (v) => v.completed);
    expect(done.money).toMatchObject({
      status: 'refunded',
      amountMinor: 1750,
      adjustment: { kind: 'top_up', movedMinor: 1250, owedMinor: 1750, differenceMinor: 500, status: 'refunded', amountMinor: 500, why: expect.stringContaining('shipping 500') },
    });
    expect(done.money?.adjustment?.breakdown).toMatchObject({ basis: 'inspected', shippingMinor: 500, totalMinor: 1750 });
    expect(done.needsAttention).toBe(false);
    expect(r.refundsAtProvider(orderId).map((x) => [x.idempotencyKey, x.body.amount])).toEqual([
      [`return-${rmaId}:refund`, 1250],
      [`return-${rmaId}:refund-adjustment`, 500],
    ]);
    expect((await ledgerOf(orderId)).map((x) => x.amountMinor)).toEqual([1250, 500]);
  });

  it('less owed: the over-refund is recorded with why, flagged with one alert and a current details line, never clawed back, and an operator settles it', async () => {
    const { orderId } = await r.deliveredOrder();
    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }], { policy: { returns: { refundAt: 'approval' } } });
    const rmaId = rmaOf(answer);
    await r.until(rmaId, (v) => v.money?.status === 'refunded' && v.status === 'awaiting_parcel');
    // One mug came back; the other never arrived.
    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }])).status).toBe(200);

    const flagged = await r.until(rmaId, (v) => v.money?.adjustment?.status === 'open' && v.status === 'completed');
    expect(flagged.money).toMatchObject({
      status: 'refunded',
      amountMinor: 2500,
      adjustment: { kind: 'over_refund', movedMinor: 2500, owedMinor: 1250, differenceMinor: 1250, why: '1 MUG-BLUE not refunded after inspection (1 missing)' },
    });
    expect(flagged.needsAttention).toBe(true);
    expect(flagged.attentionReasons).toContain('clawback_refused');
    expect(flagged.completed).toBe(false);
    await eventually(() => expect(alerts(rmaId, 'clawback_refused')).toHaveLength(1));
    expect(await currentDetails(rmaId)).toContain('**Over-refunded:** 1250 EUR went back before the inspection that it does not owe (1 MUG-BLUE not refunded after inspection (1 missing))');
    expect(r.refundsAtProvider(orderId).map((x) => x.body.amount)).toEqual([2500]);
    expect((await h.client.workflow.getHandle(`return-${rmaId}`).describe()).searchAttributes.NeedsAttention).toEqual([true]);

    const settle = (body: Record<string, unknown>) => h.api<StepView & ApiBody>('POST', `/v1/returns/${rmaId}/steps/clawback`, body, asKey('operator'));
    expect((await settle({ action: 'settle' })).body.reason).toBe('note_required');
    expect((await settle({ action: 'settle', note: 'customer keeps it: goodwill' })).body).toMatchObject({ status: 'settled' });
    const view = (await h.client.workflow.getHandle(`return-${rmaId}`).result()) as ReturnView;
    expect(view.money?.adjustment).toMatchObject({ status: 'settled', note: 'customer keeps it: goodwill' });
    expect(view.needsAttention).toBe(false);
    expect(alerts(rmaId, 'clawback_refused')).toHaveLength(1);
    expect(r.refundsAtProvider(orderId).map((x) => x.body.amount)).toEqual([2500]);
    expect((await ledgerOf(orderId)).map((x) => x.amountMinor)).toEqual([2500]);
  });
});
