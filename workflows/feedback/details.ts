import type { FeedbackView } from './messages';

/** The request in plain words for the Temporal UI: what it waits for, since when, and what happens next. */
export function feedbackDetails(view: FeedbackView): string {
  const undelivered = view.undelivered ? ` The message could not be sent (${view.undelivered}).` : '';
  switch (view.status) {
    case 'waiting':
      return `Waiting until ${view.askAt} to ask for feedback on order ${view.orderId}.`;
    case 'asked':
      return `Asked at ${view.askedAt}; ${view.reminders} reminder(s) sent; expires ${view.expiresAt}.${undelivered}`;
    case 'submitted':
      return view.lowScoreReasons.length > 0
        ? `Feedback received ${view.submittedAt}: low score (${view.lowScoreReasons.join('; ')}); service case ${view.serviceCaseId ?? 'opening'}.`
        : `Feedback received ${view.submittedAt}.`;
    case 'expired':
      return `Expired unanswered at ${view.expiresAt} after ${view.reminders} reminder(s).${undelivered}`;
  }
}
