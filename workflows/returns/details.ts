import { describeSteps } from '../shared/steps';
import { clawbackStepId } from './adjustment';
import type { ReturnView } from './messages';
import type { ReturnCase } from './return-case';

/** The return's "current details" in the Temporal UI: where it stands, since when, what it waits for, what is next. */
export function currentDetails(rc: ReturnCase): string {
  const view = rc.view;
  const since = view.timeline.at(-1)?.at ?? '';
  const attention = (view.needsAttention ? ` **Needs attention:** ${view.attentionReasons.map((r) => r.replace(/_/g, ' ')).join(', ')}.` : '') + overRefunded(view) + describeSteps(view.steps.filter((s) => s.stepId !== clawbackStepId));
  const status = `Return **${view.status.replace(/_/g, ' ')}** since ${since}.`;
  switch (view.status) {
    case 'pending_review':
      return `${status} Waiting for an operator's review (${view.review?.reason}) until ${view.review?.until}; then the policy decides.${attention}`;
    case 'approved':
      return `${status} Getting the return label, pre-notifying the warehouse and recording the expected stock.${attention}`;
    case 'awaiting_parcel':
      return `${status} Waiting for the return parcel (${view.label?.carrier} ${view.label?.trackingNumber}); the label expires ${view.label?.expiresAt}.${attention}`;
    case 'in_transit':
      return `${status} ${waitingForReceipt(view)}${attention}`;
    case 'received':
      return `${status} Inspected; ${view.money ? `money (${view.money.breakdown.totalMinor} ${view.money.breakdown.currency}) ${view.money.status}` : 'no money to move'}, restocking.${attention}`;
    default:
      return `${status}${attention}`;
  }
}

function waitingForReceipt(view: ReturnView): string {
  const overdue = view.receiptOverdue;
  if (!overdue) return `Return parcel on its way since ${view.parcel?.firstScanAt}; waiting for the warehouse's receipt and inspection.`;
  const where = overdue.delivered ? `Return parcel delivered to the warehouse on ${overdue.since}` : `Return parcel first scanned on ${overdue.since}, never shown delivered`;
  return `${where}, no receipt since (expected by ${overdue.dueAt}); operators were told. Still waiting for POST /v1/returns/${view.rmaId}/receipt.`;
}

/** An over-refund after inspection waits for an operator; nothing is clawed back automatically. */
function overRefunded(view: ReturnView): string {
  const adjustment = view.money?.adjustment;
  if (adjustment?.kind !== 'over_refund' || adjustment.status !== 'open') return '';
  return ` **Over-refunded:** ${adjustment.differenceMinor} ${adjustment.breakdown.currency} went back before the inspection that it does not owe (${adjustment.why}). Nothing is clawed back automatically: an operator settles it with a note (update \`operatorStep\`, stepId \`${clawbackStepId}\`).`;
}
