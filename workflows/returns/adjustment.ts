import { condition, patched } from '@temporalio/workflow';
import { stepRefused } from '../shared/steps';
import type { MoneyAdjustment, RefundBreakdown } from './messages';
import { refundBreakdown } from './refund-breakdown';
import type { ReturnCase } from './return-case';
import type { ReturnContext } from './settlement';

/**
 * Money moved before inspection (refundAt approval or first_scan) covers the units asked for, not shipping, and is
 * squared with the inspection once the receipt comes. Returns recorded before this moved shipping early and were
 * never adjusted, so their histories replay without it.
 */
export const adjustAfterInspectionPatch = 'returns-adjust-after-inspection';

/** The step an operator settles when the inspection owes less than moved before it: nothing is clawed back silently. */
export const clawbackStepId = 'clawback';

const now = () => new Date().toISOString();

/**
 * After the receipt, squares what moved before it with what the inspection owes. More owed: the difference once,
 * under its own key, through the refunds ledger (or the store-credit ledger). Less owed: the over-refund is
 * recorded with why, the return is flagged, operators are alerted once (a refused `clawback` step) and an operator
 * settles it; nothing is taken back automatically.
 */
export async function adjustAfterInspection(ctx: ReturnContext): Promise<void> {
  const { rc, workflowId, partner, steps } = ctx;
  const money = rc.view.money;
  if (!money || money.adjustment) return;
  // The early movement may still be under way when the warehouse answers quickly.
  await condition(() => money.status !== 'pending');
  if (money.status !== 'refunded' && money.status !== 'credited' && money.status !== 'nothing_due') {
    rc.record({ at: now(), what: 'Not squared with the inspection: the money before it was not moved', source: 'aftercart', detail: money.status.replace(/_/g, ' ') });
    return;
  }
  const input = rc.input;
  const movedMinor = money.status === 'nothing_due' ? 0 : (money.amountMinor ?? 0);
  const inspected = refundBreakdown(input, rc.conditions);
  const owedMinor = inspected.totalMinor;
  if (owedMinor === movedMinor) {
    rc.record({ at: now(), what: 'The inspection confirms the money moved before it', source: 'aftercart' });
    return;
  }
  const kind = owedMinor > movedMinor ? 'top_up' : 'over_refund';
  const differenceMinor = Math.abs(owedMinor - movedMinor);
  const amount = `${differenceMinor} ${input.currency}`;
  const why = differences(rc, money.breakdown, inspected);
  const adjustment: MoneyAdjustment = { kind, breakdown: inspected, movedMinor, owedMinor, differenceMinor, why, status: kind === 'top_up' ? 'pending' : 'open' };
  money.adjustment = adjustment;

  if (kind === 'over_refund') {
    rc.record({ at: now(), what: `Over-refunded by ${amount}: the inspection owes less than moved before it`, source: 'aftercart', detail: why });
    await steps.run({
      stepId: clawbackStepId,
      kind: 'clawback',
      what: `Claw back ${amount} moved before inspection`,
      attempt: () => Promise.reject(stepRefused(`never done automatically (${why}); settle it with a note once handled`)),
      succeeded: () => undefined,
      settled: (note) => Object.assign(adjustment, { status: 'settled', note }),
    });
    return;
  }

  const moved = (result: { status: string; amountMinor: number }, done: 'refunded' | 'credited') => {
    Object.assign(adjustment, { status: result.status === done ? done : 'nothing_left', amountMinor: result.amountMinor });
    money.amountMinor = movedMinor + result.amountMinor;
    rc.record({ at: now(), what: result.amountMinor > 0 ? `${done === 'refunded' ? 'Refunded' : 'Credited'} ${result.amountMinor} ${input.currency} more after inspection` : 'Nothing left of the payment for the difference', source: 'aftercart', detail: why });
    ctx.publish();
  };
  const payment = { orderId: input.orderId, paymentId: input.payment.paymentId, capturedMinor: input.payment.capturedMinor, currency: input.currency, amountMinor: differenceMinor, workflowId };
  const outcome = { failed: () => Object.assign(adjustment, { status: 'failed' }), settled: (note: string) => Object.assign(adjustment, { status: 'settled', note }) };
  if (input.resolution.type === 'store_credit') {
    await steps.run({
      stepId: 'store-credit-adjustment',
      kind: 'store_credit',
      what: `Credit ${amount} more after inspection`,
      attempt: (keySuffix) =>
        partner.grantStoreCredit.executeWithOptions({ summary: `Store credit ${amount} more after inspection` }, [
          { ...payment, idempotencyKey: `${workflowId}:store-credit-adjustment${keySuffix}`, customerId: input.customerId },
        ]),
      succeeded: (result) => moved(result, 'credited'),
      ...outcome,
    });
    return;
  }
  await steps.run({
    stepId: 'refund-adjustment',
    kind: 'refund',
    what: `Refund ${amount} more after inspection`,
    attempt: (keySuffix) =>
      partner.refundPayment.executeWithOptions({ summary: `Refund ${amount} more after inspection` }, [
        { ...payment, idempotencyKey: `${workflowId}:refund-adjustment${keySuffix}`, reason: 'requested_by_customer' },
      ]),
    succeeded: (result) => moved(result, 'refunded'),
    ...outcome,
  });
}

/** Whether money moved before inspection leaves shipping for after it (every return started since the adjustment). */
export function earlyMoneyLeavesShipping(): boolean {
  return patched(adjustAfterInspectionPatch);
}

/** Why the inspection owes a different amount, in plain words: units not refunded after all, shipping on the merchant's error. */
function differences(rc: ReturnCase, before: RefundBreakdown, after: RefundBreakdown): string {
  const parts: string[] = [];
  for (const line of after.lines) {
    const earlier = before.lines.find((l) => l.sku === line.sku);
    const fewer = (earlier?.refundedUnits ?? 0) - line.refundedUnits;
    if (fewer <= 0) continue;
    const found = rc.view.lines.find((l) => l.sku === line.sku)?.conditions ?? {};
    const notRefunded = (['missing', 'wrong_item'] as const).filter((c) => found[c]).map((c) => `${found[c]} ${c.replace('_', ' ')}`);
    parts.push(`${fewer} ${line.sku} not refunded after inspection (${notRefunded.join(', ')})`);
  }
  if (after.shippingMinor > before.shippingMinor) parts.push(`shipping ${after.shippingMinor - before.shippingMinor} refunded on the merchant's error`);
  if (after.shippingMinor < before.shippingMinor) parts.push(`shipping ${before.shippingMinor - after.shippingMinor} not owed: no unit was received`);
  return parts.join('; ') || `the inspection owes ${after.totalMinor}, ${before.totalMinor} moved before it`;
}
