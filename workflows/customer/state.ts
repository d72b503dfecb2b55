import type { CustomerEvent, ErasureResult, MarketingChannel, RedemptionResult } from './messages';
import type { CustomerPolicy } from './policy';
import { type RfmScore } from './rfm';
import type { ContactLogEntry, DeferredSend } from './outreach';

/** What the customer workflow knows of one order: only what loyalty, RFM and outreach decide on. */
export interface OrderFacts {
  orderId: string;
  placedAt: string;
  currency: string;
  skus: string[];
  deliveredAt?: string;
  deliveredMinor: number;
  refundedMinor: number;
  pointsEarned: number;
  pointsReversed: number;
}

/** One completed return, recorded once by its rmaId. */
export interface ReturnFacts {
  rmaId: string;
  orderId: string;
  at: string;
  /** Units that came back (missing ones are not counted). */
  units: number;
  /** Refunded or credited for it (0 for an exchange). */
  refundedMinor: number;
  resolution: 'refund' | 'store_credit' | 'exchange';
}

export interface LoyaltyEntry {
  idempotencyKey: string;
  kind: 'earn' | 'reverse' | 'redeem';
  points: number;
  orderId?: string;
  at: string;
}

export type Tier = 'bronze' | 'silver' | 'gold';

/** Everything a run hands to the next one on continue-as-new. Plain data. */
export interface CustomerState {
  customerId: string;
  orders: OrderFacts[];
  /** Completed returns, one per rmaId (absent in state carried by runs from before returns were told). */
  returns?: ReturnFacts[];
  /** Recent event ids, to apply a repeated signal once (bounded). */
  seenEventIds: string[];
  loyalty: { balance: number; lifetime: number; redemptions: RedemptionResult[] };
  consent: Partial<Record<MarketingChannel, { granted: boolean; at: string; source: string }>>;
  timeZone?: string;
  rfm?: RfmScore;
  contactLog: ContactLogEntry[];
  deferred: DeferredSend[];
  erasure?: ErasureResult;
  /** Events to apply first (none today: signals are applied as they arrive; kept for carried state). */
  inbox: CustomerEvent[];
  /** Loyalty entries applied here but not yet written to the MySQL ledger when the run continued as new. */
  ledgerBacklog: LoyaltyEntry[];
  projectionVersion: number;
  run: number;
}

export interface CustomerView {
  customerId: string;
  segment: RfmScore['segment'];
  scores: { recency: number; frequency: number; monetary: number };
  why: string[];
  facts: {
    lastOrderAt?: string;
    orders: number;
    deliveredOrders: number;
    monetaryMinor: number;
    refundedMinor: number;
    currency?: string;
    /** Completed returns: how many, units back, the latest one. */
    returns: number;
    returnedUnits: number;
    lastReturn?: ReturnFacts;
  };
  loyalty: { balance: number; lifetimePoints: number; tier: Tier };
  consent: Record<MarketingChannel, boolean>;
  timeZone?: string;
  outreach: { key: string; kind: string; dueAt: string; status: 'scheduled' | 'deferred'; reason?: string }[];
  contactLog: ContactLogEntry[];
  erasedAt?: string;
  run: number;
}

const SEEN_LIMIT = 500;
const LOG_LIMIT = 100;

/** Time zone of a destination country, when the customer has not told us theirs (the first zone is good enough). */
const countryZones: Record<string, string> = {
  DE: 'Europe/Berlin', AT: 'Europe/Vienna', CH: 'Europe/Zurich', FR: 'Europe/Paris', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels',
  IT: 'Europe/Rome', ES: 'Europe/Madrid', PL: 'Europe/Warsaw', GB: 'Europe/London', IE: 'Europe/Dublin', US: 'America/New_York',
  CA: 'America/Toronto', JP: 'Asia/Tokyo', AU: 'Australia/Sydney', SE: 'Europe/Stockholm', DK: 'Europe/Copenhagen',
};

export function initialState(customerId: string): CustomerState {
  return { customerId, orders: [], returns: [], seenEventIds: [], loyalty: { balance: 0, lifetime: 0, redemptions: [] }, consent: {}, contactLog: [], deferred: [], inbox: [], ledgerBacklog: [], projectionVersion: 0, run: 1 };
}

/** The customer's facts and the rules that change them, free of Temporal (plain unit tests). */
export class CustomerBook {
  constructor(
    readonly state: CustomerState,
    private readonly policy: CustomerPolicy,
  ) {}

  get workflowKey(): string {
    return `customer-${this.state.customerId}`;
  }

  /** Applies one event once; answers the loyalty entries it produced (to append to the ledger). */
  apply(event: CustomerEvent): LoyaltyEntry[] {
    if (this.state.seenEventIds.includes(event.eventId)) return [];
    this.state.seenEventIds.push(event.eventId);
    if (this.state.seenEventIds.length > SEEN_LIMIT) this.state.seenEventIds.splice(0, this.state.seenEventIds.length - SEEN_LIMIT);
    switch (event.type) {
      case 'order_placed': {
        const order = this.order(event.orderId, event.at, event.currency);
        order.skus = [...new Set([...order.skus, ...event.items.map((i) => i.sku)])];
        if (!this.state.timeZone && event.destinationCountry) this.state.timeZone = countryZones[event.destinationCountry];
        return [];
      }
      case 'delivered': {
        const order = this.order(event.orderId, event.at, event.currency);
        if (order.deliveredAt) return [];
        order.skus = [...new Set([...order.skus, ...event.items.map((i) => i.sku)])];
        order.deliveredAt = event.at;
        order.deliveredMinor = event.items.reduce((sum, item) => sum + item.quantity * item.unitPriceMinor, 0);
        const points = Math.floor((order.deliveredMinor / 100) * this.policy.pointsPerCurrencyUnit);
        if (points <= 0 || this.state.erasure) return [];
        order.pointsEarned = points;
        return [this.loyalty({ idempotencyKey: `${this.workflowKey}:loyalty:earn:${order.orderId}`, kind: 'earn', points, orderId: order.orderId, at: event.at })];
      }
      case 'refunded': {
        const order = this.state.orders.find((o) => o.orderId === event.orderId);
        if (!order) {
          // A refund of an order we never saw delivered (a cancellation): nothing delivered, nothing to reverse.
          return [];
        }
        order.refundedMinor += event.amountMinor;
        if (!order.deliveredMinor || !order.pointsEarned) return [];
        // Reversed in proportion to what was refunded of what was delivered; the total never exceeds what was earned.
        const share = Math.min(order.refundedMinor, order.deliveredMinor) / order.deliveredMinor;
        const reversed = Math.round(order.pointsEarned * share);
        const points = reversed - order.pointsReversed;
        if (points <= 0) return [];
        order.pointsReversed = reversed;
        return [this.loyalty({ idempotencyKey: `${this.workflowKey}:loyalty:reverse:${event.eventId}`, kind: 'reverse', points: -points, orderId: order.orderId, at: event.at })];
      }
      case 'consent_changed': {
        if (this.state.erasure) return [];
        for (const [channel, granted] of Object.entries(event.channels) as [MarketingChannel, boolean][]) {
          this.state.consent[channel] = { granted, at: event.at, source: event.source };
        }
        if (event.timeZone) this.state.timeZone = event.timeZone;
        return [];
      }
      case 'returned': {
        // Once per rmaId, whatever the event id; money comes back through `refunded`, so RFM and points stay.
        const returns = (this.state.returns ??= []);
        if (returns.some((r) => r.rmaId === event.rmaId)) return [];
        const units = event.items.reduce((sum, item) => sum + item.quantity, 0);
        returns.push({ rmaId: event.rmaId, orderId: event.orderId, at: event.at, units, refundedMinor: event.refundedMinor, resolution: event.resolution });
        return [];
      }
      case 'feedback':
        // Feedback does not move RFM or points by itself.
        return [];
    }
  }

  /** Validator of a redemption: synchronous, throws nothing itself; answers the refusal or undefined. */
  refuseRedemption(points: number, redemptionId: string): { reason: 'insufficient_points' | 'invalid_points' | 'customer_erased'; message: string } | undefined {
    if (this.state.loyalty.redemptions.some((r) => r.redemptionId === redemptionId)) return undefined;
    if (this.state.erasure) return { reason: 'customer_erased', message: 'this customer was erased' };
    if (!Number.isInteger(points) || points <= 0) return { reason: 'invalid_points', message: 'points must be a positive whole number' };
    if (points > this.state.loyalty.balance) return { reason: 'insufficient_points', message: `the balance is ${this.state.loyalty.balance} point(s); ${points} asked` };
    return undefined;
  }

  redeem(points: number, redemptionId: string, at: string): { result: RedemptionResult; entry?: LoyaltyEntry } {
    const earlier = this.state.loyalty.redemptions.find((r) => r.redemptionId === redemptionId);
    if (earlier) return { result: earlier };
    const entry = this.loyalty({ idempotencyKey: `${this.workflowKey}:loyalty:redeem:${redemptionId}`, kind: 'redeem', points: -points, at });
    const result = { redemptionId, points, balance: this.state.loyalty.balance };
    this.state.loyalty.redemptions.push(result);
    if (this.state.loyalty.redemptions.length > LOG_LIMIT) this.state.loyalty.redemptions.shift();
    return { result, entry };
  }

  get tier(): Tier {
    const lifetime = this.state.loyalty.lifetime;
    return lifetime >= this.policy.goldTierPoints ? 'gold' : lifetime >= this.policy.silverTierPoints ? 'silver' : 'bronze';
  }

  get facts() {
    const placed = this.state.orders.map((o) => o.placedAt).sort();
    const delivered = this.state.orders.filter((o) => o.deliveredAt);
    const returns = this.state.returns ?? [];
    return {
      lastOrderAt: placed.at(-1),
      orders: this.state.orders.length,
      deliveredOrders: delivered.length,
      monetaryMinor: delivered.reduce((sum, o) => sum + Math.max(o.deliveredMinor - o.refundedMinor, 0), 0),
      refundedMinor: this.state.orders.reduce((sum, o) => sum + o.refundedMinor, 0),
      currency: this.state.orders.at(-1)?.currency,
      returns: returns.length,
      returnedUnits: returns.reduce((sum, r) => sum + r.units, 0),
      lastReturn: returns.at(-1),
    };
  }

  consentedChannels(): MarketingChannel[] {
    if (this.state.erasure) return [];
    return (Object.entries(this.state.consent) as [MarketingChannel, { granted: boolean }][]).filter(([, c]) => c.granted).map(([channel]) => channel);
  }

  log(entry: ContactLogEntry): void {
    this.state.contactLog.push(entry);
    if (this.state.contactLog.length > LOG_LIMIT) this.state.contactLog.shift();
  }

  private loyalty(entry: LoyaltyEntry): LoyaltyEntry {
    this.state.loyalty.balance += entry.points;
    if (entry.kind !== 'redeem') this.state.loyalty.lifetime += entry.points;
    return entry;
  }

  private order(orderId: string, at: string, currency: string): OrderFacts {
    let order = this.state.orders.find((o) => o.orderId === orderId);
    if (!order) {
      order = { orderId, placedAt: at, currency, skus: [], deliveredMinor: 0, refundedMinor: 0, pointsEarned: 0, pointsReversed: 0 };
      this.state.orders.push(order);
    }
    return order;
  }
}
