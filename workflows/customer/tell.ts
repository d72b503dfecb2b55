import { activityProfiles, type DatabaseActivities } from '../shared/activity-profiles';
import type { ActivityPolicy } from '../shared/policy';
import type { OrderOutcome } from '../order/messages';
import type { ReturnView } from '../returns/messages';
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

/**
 * The customer's side of a completed return: what came back (units received, missing ones left out) and what was
 * refunded or credited. Its id is the rmaId's, so a repeat is applied once.
 */
export function returnedEvent(view: ReturnView, currency: string, at: string): CustomerEvent {
  const items = view.lines
    .map(({ sku, quantity, conditions }) => ({ sku, quantity: conditions ? Object.entries(conditions).reduce((sum, [condition, n]) => sum + (condition === 'missing' ? 0 : (n ?? 0)), 0) : quantity }))
    .filter((item) => item.quantity > 0);
  const money = view.money;
  const refundedMinor = money && (money.status === 'refunded' || money.status === 'credited') ? (money.amountMinor ?? 0) : 0;
  return { type: 'returned', eventId: `return-${view.rmaId}:returned`, at, orderId: view.orderId, rmaId: view.rmaId, items, refundedMinor, currency, resolution: view.resolution.type };
}

/** For the return workflow, once the return is completed (money and stock settled): tells `customer-<customerId>`. */
export function tellCustomerReturned(view: ReturnView, currency: string, policy: ActivityPolicy): Promise<void> {
  return tellCustomer(activityProfiles(policy).database, view.customerId, returnedEvent(view, currency, new Date().toISOString()));
}
