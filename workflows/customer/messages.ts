import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Policy } from '../policy';
import type { OrderLine } from '../shared/types';

/**
 * The customer entity workflow, `customer-<customerId>`: one per customer, long-running, signalled-with-start by
 * every lifecycle that learns something about the customer (activities/customer/signal.ts `tellCustomer`, or the
 * `signalCustomer` activity from a workflow). Each event carries an `eventId` derived from its sender's workflow
 * and step, so a repeated signal is applied once.
 */

export type MarketingChannel = 'email' | 'sms' | 'push';
export const marketingChannels: readonly MarketingChannel[] = ['email', 'sms', 'push'];

interface EventBase {
  /** Unique per fact, derived from the sender's workflow and step (`order-A1:placed`, a refund's idempotency key). */
  eventId: string;
  /** When it happened (ISO-8601); recency and outreach count from here, not from when the signal arrived. */
  at: string;
}

export type CustomerEvent = EventBase &
  (
    | { type: 'order_placed'; orderId: string; currency: string; items: OrderLine[]; destinationCountry?: string }
    | { type: 'delivered'; orderId: string; currency: string; items: OrderLine[]; crossBorder?: boolean }
    | { type: 'refunded'; orderId: string; amountMinor: number; currency: string; reason?: string }
    /** A completed return (eventId `return-<rmaId>:returned`): what came back and what was refunded or credited. Money itself moves through `refunded`. */
    | { type: 'returned'; orderId: string; rmaId: string; items: { sku: string; quantity: number }[]; refundedMinor: number; currency: string; resolution: 'refund' | 'store_credit' | 'exchange' }
    | { type: 'feedback'; orderId: string; nps?: number; lowScore?: boolean }
    | { type: 'consent_changed'; channels: Partial<Record<MarketingChannel, boolean>>; timeZone?: string; source: 'storefront' | 'customer' | 'unsubscribe_link' | 'operator' }
  );

export type CustomerEventType = CustomerEvent['type'];

/** The one signal every sender uses. */
export const customerEventSignal = defineSignal<[CustomerEvent]>('customerEvent');

/** The policy groups a customer workflow carries. */
export type CustomerWorkflowPolicy = Pick<Policy, 'customer' | 'activities'>;

export interface CustomerInput {
  customerId: string;
  policy: CustomerWorkflowPolicy;
  /** Set by continue-as-new: everything the previous run knew (facts, loyalty, consent, pending outreach, unprocessed events). */
  carried?: import('./state').CustomerState;
}

export interface RedemptionRequest {
  /** The storefront's id for this redemption (the Idempotency-Key): a repeat is answered with the first result. */
  redemptionId: string;
  points: number;
  by?: string;
}

export interface RedemptionResult {
  redemptionId: string;
  points: number;
  balance: number;
}

export interface ErasureResult {
  customerId: string;
  erasedAt: string;
  outreachCancelled: number;
  erased: { what: string; records: number }[];
  kept: string[];
}

/** Business id of a customer's entity workflow. */
export const customerWorkflowId = (customerId: string) => `customer-${customerId}`;

export const customerViewQuery = defineQuery<import('./state').CustomerView>('customerView');
/** Refused (`insufficient_points`, `erased`) in the validator; repeats by redemptionId get the first answer. */
export const redeemPointsUpdate = defineUpdate<RedemptionResult, [RedemptionRequest]>('redeemPoints');
/** Stops outreach at once and erases personal data in MySQL; answers what was erased. */
export const eraseCustomerUpdate = defineUpdate<ErasureResult, [{ by?: string }]>('eraseCustomer');

export const customerRefusals = {
  insufficientPoints: 'insufficient_points',
  invalidPoints: 'invalid_points',
  erased: 'customer_erased',
} as const;
