/**
 * RFM scoring, plain functions free of Temporal (unit-tested in tests/customer/rfm.test.ts). Recency is days
 * since the last order, frequency the delivered orders, monetary what was delivered minus what was refunded.
 * Each is scored 1-5 against quintile boundaries (four cut-offs) that a daily Temporal Schedule recomputes from
 * MySQL over all customers with an order.
 */

export interface RfmFacts {
  lastOrderAt?: string;
  deliveredOrders: number;
  monetaryMinor: number;
}

/** Four ascending cut-offs per measure: the 20th, 40th, 60th and 80th percentiles (nearest rank). */
export interface RfmBoundaries {
  computedAt: string;
  customers: number;
  recencyDays: number[];
  frequency: number[];
  monetaryMinor: number[];
}

export type Segment = 'champions' | 'loyal' | 'new' | 'at_risk' | 'hibernating' | 'promising' | 'prospect' | 'unscored';

export interface RfmScore {
  recency: number;
  frequency: number;
  monetary: number;
  segment: Segment;
  why: string[];
  scoredAt: string;
  boundariesComputedAt?: string;
}

const DAY_MS = 86_400_000;

/** Nearest-rank percentile cut-offs (20/40/60/80) of the values. */
export function quintileCutoffs(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  return [1, 2, 3, 4].map((k) => sorted[Math.max(Math.ceil((k / 5) * sorted.length) - 1, 0)]!);
}

/** 1 + how many cut-offs the value exceeds: at or below the first is 1, above the fourth is 5. */
export function scoreAscending(value: number, cutoffs: number[]): number {
  return 1 + cutoffs.filter((cut) => value > cut).length;
}

export function recencyDays(lastOrderAt: string, now: number): number {
  return Math.max(Math.floor((now - Date.parse(lastOrderAt)) / DAY_MS), 0);
}

export function segmentOf(r: number, f: number, m: number, deliveredOrders: number): { segment: Segment; rule: string } {
  if (r >= 4 && f >= 4 && m >= 4) return { segment: 'champions', rule: 'R≥4, F≥4 and M≥4' };
  if (r >= 3 && f >= 4) return { segment: 'loyal', rule: 'R≥3 and F≥4' };
  if (deliveredOrders <= 1 && r >= 4) return { segment: 'new', rule: 'at most one delivered order and R≥4' };
  if (r <= 2 && f >= 3) return { segment: 'at_risk', rule: 'R≤2 and F≥3' };
  if (r <= 2) return { segment: 'hibernating', rule: 'R≤2 and F≤2' };
  return { segment: 'promising', rule: 'R≥3, not yet loyal' };
}

const money = (minor: number) => (minor / 100).toFixed(2);

export function scoreRfm(facts: RfmFacts, boundaries: RfmBoundaries | undefined, now: number): RfmScore {
  const scoredAt = new Date(now).toISOString();
  if (!facts.lastOrderAt) {
    return { recency: 0, frequency: 0, monetary: 0, segment: 'prospect', why: ['No order yet.'], scoredAt, boundariesComputedAt: boundaries?.computedAt };
  }
  if (!boundaries || boundaries.customers === 0) {
    return { recency: 0, frequency: 0, monetary: 0, segment: 'unscored', why: ['The RFM quintile boundaries have not been computed yet (the daily schedule will).'], scoredAt };
  }
  const days = recencyDays(facts.lastOrderAt, now);
  const recency = 6 - scoreAscending(days, boundaries.recencyDays);
  const frequency = scoreAscending(facts.deliveredOrders, boundaries.frequency);
  const monetary = scoreAscending(facts.monetaryMinor, boundaries.monetaryMinor);
  const { segment, rule } = segmentOf(recency, frequency, monetary, facts.deliveredOrders);
  const why = [
    `Last order ${days} day(s) ago: R${recency} (quintile cut-offs ${boundaries.recencyDays.join(', ')} days; fewer days score higher).`,
    `${facts.deliveredOrders} delivered order(s): F${frequency} (cut-offs ${boundaries.frequency.join(', ')}).`,
    `${money(facts.monetaryMinor)} delivered net of refunds: M${monetary} (cut-offs ${boundaries.monetaryMinor.map(money).join(', ')}).`,
    `Segment ${segment.replace('_', ' ')}: ${rule}. Boundaries computed ${boundaries.computedAt} over ${boundaries.customers} customer(s).`,
  ];
  return { recency, frequency, monetary, segment, why, scoredAt, boundariesComputedAt: boundaries.computedAt };
}
