import type { z } from '@hono/zod-openapi';
import type { WorkflowStartOptions } from '@temporalio/client';
import type { Config } from '../../../lib/config';
import { orderWorkflowId, type OrderInput } from '../../../workflows/order/messages';
import type { orderJourneyWorkflow } from '../../../workflows/order/workflow';
import { policyGroups, resolvePolicy, type PolicyOverrides } from '../../../workflows/policy';
import { CustomerId, JourneyStage, OrderId } from '../../../workflows/search-attributes';
import type { CreateOrderSchema } from '../../schemas/orders';

const journeyPolicy = (configured: Config['policy'], overrides?: PolicyOverrides) => policyGroups(resolvePolicy(configured, overrides), 'order', 'shipment', 'activities', 'feedback', 'service');

/** Most orders carry no overrides: their policy is the configured one, resolved once per configuration. */
const defaultPolicies = new WeakMap<Config['policy'], ReturnType<typeof journeyPolicy>>();
function remember(configured: Config['policy']) {
  const policy = journeyPolicy(configured);
  defaultPolicies.set(configured, policy);
  return policy;
}

export type CreateOrderBody = z.infer<typeof CreateOrderSchema>;

/**
 * The start request of an order journey for a validated `POST /v1/orders` body: `order-<orderId>`, its input with
 * the policy groups the journey and its children read, the search attributes and the static summary. The route
 * sends it through startIdempotently; `npm run bench:start` sends the same request straight to Temporal.
 */
export function orderStartOptions(config: Config, body: CreateOrderBody, by?: string): WorkflowStartOptions<typeof orderJourneyWorkflow> & { workflowId: string } {
  const { policy: overrides, placedAt, ...order } = body;
  const input: OrderInput = {
    ...order,
    placedAt: placedAt ?? new Date().toISOString(),
    policy: overrides ? journeyPolicy(config.policy, overrides) : (defaultPolicies.get(config.policy) ?? remember(config.policy)),
    policyOverrides: overrides,
    by,
  };
  return {
    workflowId: orderWorkflowId(body.orderId),
    taskQueue: config.temporal.taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: OrderId, value: body.orderId },
      { key: CustomerId, value: body.customer.id },
      { key: JourneyStage, value: 'confirmed' },
    ],
    staticSummary: `Order ${body.orderId}: ${body.items.length} line(s) to ${body.shippingAddress.country}`,
  };
}
