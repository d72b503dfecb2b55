import type { DatabaseActivities } from '../shared/activity-profiles';
import type { OrderOutcome } from '../order/messages';
import type { CustomerEvent } from './messages';

/**
 * Tells `customer-<customerId>` a fact from inside a workflow: the `signalCustomer` activity does the
 * signal-with-start (a workflow cannot start an unrelated workflow by itself). The event's id makes it once.
 */
export function tellCustomer(activities: DatabaseActivities, customerId: string, event: CustomerEvent): Promise<void> {
  return activities.signalCustomer.executeWithOptions({ summary: `Tell customer ${customerId}: ${event.type.replace('_', ' ')}` }, [{ customerId, event }]);
}

const deliveredResults: readonly string[] = ['delivered', 'signed_for', 'partially_delivered'];

/** The customer's side of an order journey's hand-off: a delivery (points, RFM, replenishment), or nothing. */
export function deliveredEvent(outcome: OrderOutcome): CustomerEvent | undefined {
  if (!outcome.deliveredAt || !deliveredResults.includes(outcome.result)) return undefined;
  return { type: 'delivered', eventId: `order-${outcome.orderId}:delivered`, at: outcome.deliveredAt, orderId: outcome.orderId, currency: outcome.payment.currency, items: outcome.items, crossBorder: outcome.crossBorder };
}
