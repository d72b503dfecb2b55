import { orderStartOptions, type CreateOrderBody } from '../api/routes/orders/start';
import { requestHash, startIdempotently } from '../api/temporal';
import { CreateOrderSchema } from '../api/schemas/orders';
import { orderBody } from '../tests/support/orders';
import type { orderJourneyWorkflow } from '../workflows/order/workflow';
import type { BenchEnv } from './setup';

/** One body as the API's validator leaves it (defaults applied), parsed once, outside any timed phase. */
let validated: CreateOrderBody | undefined;

/**
 * The start request the API makes for a body (api/routes/orders/start.ts, the same function the route calls), sent
 * straight to Temporal the way the route sends it (startIdempotently: REJECT_DUPLICATE, request hash in the memo).
 * Every order is the same customer's unless `customerId` names another.
 */
export async function startOrderDirectly(env: BenchEnv, orderId: string, customerId?: string): Promise<void> {
  validated ??= CreateOrderSchema.parse(orderBody());
  const body = { ...validated, orderId, ...(customerId && { customer: { ...validated.customer, id: customerId } }) };
  await startIdempotently<typeof orderJourneyWorkflow>(env.client, 'orderJourneyWorkflow', orderStartOptions(env.config, body), requestHash(body));
}
