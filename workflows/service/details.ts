import { describeSteps } from '../shared/steps';
import type { ServiceCaseView } from './messages';

/** The case in plain words for the Temporal UI: what it waits for, since when, and what happens next. */
export function caseDetails(view: ServiceCaseView): string {
  const ticket = view.ticketId ? `Helpdesk ticket ${view.ticketId}.` : 'Opening the helpdesk ticket.';
  const attention = view.needsAttention ? ` **Needs attention:** ${view.attentionReasons.join(', ').replace(/_/g, ' ')}.` : '';
  const steps = describeSteps(view.steps);
  switch (view.status) {
    case 'opening':
    case 'open':
      return `${ticket} Waiting for the helpdesk's first response, due ${view.firstResponseDueBy}.${attention}${steps}`;
    case 'responded':
      return `${ticket} The helpdesk answered at ${view.firstRespondedAt}; waiting for the resolution.${attention}${steps}`;
    case 'resolved':
      return `${ticket} Resolved at ${view.resolvedAt}; waiting for the customer to say whether it was.${attention}${steps}`;
    case 'closed':
      return `${ticket} Closed; the customer answered: ${view.customerAnswer?.replace(/_/g, ' ')}.${attention}`;
  }
}
