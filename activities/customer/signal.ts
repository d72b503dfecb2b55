import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { Order } from '../../entities';
import type { Config } from '../../lib/config';
import type { Orm } from '../../lib/database';
import { policyGroups, type Policy } from '../../workflows/policy';
import { CustomerId } from '../../workflows/search-attributes';
import { entityQueueName } from '../../workflows/shared/task-queues';
import { customerEventSignal, customerWorkflowId, type CustomerEvent, type CustomerInput } from '../../workflows/customer/messages';
import type { customerWorkflow } from '../../workflows/customer/workflow';

/**
 * Tells `customer-<customerId>` a fact, starting the entity workflow if it is not running (signal-with-start).
 * The API uses it directly (consent, unsubscribe); workflows use the `signalCustomer` activity, which calls it
 * with the worker's client. The event's `eventId` makes a repeat harmless.
 */
export async function tellCustomer(client: Client, options: CustomerStartOptions, customerId: string, event: CustomerEvent): Promise<void> {
  await client.workflow.signalWithStart<typeof customerWorkflow, [CustomerEvent]>('customerWorkflow', {
    ...customerStart(options, customerId),
    signal: customerEventSignal,
    signalArgs: [event],
  });
}

export interface CustomerStartOptions {
  /** The journeys' task queue (TEMPORAL_TASK_QUEUE); the customer runs on the entity queue beside it. */
  taskQueue: string;
  policy: Policy;
}

/**
 * How `customer-<customerId>` starts when a signal or an update finds it not running: on `<queue>-entities`
 * (workflows/shared/task-queues.ts), whose worker keeps few customers cached.
 */
export function customerStart(options: CustomerStartOptions, customerId: string) {
  const input: CustomerInput = { customerId, policy: policyGroups(options.policy, 'customer', 'activities') };
  return {
    workflowId: customerWorkflowId(customerId),
    taskQueue: entityQueueName(options.taskQueue),
    args: [input] as [CustomerInput],
    typedSearchAttributes: [{ key: CustomerId, value: customerId }],
    staticSummary: `Customer ${customerId}: RFM, loyalty, consent and outreach`,
  };
}

/**
 * What the refunds ledger calls after money went back: the order's customer hears of it (points are reversed in
 * proportion, monetary value drops). Runs inside the refunding activity, with the worker's client; the refund's
 * idempotency key is the event id, so a retried activity tells the customer once.
 */
export function refundReporter(orm: Orm, config: Pick<Config, 'policy' | 'temporal'>) {
  return async (refund: { idempotencyKey: string; orderId: string; amountMinor: number; currency: string; reason: string }): Promise<void> => {
    const order = await orm.em.fork().findOne(Order, { id: refund.orderId });
    if (!order || refund.amountMinor <= 0) return;
    await tellCustomer(Context.current().client, { taskQueue: config.temporal.taskQueue, policy: config.policy }, order.customerId, {
      type: 'refunded',
      eventId: `refund:${refund.idempotencyKey}`,
      at: new Date().toISOString(),
      orderId: refund.orderId,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      reason: refund.reason,
    });
  };
}

export type RefundReporter = ReturnType<typeof refundReporter>;
