import { requestHash } from '../api/temporal';
import { orderBody } from '../tests/support/orders';
import type { OrderInput } from '../workflows/order/messages';
import type { orderJourneyWorkflow } from '../workflows/order/workflow';
import { policyGroups, resolvePolicy } from '../workflows/policy';
import { CustomerId, JourneyStage, OrderId } from '../workflows/search-attributes';
import type { BenchEnv } from './setup';

/** The start request the API makes for a body (defaults applied as its validator applies them), made directly. */
export function startOrderDirectly(env: BenchEnv, orderId: string) {
  const body = { ...orderBody({ orderId }), requiresSignature: false };
  const input: OrderInput = { ...body, placedAt: new Date().toISOString(), policy: policyGroups(resolvePolicy(env.config.policy), 'order', 'shipment', 'activities') };
  return env.client.workflow.start<typeof orderJourneyWorkflow>('orderJourneyWorkflow', {
    workflowId: `order-${orderId}`,
    taskQueue: env.config.temporal.taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: OrderId, value: orderId },
      { key: CustomerId, value: body.customer.id },
      { key: JourneyStage, value: 'confirmed' },
    ],
    staticSummary: `Order ${orderId}: ${body.items.length} line(s) to ${body.shippingAddress.country}`,
    memo: { requestHash: requestHash(body) },
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
}

