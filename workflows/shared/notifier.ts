import { ActivityFailure, condition, log } from '@temporalio/workflow';
import type { ActionLink } from '../../activities/notifications/activities';
import type { NotificationTemplate } from '../../activities/notifications/templates';
import type { PartnerActivities } from './activity-profiles';

export interface NotifierOptions {
  workflowId: string;
  customerId: string;
  orderId: string;
  partner: PartnerActivities;
  /** A message waits until this is true for its template (the customer record exists, the confirmation went out). */
  ready?: (template: NotificationTemplate) => boolean;
  /** Told when a message's send has ended, sent or refused for good. */
  settled?: (template: NotificationTemplate) => void;
  /** Where the send runs; the workflow awaits these before it completes. */
  track: (work: Promise<unknown>) => void;
  /** A partner that refuses a message for good does not fail the journey; it is told here. */
  onFailure: (template: NotificationTemplate, reason: string) => void;
  /** Keys already sent (a workflow that continued as new carries them); the notifier adds to it. */
  sent?: Set<string>;
}

export type Notify = (
  template: NotificationTemplate,
  scope: string,
  params?: Record<string, string>,
  actionLink?: ActionLink,
) => void;

/** Sends a customer message at most once per workflow for each (template, scope); the key makes it once overall. */
export function createNotifier(options: NotifierOptions): Notify {
  const sent = options.sent ?? new Set<string>();
  return (template, scope, params = {}, actionLink) => {
    const key = `${options.workflowId}:notify:${template}${scope ? `:${scope}` : ''}`;
    if (sent.has(key)) return;
    sent.add(key);
    options.track(
      condition(() => options.ready?.(template) ?? true)
        .then(() =>
          options.partner.notifyCustomer.executeWithOptions({ summary: `Tell the customer: ${template.replace(/_/g, ' ')}${scope ? ` (${scope})` : ''}` }, [
            { idempotencyKey: key, workflowId: options.workflowId, customerId: options.customerId, orderId: options.orderId, template, params, actionLink },
          ]),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ActivityFailure)) throw error;
          log.warn('notification failed for good', { template, error: error.cause?.message });
          options.onFailure(template, error.cause?.message ?? 'refused');
        })
        .then(() => options.settled?.(template)),
    );
  };
}
