import { describeSteps } from '../shared/steps';
import type { ReturnCase } from './return-case';

/** The return's "current details" in the Temporal UI: where it stands, since when, what it waits for, what is next. */
export function currentDetails(rc: ReturnCase): string {
  const view = rc.view;
  const since = view.timeline.at(-1)?.at ?? '';
  const attention = (view.needsAttention ? ` **Needs attention:** ${view.attentionReasons.map((r) => r.replace(/_/g, ' ')).join(', ')}.` : '') + describeSteps(view.steps);
  const status = `Return **${view.status.replace(/_/g, ' ')}** since ${since}.`;
  switch (view.status) {
    case 'pending_review':
      return `${status} Waiting for an operator's review (${view.review?.reason}) until ${view.review?.until}; then the policy decides.${attention}`;
    case 'approved':
      return `${status} Getting the return label, pre-notifying the warehouse and recording the expected stock.${attention}`;
    case 'awaiting_parcel':
      return `${status} Waiting for the return parcel (${view.label?.carrier} ${view.label?.trackingNumber}); the label expires ${view.label?.expiresAt}.${attention}`;
    case 'in_transit':
      return `${status} Return parcel on its way since ${view.parcel?.firstScanAt}; waiting for the warehouse's receipt and inspection.${attention}`;
    case 'received':
      return `${status} Inspected; ${view.money ? `money (${view.money.breakdown.totalMinor} ${view.money.breakdown.currency}) ${view.money.status}` : 'no money to move'}, restocking.${attention}`;
    default:
      return `${status}${attention}`;
  }
}
