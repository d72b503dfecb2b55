import { merchantErrorReasons, type RefundBreakdown, type ReturnInput, type ReturnReason, type UnitCondition } from './messages';
import type { ReturnsPolicy } from './policy';

export type Conditions = Partial<Record<UnitCondition, number>>;

/** Whether a reason carries the restocking fee under the policy. Merchant errors never do. */
export function carriesRestockingFee(reason: ReturnReason, policy: ReturnsPolicy): boolean {
  if (policy.restockingFeeReasons === 'none') return false;
  if (reason === 'changed_mind') return true;
  return policy.restockingFeeReasons === 'changed_mind_or_size' && reason === 'size';
}

/**
 * What goes back to the customer, line by line. Before inspection (`conditions` unknown) every unit asked for
 * counts; after it, units received (resellable or damaged) count, missing units and units that were not ours
 * (wrong_item) are not refunded. A restocking fee is kept per refunded unit where the policy says; shipping is
 * refunded when the merchant erred (money moved before inspection leaves it out, `shipping: false`: it follows
 * once the warehouse found the units). The refunds ledger caps the total at what is left of the captured payment.
 */
export function refundBreakdown(input: ReturnInput, conditions?: Map<string, Conditions>, options: { shipping: boolean } = { shipping: true }): RefundBreakdown {
  const policy = input.policy.returns;
  const lines = input.lines.map((line) => {
    const found = conditions?.get(line.sku);
    const refundedUnits = found ? (found.resellable ?? 0) + (found.damaged ?? 0) : line.quantity;
    const feePerUnit = carriesRestockingFee(line.reason, policy) ? Math.round((line.unitPriceMinor * policy.restockingFeePercent) / 100) : 0;
    const restockingFeeMinor = feePerUnit * refundedUnits;
    return {
      sku: line.sku,
      unitPriceMinor: line.unitPriceMinor,
      refundedUnits,
      unrefundedUnits: line.quantity - refundedUnits,
      restockingFeeMinor,
      amountMinor: line.unitPriceMinor * refundedUnits - restockingFeeMinor,
    };
  });
  const merchantError = input.lines.some((line) => merchantErrorReasons.includes(line.reason));
  const anythingRefunded = lines.some((line) => line.refundedUnits > 0);
  const shippingMinor = options.shipping && merchantError && anythingRefunded ? input.shippingMinor : 0;
  return {
    basis: conditions ? 'inspected' : 'requested',
    lines,
    shippingMinor,
    totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0) + shippingMinor,
    currency: input.currency,
  };
}
