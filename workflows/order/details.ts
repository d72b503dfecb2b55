import { describeSteps } from '../shared/steps';
import { describeConfirmationWait } from './confirmation';
import { describeStage, type Journey } from './journey';

/** The journey's "current details" in the Temporal UI: where it stands, since when, and what it waits for. */
export function currentDetails(journey: Journey, shipBy: string, promisedBy: string): string {
  const since = journey.view.timeline.at(-1)?.at ?? '';
  const attention = (journey.view.needsAttention ? ` **Needs attention:** ${journey.view.attentionReasons.map(describeStage).join(', ')}.` : '') + describeSteps(journey.view.steps) + describeConfirmationWait(journey);
  const stage = `Stage **${describeStage(journey.stage)}** since ${since}.`;
  if (journey.cancelled) return `${stage} ${journey.view.cancellation?.refundStatus === 'pending' ? 'Refunding the payment and releasing stock.' : 'Cancellation compensated as far as the partners allowed.'}${attention}`;
  if (!journey.shipped) return `${stage} Waiting for the warehouse to ship the first parcel (ship-by ${shipBy}); cancel and address changes are still allowed.${attention}`;
  if (!journey.allUnitsShipped()) return `${stage} Waiting for the warehouse to ship the remaining units and for carrier scans.${attention}`;
  return `${stage} Waiting for carrier scans on ${journey.view.parcels.length} parcel(s); delivery promised by ${promisedBy}.${attention}`;
}
