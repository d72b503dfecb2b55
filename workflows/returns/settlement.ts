import { ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import type { StockMovement } from '../../activities/inventory/stock';
import type { orderJourneyWorkflow } from '../order/workflow';
import { CustomerId, JourneyStage, OrderId } from '../search-attributes';
import type { PartnerActivities } from '../shared/activity-profiles';
import type { Notify } from '../shared/notifier';
import type { Steps } from '../shared/steps';
import { adjustAfterInspection, adjustAfterInspectionPatch, earlyMoneyLeavesShipping } from './adjustment';
import type { RefundBreakdown, ReturnView } from './messages';
import { refundBreakdown } from './refund-breakdown';
import type { ReturnCase } from './return-case';

export interface ReturnContext {
  rc: ReturnCase;
  workflowId: string;
  partner: PartnerActivities;
  steps: Steps;
  notify: Notify;
  publish: () => void;
}

const now = () => new Date().toISOString();

/**
 * Money back, once: a refund through the refunds ledger (capped at what is left of the captured payment), or
 * store credit on the customer's ledger (drawn on the same payment, same cap). Before inspection the units asked
 * for count (shipping waits for the inspection); after it, what was found, and money moved before is squared.
 * Each is a step with an outcome: a refusal is recorded, flagged and left to an operator, never a failed return.
 */
export async function moveMoney(ctx: ReturnContext, basis: 'requested' | 'inspected'): Promise<void> {
  const { rc, workflowId, partner, steps } = ctx;
  const input = rc.input;
  if (input.resolution.type === 'exchange') return;
  if (rc.view.money) {
    // Moved before the inspection: square it with what the inspection owes (returns since the adjustment).
    if (basis === 'inspected' && patched(adjustAfterInspectionPatch)) await adjustAfterInspection(ctx);
    return;
  }
  const shipping = basis === 'inspected' || !earlyMoneyLeavesShipping();
  const breakdown = refundBreakdown(input, basis === 'inspected' ? rc.conditions : undefined, { shipping });
  const money: NonNullable<ReturnView['money']> = { breakdown, status: 'pending' };
  rc.view.money = money;
  if (breakdown.totalMinor <= 0) {
    money.status = 'nothing_due';
    rc.record({ at: now(), what: 'Nothing to refund', source: 'aftercart', detail: describe(breakdown) });
    ctx.publish();
    return;
  }
  const amount = `${breakdown.totalMinor} ${input.currency}`;
  if (input.resolution.type === 'store_credit') {
    await steps.run({
      stepId: 'store-credit',
      kind: 'store_credit',
      what: `Credit ${amount} to the customer's store credit`,
      attempt: (keySuffix) =>
        partner.grantStoreCredit.executeWithOptions({ summary: `Store credit ${amount}` }, [
          // Drawn on the order's payment like a refund: credit and later refunds never exceed the capture.
          { idempotencyKey: `${workflowId}:store-credit${keySuffix}`, workflowId, customerId: input.customerId, amountMinor: breakdown.totalMinor, currency: input.currency, orderId: input.orderId, paymentId: input.payment.paymentId, capturedMinor: input.payment.capturedMinor },
        ]),
      succeeded: (result) => {
        if (result.cap) breakdown.cap = result.cap;
        Object.assign(money, { status: result.status === 'credited' ? 'credited' : 'nothing_left', amountMinor: result.amountMinor });
        rc.record({ at: now(), what: result.status === 'credited' ? `Store credit of ${result.amountMinor} ${input.currency} granted` : 'Nothing left of the payment to credit', source: 'aftercart', detail: describe(breakdown) });
        ctx.publish();
      },
    });
    return;
  }
  const what = `Refund ${amount} for return ${input.rmaId}`;
  await steps.run({
    stepId: 'refund',
    kind: 'refund',
    what,
    attempt: (keySuffix) =>
      partner.refundPayment.executeWithOptions({ summary: what }, [
        { idempotencyKey: `${workflowId}:refund${keySuffix}`, workflowId, orderId: input.orderId, paymentId: input.payment.paymentId, amountMinor: breakdown.totalMinor, currency: input.currency, reason: 'requested_by_customer', capturedMinor: input.payment.capturedMinor },
      ]),
    succeeded: (result) => {
      if (result.cap) breakdown.cap = result.cap;
      Object.assign(money, { status: result.status === 'refunded' ? 'refunded' : 'nothing_left', amountMinor: result.amountMinor, refundId: result.refundId || undefined, failure: undefined });
      rc.record({ at: now(), what: result.status === 'refunded' ? `Refunded ${result.amountMinor} ${input.currency}` : 'Nothing left of the payment to refund', source: 'aftercart', detail: describe(breakdown) });
      ctx.publish();
    },
    failed: (reason) => Object.assign(money, { status: 'failed', failure: reason }),
    settled: () => Object.assign(money, { status: 'settled' }),
  });
}

/**
 * Stock after inspection, once per sku and condition through the inventory ledger: resellable units back on hand,
 * damaged and wrong items written off, missing units recorded. A sku that reaches its reorder point sends one
 * replenishment request (the ledger decides, not the return).
 */
export async function restock(ctx: ReturnContext): Promise<void> {
  const { rc, workflowId, partner, steps } = ctx;
  const movements: StockMovement[] = [
    ...rc.unitsIn('resellable').map((u) => ({ ...u, kind: 'restocked' as const })),
    ...[...rc.unitsIn('damaged'), ...rc.unitsIn('wrong_item')].map((u) => ({ ...u, kind: 'written_off' as const })),
    ...rc.unitsIn('missing').map((u) => ({ ...u, kind: 'missing' as const })),
  ].map((m) => ({ ...m, idempotencyKey: `${workflowId}:stock:${m.sku}:${m.kind}`, workflowId }));
  // Damaged and wrong items of one sku are one write-off entry.
  const merged = [...new Map(movements.map((m) => [m.idempotencyKey, { ...m, quantity: movements.filter((x) => x.idempotencyKey === m.idempotencyKey).reduce((s, x) => s + x.quantity, 0) }])).values()];
  await steps.run({
    stepId: 'restock',
    kind: 'restock',
    what: `Restock ${merged.map((m) => `${m.quantity} ${m.sku} ${m.kind.replace('_', ' ')}`).join(', ')}`,
    attempt: () => Promise.all(merged.map((m) => partner.moveStock.executeWithOptions({ summary: `Stock: ${m.quantity} ${m.sku} ${m.kind.replace('_', ' ')}` }, [m]))),
    succeeded: () => {
      rc.view.stock.push(...merged.map(({ sku, kind, quantity }) => ({ sku, kind, quantity })));
      rc.record({ at: now(), what: 'Stock updated', source: 'aftercart', detail: merged.map((m) => `${m.sku}: ${m.quantity} ${m.kind}`).join('; ') });
      ctx.publish();
    },
  });
}

/**
 * An exchange: the same-price sku as a replacement order journey of its own (`order-ex-<rmaId>`), its stock
 * reserved. Only for units the warehouse received; nothing is captured for it.
 */
export async function startExchange(ctx: ReturnContext, policy: Parameters<PartnerActivities['exchangeOrderInput']>[0]['policy']): Promise<void> {
  const { rc, workflowId, partner } = ctx;
  const input = rc.input;
  if (input.resolution.type !== 'exchange') return;
  const quantity = rc.conditions ? [...rc.conditions.values()].reduce((sum, c) => sum + (c.resellable ?? 0) + (c.damaged ?? 0), 0) : 0;
  if (quantity === 0) {
    rc.record({ at: now(), what: 'No exchange: no returned unit arrived', source: 'aftercart' });
    return;
  }
  const sku = input.resolution.sku;
  const unitPriceMinor = input.lines[0].unitPriceMinor;
  const exchangeOrderId = `ex-${input.rmaId}`;
  const reservation: StockMovement = { idempotencyKey: `${workflowId}:stock:${sku}:reserved`, workflowId, sku, kind: 'reserved', quantity };
  await partner.moveStock.executeWithOptions({ summary: `Reserve ${quantity} ${sku} for the exchange` }, [reservation]);
  rc.view.stock.push({ sku, kind: 'reserved', quantity });
  const orderInput = await partner.exchangeOrderInput.executeWithOptions({ summary: `Prepare exchange order ${exchangeOrderId}` }, [
    { rmaId: input.rmaId, orderId: input.orderId, exchangeOrderId, sku, quantity, unitPriceMinor, policy },
  ]);
  await startChild<typeof orderJourneyWorkflow>('orderJourneyWorkflow', {
    workflowId: `order-${exchangeOrderId}`,
    args: [orderInput],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [
      { key: OrderId, value: exchangeOrderId },
      { key: CustomerId, value: input.customerId },
      { key: JourneyStage, value: 'confirmed' },
    ],
    staticSummary: `Exchange order ${exchangeOrderId} for return ${input.rmaId}: ${quantity} x ${sku}`,
  });
  rc.view.exchange = { orderId: exchangeOrderId, sku, quantity };
  rc.record({ at: now(), what: `Exchange order ${exchangeOrderId} started: ${quantity} x ${sku}`, source: 'aftercart' });
  ctx.publish();
}

function describe(breakdown: RefundBreakdown): string {
  const lines = breakdown.lines.map((l) => `${l.sku}: ${l.refundedUnits} x ${l.unitPriceMinor}${l.restockingFeeMinor ? ` - fee ${l.restockingFeeMinor}` : ''}${l.unrefundedUnits ? ` (${l.unrefundedUnits} not refunded)` : ''}`);
  const cap = breakdown.cap ? [`capped at ${breakdown.cap.availableMinor}: ${breakdown.cap.capturedMinor} captured, ${breakdown.cap.earlierRefundsMinor} refunded or credited before`] : [];
  return [...lines, ...(breakdown.shippingMinor ? [`shipping ${breakdown.shippingMinor}`] : []), ...cap].join('; ');
}
