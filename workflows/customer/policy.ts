/**
 * Production defaults of the customer lifecycle (loyalty, RFM, consent-bound outreach). Overridden per
 * environment through AFTERCART_POLICY.customer; tests run the same logic with seconds.
 */
export const customerPolicy = {
  /** Loyalty points earned per whole unit of currency delivered (1 point per 1.00 EUR). */
  pointsPerCurrencyUnit: 1,
  /** Lifetime net points from which a customer is silver. */
  silverTierPoints: 500,
  /** Lifetime net points from which a customer is gold. */
  goldTierPoints: 2000,
  /** How often the workflow re-scores RFM against the latest quintile boundaries (the schedule recomputes them daily). */
  rescoreEvery: '1 day',
  /** How often the Temporal Schedule recomputes the RFM quintile boundaries from MySQL. */
  rfmRecomputeEvery: '1 day',
  /** Win-back after this long without an order, by segment. */
  winBackChampions: '90 days',
  winBackLoyal: '60 days',
  winBackAtRisk: '30 days',
  winBackOther: '45 days',
  /** Hibernating customers get one last win-back after this long, then none. */
  winBackHibernating: '180 days',
  /** Replenishment reminders: "SKU=duration" pairs, comma-separated (consumables only; other SKUs get none). */
  replenishmentCycles: 'TEA-EARLGREY=30 days,COFFEE-BEANS=21 days',
  /** At most this many marketing messages per customer within marketingCapWindow. */
  marketingCap: 2,
  marketingCapWindow: '7 days',
  /** Quiet hours in the customer's local time: no marketing from this hour (0-23) ... */
  quietHoursStart: 21,
  /** ... until this hour (0-23). Equal values mean no quiet hours. */
  quietHoursEnd: 8,
  /** Best sellers (the cold-start fallback) are counted over orders this recent. */
  bestSellerWindow: '30 days',
  /** How many products a message recommends. */
  recommendations: 3,
  /** Continue-as-new once the run's history holds this many events (well under Temporal's limits). */
  continueAsNewAfterEvents: 2000,
};

export type CustomerPolicy = typeof customerPolicy;

/** "SKU=duration,SKU=duration" as a map (the one policy value that is a list). */
export function parseReplenishmentCycles(value: string): Record<string, string> {
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.split('=').map((s) => s.trim()))
      .filter((pair): pair is [string, string] => pair.length === 2 && !!pair[0] && !!pair[1]),
  );
}
