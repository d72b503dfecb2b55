import { expect } from 'vitest';
import { tellCustomer } from '../../activities/customer/signal';
import type { CustomerEvent } from '../../workflows/customer/messages';
import type { CustomerView } from '../../workflows/customer/state';
import { eventually, type Harness } from '../support/harness';

/** Reading and telling the customer workflow the way the API and the other lifecycles do. */
export function customers(h: Harness) {
  const view = async (customerId: string) => {
    const response = await h.api<CustomerView>('GET', `/v1/customers/${customerId}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  return {
    view,
    /** Waits until the customer's view satisfies the assertions in `check`. */
    until: (customerId: string, check: (view: CustomerView) => void, timeoutMs = 20_000) =>
      eventually(async () => {
        const current = await view(customerId);
        check(current);
        return current;
      }, timeoutMs),
    /** Signal-with-start, as the order hand-off, the refunds ledger, feedback and returns do. */
    tell: (customerId: string, event: CustomerEvent) => tellCustomer(h.client, { taskQueue: h.taskQueue, policy: h.config.policy }, customerId, event),
    /** Marketing messages the fake notification provider received for a customer. */
    marketing: (customerId: string) =>
      h.partners.effectsOf('notifications').filter((m) => String(m.idempotencyKey).startsWith(`customer-${customerId}:outreach:`)),
  };
}
