import { msToNumber } from '@temporalio/common/lib/time';
import { condition } from '@temporalio/workflow';
import type { AlertOperators } from '../shared/alerts';
import type { Journey } from './journey';

/** The NeedsAttention reason (and alert kind) while parcels wait for a confirmation that keeps retrying. */
export const confirmationStillRetrying = 'confirmation_still_retrying';

/**
 * Parcels wait for the order confirmation before their shipments start (customer messages in causal order). When
 * the confirmation keeps retrying (the notification partner is down), the journey does not wait in silence: once
 * the confirmation has been retrying for the policy's stepAlertAfter, operators are told (once), the journey needs
 * attention and its current details say why; both clear when the confirmation has gone out (or was refused for
 * good, which the timeline records and which lets the shipments start too).
 */
export async function alertWhileParcelsWaitForConfirmation(options: {
  journey: Journey;
  confirmed: () => boolean;
  /** Epoch ms when the confirmation was first sent. */
  sentAt: number;
  stepAlertAfter: string;
  alertOperators: AlertOperators;
  publish: () => void;
}): Promise<void> {
  const { journey, confirmed, stepAlertAfter } = options;
  const alertAt = options.sentAt + msToNumber(stepAlertAfter);
  if (await condition(confirmed, Math.max(alertAt - Date.now(), 1))) return;
  const waiting = journey.view.parcels.length;
  options.alertOperators(
    confirmationStillRetrying,
    `order ${journey.input.orderId}: the order confirmation is still retrying after ${stepAlertAfter}; ${waiting} parcel(s) wait for it before their shipments start`,
  );
  journey.record({ at: new Date().toISOString(), what: 'Parcels wait for the order confirmation, which is still retrying', source: 'aftercart', detail: `operators told after ${stepAlertAfter}` });
  options.publish();
  await condition(confirmed);
  journey.unflag(confirmationStillRetrying);
  journey.record({ at: new Date().toISOString(), what: 'Order confirmation settled: the parcels\u2019 shipments start', source: 'aftercart' });
  options.publish();
}

/** The current-details sentence while the reason is up. */
export function describeConfirmationWait(journey: Journey): string {
  if (!journey.view.attentionReasons.includes(confirmationStillRetrying)) return '';
  return ` The order confirmation is still retrying (the notification partner does not take it); ${journey.view.parcels.length} parcel(s) wait for it before their shipments start and the customer hears about them. Operators were told.`;
}
