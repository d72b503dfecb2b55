import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryLedgerEntry, Refund, Shipment } from '../../entities';
import { asKey, createHarness, eventually, listWorkflows, type ApiBody, type Harness } from '../support/harness';
import { returns } from '../support/returns';
import { feedbackStatusQuery } from '../../workflows/feedback/messages';
import { postCarrierEvents } from '../support/webhooks';
import { uniqueId } from '../support/ids';

let h: Harness;
let r: ReturnType<typeof returns>;
beforeAll(async () => {
  h = await createHarness(__filename);
  r = returns(h);
});
afterAll(() => h?.close());

const alerts = (rmaId: string, kind: string) => h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `return-${rmaId}` && a.body.kind === kind);
const sentTo = (template: string, rmaId: string) => h.partners.effectsOf('notifications').filter((m) => m.body.template === template && String(m.body.body).includes(rmaId));
const review = (rmaId: string, body: Record<string, unknown>, who: 'operator' | 'storefront' = 'operator') => h.api<ApiBody>('POST', `/v1/returns/${rmaId}/review`, body, asKey(who));
const rmaOf = (answer: { body: unknown }) => (answer.body as { rmaId: string }).rmaId;

describe('a return from approval to refund and restock', () => {
  it('approved at once: label, message and warehouse pre-notice; the parcel is tracked; a mixed inspection refunds its breakdown once and restocks', async () => {
    // 3899 captured for 3399 of goods: 500 shipping, refunded because the merchant erred (damaged).
    const { orderId } = await r.deliveredOrder({ payment: { paymentId: uniqueId('pi'), capturedMinor: 3899 } });
    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'damaged' }, { sku: 'TEA-EARLGREY', quantity: 1, reason: 'changed_mind' }]);
    expect(answer.status).toBe(201);
    const rmaId = rmaOf(answer);

    const labelled = await r.until(rmaId, 'awaiting_parcel');
    expect(labelled.label).toMatchObject({ carrier: 'dhl', trackingNumber: expect.stringMatching(/^RT/), labelUrl: expect.stringContaining('https://labels.example/') });
    const label = labelled.label!;
    await eventually(() => expect(sentTo('return_label', rmaId)[0]?.body.body).toContain(label.labelUrl));
    await eventually(() => expect(h.partners.effectsOf('warehouse').filter((c) => c.path === `/v1/orders/${orderId}/return-notice`).map((c) => c.body)).toEqual([expect.objectContaining({ rma_id: rmaId, tracking_number: label.trackingNumber })]));
    expect(labelled.stock).toEqual(expect.arrayContaining([{ sku: 'MUG-BLUE', kind: 'expected_inbound', quantity: 2 }]));

    // The return parcel is a shipment in its return direction, fed by the same carrier webhooks.
    expect(await postCarrierEvents(h, { carrier: 'dhl', trackingNumber: label.trackingNumber }, [{ eventId: uniqueId('rs'), status: 'in_transit', occurredAt: new Date().toISOString() }])).toBe(202);
    const moving = await r.until(rmaId, 'in_transit');
    expect(moving.parcel).toMatchObject({ shipmentId: `shipment-dhl-${label.trackingNumber}`, stage: 'in_transit' });
    expect((await h.orm.em.fork().findOneOrFail(Shipment, { id: moving.parcel!.shipmentId })).direction).toBe('return');
    expect(r.refundsAtProvider(orderId)).toHaveLength(0); // policy: money moves at receipt

    const receiptId = uniqueId('rcpt');
    const received = await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }, { sku: 'MUG-BLUE', condition: 'damaged', quantity: 1 }], receiptId);
    expect(received.status).toBe(200);
    expect(received.body.lines.map((l) => [l.sku, l.conditions])).toEqual([['MUG-BLUE', { resellable: 1, damaged: 1 }], ['TEA-EARLGREY', { missing: 1 }]]);
    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }, { sku: 'MUG-BLUE', condition: 'damaged', quantity: 1 }], receiptId)).status).toBe(200);
    const other = await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 2 }]);
    expect([other.status, other.body.reason]).toEqual([409, 'receipt_already_recorded']);

    const done = await r.until(rmaId, 'completed');
    expect(done.money).toMatchObject({
      status: 'refunded',
      amountMinor: 3000,
      breakdown: {
        basis: 'inspected',
        shippingMinor: 500,
        totalMinor: 3000,
        lines: [
          { sku: 'MUG-BLUE', refundedUnits: 2, unrefundedUnits: 0, restockingFeeMinor: 0, amountMinor: 2500 },
          { sku: 'TEA-EARLGREY', refundedUnits: 0, unrefundedUnits: 1, restockingFeeMinor: 0, amountMinor: 0 },
        ],
      },
    });
    expect(r.refundsAtProvider(orderId).map((x) => x.body.amount)).toEqual([3000]);
    expect(await h.orm.em.fork().find(Refund, { orderId })).toMatchObject([{ requestedBy: `return-${rmaId}`, amountMinor: 3000, status: 'succeeded' }]);
    const ledger = await h.orm.em.fork().find(InventoryLedgerEntry, { reference: `return-${rmaId}` }, { orderBy: { id: 'asc' } });
    expect(ledger.map((e) => [e.sku, e.kind, e.quantity]).sort()).toEqual([
      ['MUG-BLUE', 'expected_inbound', 2],
      ['MUG-BLUE', 'restocked', 1],
      ['MUG-BLUE', 'written_off', 1],
      ['TEA-EARLGREY', 'expected_inbound', 1],
      ['TEA-EARLGREY', 'missing', 1],
    ]);
    await eventually(() => expect(sentTo('return_completed', rmaId)[0]?.body.body).toContain('We refunded 30.00 EUR'));
    await eventually(async () => expect(await listWorkflows(h, `ReturnStatus = "completed" AND OrderId = "${orderId}"`)).toHaveLength(1));
    await eventually(async () => {
      const order = (await h.api<{ returns: { rmaId: string; status: string; money?: { status: string; amountMinor: number } }[] }>('GET', `/v1/orders/${orderId}`)).body;
      expect(order.returns).toEqual([expect.objectContaining({ rmaId, status: 'completed', money: { status: 'refunded', amountMinor: 3000 } })]);
    });
    // The order's feedback request no longer asks the customer to rate what went back.
    await eventually(async () =>
      expect((await h.client.workflow.getHandle(`feedback-${orderId}`).query(feedbackStatusQuery)).returnedSkus.sort()).toEqual(['MUG-BLUE', 'TEA-EARLGREY']),
    );
  });

  it('store credit keeps the restocking fee for a change of mind, draws on the payment in the ledger and never asks the payment provider', async () => {
    const { orderId, body } = await r.deliveredOrder();
    const answer = await r.request(orderId, [{ sku: 'TEA-EARLGREY', quantity: 1, reason: 'changed_mind' }], { resolution: { type: 'store_credit' } });
    const rmaId = rmaOf(answer);
    await r.until(rmaId, 'awaiting_parcel');
    expect((await r.receipt(rmaId, [{ sku: 'TEA-EARLGREY', condition: 'resellable', quantity: 1 }])).status).toBe(200);
    const done = await r.until(rmaId, 'completed');
    expect(done.money).toMatchObject({ status: 'credited', amountMinor: 809, breakdown: { lines: [{ sku: 'TEA-EARLGREY', restockingFeeMinor: 90, amountMinor: 809 }], shippingMinor: 0 } });
    const credit = await h.orm.em.fork().getConnection().execute('select amount_minor, reference from store_credit_ledger where customer_id = ?', [body.customer.id]);
    expect(credit).toEqual([{ amount_minor: 809, reference: `return-${rmaId}` }]);
    expect(r.refundsAtProvider(orderId)).toHaveLength(0);
    expect(await h.orm.em.fork().find(Refund, { orderId })).toMatchObject([{ method: 'store_credit', amountMinor: 809, status: 'succeeded', requestedBy: `return-${rmaId}` }]);
  });

  it('held for review: the answer says why and until when; a rejection needs a reason and tells the customer; the units are free again', async () => {
    const { orderId } = await r.deliveredOrder();
    const policy = { returns: { autoApproveMaxMinor: 1000 } };
    const held = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }], { policy });
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({ status: 'pending_review', reason: expect.stringContaining('above the auto-approval limit of 1000'), reviewBy: expect.any(String) });
    const rmaId = rmaOf(held);
    await r.until(rmaId, 'pending_review');
    expect((await review(rmaId, { decision: 'reject', reason: 'worn' }, 'storefront')).status).toBe(403);
    expect((await review(rmaId, { decision: 'reject' })).body.reason).toBe('reason_required');
    expect((await review(rmaId, { decision: 'reject', reason: 'the mugs were used' })).status).toBe(200);
    expect((await review(rmaId, { decision: 'approve' })).body.reason).toBe('not_pending_review');
    const rejected = await r.until(rmaId, (v) => v.status === 'rejected' && v.completed);
    expect(rejected.decision).toMatchObject({ outcome: 'rejected', by: 'operator', reason: 'the mugs were used' });
    await eventually(() => expect(sentTo('return_rejected', rmaId)[0]?.body.body).toContain('the mugs were used'));
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2, reason: 'size' }], { policy })).status).toBe(202);
  });

  it('an operator approves a held return: the label follows', async () => {
    const { orderId } = await r.deliveredOrder();
    const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }], { policy: { returns: { autoApproveMaxMinor: 1000 } } }));
    await r.until(rmaId, 'pending_review');
    expect((await review(rmaId, { decision: 'approve' })).status).toBe(200);
    const labelled = await r.until(rmaId, 'awaiting_parcel');
    expect(labelled.decision).toMatchObject({ outcome: 'approved', by: 'operator' });
  });

  it('a review nobody takes follows the policy default and tells operators', async () => {
    const { orderId } = await r.deliveredOrder();
    const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }], { policy: { returns: { autoApproveMaxMinor: 1000, reviewTimeout: '2 seconds' } } }));
    const approved = await r.until(rmaId, 'awaiting_parcel');
    expect(approved.decision).toMatchObject({ outcome: 'approved', by: 'review_timeout' });
    await eventually(() => expect(alerts(rmaId, 'return_review_timed_out')).toHaveLength(1));
  });

  it('an unused label expires the return, tells the customer and frees the units', async () => {
    const { orderId } = await r.deliveredOrder();
    const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }], { policy: { returns: { labelValidFor: '3 seconds' } } }));
    const expired = await r.until(rmaId, 'expired');
    expect(expired.timeline.map((t) => t.what)).toContain('Return label expired unused; the units are free again');
    await eventually(() => expect(sentTo('return_expired', rmaId)).toHaveLength(1));
    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 2 }])).body.reason).toMatch(/not_awaiting_receipt|journey_completed/);
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }])).status).toBe(201);
    await eventually(async () => expect((await h.orm.em.fork().find(InventoryLedgerEntry, { reference: `return-${rmaId}`, kind: 'inbound_cancelled' })).map((e) => e.quantity)).toEqual([2]));
  });
});

describe('when money moves', () => {
  it('at approval for trusted customers: before any scan, and never again at receipt', async () => {
    const { orderId } = await r.deliveredOrder();
    const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }], { policy: { returns: { refundAt: 'approval' } } }));
    const refunded = await r.until(rmaId, (v) => v.money?.status === 'refunded');
    expect(refunded.money?.breakdown).toMatchObject({ basis: 'requested', totalMinor: 1125 });
    expect(refunded.parcel?.firstScanAt).toBeUndefined();
    await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }]);
    await r.until(rmaId, 'completed');
    expect(r.refundsAtProvider(orderId).map((x) => x.body.amount)).toEqual([1125]);
  });

  it('at the return parcel’s first carrier scan', async () => {
    const { orderId } = await r.deliveredOrder();
    const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1, reason: 'defective' }], { policy: { returns: { refundAt: 'first_scan' } } }));
    const { label } = await r.until(rmaId, 'awaiting_parcel');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.refundsAtProvider(orderId)).toHaveLength(0);
    await postCarrierEvents(h, { carrier: label!.carrier, trackingNumber: label!.trackingNumber }, [{ eventId: uniqueId('rs'), status: 'in_transit', occurredAt: new Date().toISOString() }]);
    const refunded = await r.until(rmaId, (v) => v.money?.status === 'refunded');
    expect([refunded.status, refunded.money?.amountMinor]).toEqual(['in_transit', 1250]);
    expect(r.refundsAtProvider(orderId)).toHaveLength(1);
  });
});

describe('waiting for the warehouse’s receipt', () => {
  it('no receipt within the policy time after the parcel was delivered to the warehouse: operators told once, flagged, still waiting; the receipt clears it', async () => {
    const { orderId } = await r.deliveredOrder();
    const rmaId = rmaOf(await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }], { policy: { returns: { receiptExpectedWithin: '3 seconds' } } }));
    const { label } = await r.until(rmaId, 'awaiting_parcel');
    const parcel = { carrier: label!.carrier, trackingNumber: label!.trackingNumber };
    expect(await postCarrierEvents(h, parcel, [{ eventId: uniqueId('rs'), status: 'in_transit', occurredAt: new Date(Date.now() - 60_000).toISOString() }])).toBe(202);
    const deliveredAt = new Date().toISOString();
    expect(await postCarrierEvents(h, parcel, [{ eventId: uniqueId('rd'), status: 'delivered', occurredAt: deliveredAt }])).toBe(202);

    const overdue = await r.until(rmaId, (v) => v.receiptOverdue !== undefined, 30_000);
    expect(overdue).toMatchObject({ status: 'in_transit', completed: false, needsAttention: true, parcel: { deliveredAt }, receiptOverdue: { since: deliveredAt, delivered: true } });
    expect(overdue.attentionReasons).toContain('return_receipt_overdue');
    await eventually(() => expect(alerts(rmaId, 'return_receipt_overdue')).toHaveLength(1));
    const handle = h.client.workflow.getHandle(`return-${rmaId}`);
    const details = (await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails;
    expect(details).toContain(`Return parcel delivered to the warehouse on ${deliveredAt}, no receipt since`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(alerts(rmaId, 'return_receipt_overdue')).toHaveLength(1);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }])).status).toBe(200);
    const done = await r.until(rmaId, (v) => v.completed);
    expect(done).toMatchObject({ status: 'completed', needsAttention: false, money: { status: 'refunded' } });
    expect(done.receiptOverdue).toBeUndefined();
    expect(done.attentionReasons).not.toContain('return_receipt_overdue');
  });
});
