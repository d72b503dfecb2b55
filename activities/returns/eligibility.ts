import type { ReturnReason } from '../../workflows/returns/messages';
import type { ReturnsPolicy } from '../../workflows/returns/policy';

/** Why a return request is refused (422): every reason that applies, each with the data behind it. */
export type Ineligibility =
  | { reason: 'order_cancelled' }
  | { reason: 'unknown_sku'; sku: string }
  | { reason: 'item_not_returnable'; sku: string }
  | { reason: 'not_delivered'; sku: string }
  | { reason: 'return_window_closed'; sku: string; closedAt: string; deliveredAt: string }
  | { reason: 'quantity_exceeds_returnable'; sku: string; requested: number; delivered: number; alreadyReturnedOrOpen: number; left: number }
  | { reason: 'exchange_sku_unknown'; exchangeSku: string }
  | { reason: 'exchange_price_unknown'; exchangeSku: string }
  | { reason: 'exchange_price_differs'; exchangeSku: string; sku: string; returnedUnitPriceMinor: number; exchangeUnitPriceMinor: number; currency: string; exchangeCurrency: string }
  | { reason: 'exchange_out_of_stock'; exchangeSku: string; requested: number; available: number };

/** What the merchant's stock record says about the sku an exchange asks for (undefined: no record). */
export interface ExchangeStock {
  unitPriceMinor?: number | null;
  currency?: string | null;
  /** On hand minus reserved. */
  available: number;
}

export interface EligibilityFacts {
  orderStage: string;
  /** The order's lines as recorded when it was confirmed. */
  orderLines: { sku: string; quantity: number; unitPriceMinor: number; returnable: boolean }[];
  /** Outbound parcels with what they carried and when they were delivered (unset: not yet). */
  parcels: { items: { sku: string; quantity: number }[]; deliveredAt?: Date }[];
  /** Units per sku held by earlier requests that are open or done (not rejected, expired or ineligible). */
  heldUnits: Map<string, number>;
  now: Date;
  returnWindowMs: number;
}

export interface RequestedLine {
  sku: string;
  quantity: number;
  reason: ReturnReason;
}

/**
 * Every reason a request cannot be accepted. Windows count per parcel: a unit may be returned while the window
 * of the parcel that carried it is open. Units already returned or in an open return are not available again.
 */
export function ineligibilities(lines: RequestedLine[], facts: EligibilityFacts): Ineligibility[] {
  const reasons: Ineligibility[] = [];
  if (facts.orderStage === 'cancelled') reasons.push({ reason: 'order_cancelled' });
  for (const line of lines) {
    const ordered = facts.orderLines.find((l) => l.sku === line.sku);
    if (!ordered) {
      reasons.push({ reason: 'unknown_sku', sku: line.sku });
      continue;
    }
    if (!ordered.returnable) reasons.push({ reason: 'item_not_returnable', sku: line.sku });
    const carrying = facts.parcels
      .map((parcel) => ({ deliveredAt: parcel.deliveredAt, units: parcel.items.filter((i) => i.sku === line.sku).reduce((sum, i) => sum + i.quantity, 0) }))
      .filter((parcel) => parcel.units > 0 && parcel.deliveredAt);
    const delivered = carrying.reduce((sum, parcel) => sum + parcel.units, 0);
    if (delivered === 0) {
      reasons.push({ reason: 'not_delivered', sku: line.sku });
      continue;
    }
    const open = carrying.filter((parcel) => parcel.deliveredAt!.getTime() + facts.returnWindowMs > facts.now.getTime());
    if (open.length === 0) {
      const last = carrying.reduce((latest, parcel) => (parcel.deliveredAt! > latest ? parcel.deliveredAt! : latest), carrying[0].deliveredAt!);
      reasons.push({ reason: 'return_window_closed', sku: line.sku, deliveredAt: last.toISOString(), closedAt: new Date(last.getTime() + facts.returnWindowMs).toISOString() });
      continue;
    }
    const held = facts.heldUnits.get(line.sku) ?? 0;
    const inWindow = open.reduce((sum, parcel) => sum + parcel.units, 0);
    const left = Math.max(0, Math.min(inWindow, delivered - held));
    if (line.quantity > left) reasons.push({ reason: 'quantity_exceeds_returnable', sku: line.sku, requested: line.quantity, delivered, alreadyReturnedOrOpen: held, left });
  }
  return reasons;
}

/**
 * Why an exchange cannot be promised, at request time (there is no catalogue: the merchant's stock records carry
 * the prices, PUT /v1/inventory/{sku}). The sku must be known with a price in the order's currency equal to each
 * returned line's unit price, and have stock for every unit returned.
 */
export function exchangeIneligibilities(
  lines: { sku: string; quantity: number }[],
  orderLines: EligibilityFacts['orderLines'],
  exchange: { sku: string; orderCurrency: string; stock?: ExchangeStock },
): Ineligibility[] {
  const exchangeSku = exchange.sku;
  const { stock } = exchange;
  if (!stock) return [{ reason: 'exchange_sku_unknown', exchangeSku }];
  const reasons: Ineligibility[] = [];
  if (stock.unitPriceMinor === undefined || stock.unitPriceMinor === null || !stock.currency) {
    reasons.push({ reason: 'exchange_price_unknown', exchangeSku });
  } else {
    for (const line of lines) {
      const ordered = orderLines.find((l) => l.sku === line.sku);
      if (!ordered || (ordered.unitPriceMinor === stock.unitPriceMinor && exchange.orderCurrency === stock.currency)) continue;
      reasons.push({ reason: 'exchange_price_differs', exchangeSku, sku: line.sku, returnedUnitPriceMinor: ordered.unitPriceMinor, exchangeUnitPriceMinor: stock.unitPriceMinor, currency: exchange.orderCurrency, exchangeCurrency: stock.currency });
    }
  }
  const requested = lines.reduce((sum, line) => sum + line.quantity, 0);
  if (stock.available < requested) reasons.push({ reason: 'exchange_out_of_stock', exchangeSku, requested, available: Math.max(0, stock.available) });
  return reasons;
}

/** Why an eligible request needs an operator, or undefined when the policy approves it at once. */
export function reviewReason(requestedMinor: number, recentReturns: number, policy: ReturnsPolicy): string | undefined {
  if (requestedMinor > policy.autoApproveMaxMinor) return `refund value ${requestedMinor} is above the auto-approval limit of ${policy.autoApproveMaxMinor}`;
  if (policy.excessiveReturnsCount > 0 && recentReturns >= policy.excessiveReturnsCount) {
    return `the customer made ${recentReturns} return request(s) in the last ${policy.excessiveReturnsWindow}`;
  }
  return undefined;
}
