import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Policy } from '../policy';
import type { LineItem } from '../shared/types';

/** The policy groups a feedback request carries: its own, the service follow-up it may open, activity timeouts. */
export type FeedbackWorkflowPolicy = Partial<Pick<Policy, 'feedback' | 'service' | 'activities'>>;

/** What the order journey knew about one parcel: the carrier scorecard's raw facts. */
export interface ParcelFacts {
  shipmentId: string;
  carrier: string;
  shippedAt?: string;
  deliveredAt?: string;
  /** Delivered by the promised date (undefined when it never arrived or nothing was promised). */
  onTime?: boolean;
  /** Every exception kind the parcel went through, in order (failed_attempt, customs_inspection, ...). */
  exceptionKinds: string[];
}

export interface FeedbackInput {
  orderId: string;
  customerId: string;
  /** delivered: the order journey's hand-off. returned: a return's end (returned lines are not rated). */
  origin: 'delivered' | 'returned';
  crossBorder: boolean;
  deliveredAt?: string;
  /** The order's lines; each one not returned gets a product rating. */
  lines: LineItem[];
  returnedSkus?: string[];
  parcels: ParcelFacts[];
  policy: FeedbackWorkflowPolicy;
}

/** One submission: ratings 1-5, NPS 0-10, a comment. Validated by the API's schema and the workflow. */
export interface FeedbackSubmission {
  products: { sku: string; rating: number }[];
  delivery: number;
  packaging: number;
  service: number;
  nps: number;
  comment?: string;
}

export type FeedbackStatus = 'waiting' | 'asked' | 'submitted' | 'expired';

export interface FeedbackView {
  orderId: string;
  customerId: string;
  status: FeedbackStatus;
  origin: 'delivered' | 'returned';
  /** The skus the customer rates (the order's lines minus returned ones). */
  skus: string[];
  returnedSkus: string[];
  askAt: string;
  askedAt?: string;
  reminders: number;
  expiresAt?: string;
  submittedAt?: string;
  /** Why the submission counts as a low score (empty when it does not). */
  lowScoreReasons: string[];
  /** The service follow-up a low score opened. */
  serviceCaseId?: string;
  /** The last feedback message the notification partner refused for good, and why. */
  undelivered?: string;
  completed: boolean;
}

/** Business id of an order's feedback request. */
export const feedbackWorkflowId = (orderId: string) => `feedback-${orderId}`;

export const feedbackStatusQuery = defineQuery<FeedbackView>('feedbackStatus');
/** The customer's answers (through the signed link); answered with the request as it now is. */
export const submitFeedbackUpdate = defineUpdate<FeedbackView, [FeedbackSubmission]>('submitFeedback');
/** A return of this order ended: its lines are not asked about ("how do you like it" would be wrong). */
export const orderReturnedSignal = defineSignal<[{ rmaId: string; skus: string[] }]>('orderReturned');

/** Machine-readable reasons a submission is refused; the API maps them to 409 (422 for unknown_sku). */
export const feedbackRefusals = {
  alreadySubmitted: 'already_submitted',
  expired: 'feedback_expired',
  unknownSku: 'unknown_sku',
  duplicateSku: 'duplicate_sku',
} as const;
