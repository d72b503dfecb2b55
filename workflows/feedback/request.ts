import type { ApplicationFailure } from '@temporalio/common';
import { refusal } from '../shared/refusal';
import type { FeedbackPolicy } from './policy';
import { feedbackRefusals, type FeedbackInput, type FeedbackSubmission, type FeedbackView } from './messages';

/**
 * One order's feedback request and its rules, free of Temporal calls: which lines are rated, what a valid
 * submission is, and what counts as a low score. The workflow owns one and wires timers and messages to it.
 */
export class FeedbackRequest {
  readonly view: FeedbackView;

  constructor(
    input: FeedbackInput,
    private readonly policy: FeedbackPolicy,
    askAt: string,
  ) {
    const returned = new Set(input.returnedSkus ?? []);
    this.view = {
      orderId: input.orderId,
      customerId: input.customerId,
      status: 'waiting',
      origin: input.origin,
      skus: input.lines.map((l) => l.sku).filter((sku) => !returned.has(sku)),
      returnedSkus: [...returned],
      askAt,
      reminders: 0,
      lowScoreReasons: [],
      completed: false,
    };
  }

  get submitted(): boolean {
    return this.view.status === 'submitted';
  }

  get open(): boolean {
    return this.view.status === 'waiting' || this.view.status === 'asked';
  }

  /** A return ended: its lines drop out of the questions (answers already given stay). */
  returned(skus: string[]): void {
    if (!this.open) return;
    for (const sku of skus) if (!this.view.returnedSkus.includes(sku)) this.view.returnedSkus.push(sku);
    this.view.skus = this.view.skus.filter((sku) => !skus.includes(sku));
    this.view.origin = 'returned';
  }

  asked(at: string, expiresAt: string): void {
    this.view.status = 'asked';
    this.view.askedAt = at;
    this.view.expiresAt = expiresAt;
  }

  reminded(): void {
    this.view.reminders += 1;
  }

  expire(): void {
    if (this.open) this.view.status = 'expired';
  }

  /** Why this submission must be refused now, if it must (the update validator). */
  refuse(submission: FeedbackSubmission): ApplicationFailure | undefined {
    if (this.submitted) return refusal(feedbackRefusals.alreadySubmitted, 'feedback for this order has already been received');
    if (!this.open) return refusal(feedbackRefusals.expired, 'this feedback request has expired');
    const seen = new Set<string>();
    for (const { sku } of submission.products) {
      if (!this.view.skus.includes(sku)) return refusal(feedbackRefusals.unknownSku, `sku ${sku} is not a line of this order to rate`);
      if (seen.has(sku)) return refusal(feedbackRefusals.duplicateSku, `sku ${sku} is rated twice`);
      seen.add(sku);
    }
    return undefined;
  }

  submit(submission: FeedbackSubmission, at: string): void {
    this.view.status = 'submitted';
    this.view.submittedAt = at;
    this.view.lowScoreReasons = lowScoreReasons(submission, this.policy);
  }
}

/** What makes a submission a low score under the policy's thresholds, in plain words (empty: not low). */
export function lowScoreReasons(submission: FeedbackSubmission, policy: Pick<FeedbackPolicy, 'lowRatingAtOrBelow' | 'lowNpsAtOrBelow'>): string[] {
  const low = (rating: number) => rating <= policy.lowRatingAtOrBelow;
  const reasons = submission.products.filter((p) => low(p.rating)).map((p) => `product ${p.sku} rated ${p.rating}/5`);
  for (const aspect of ['delivery', 'packaging', 'service'] as const) {
    if (low(submission[aspect])) reasons.push(`${aspect} rated ${submission[aspect]}/5`);
  }
  if (submission.nps <= policy.lowNpsAtOrBelow) reasons.push(`NPS ${submission.nps}/10`);
  return reasons;
}
