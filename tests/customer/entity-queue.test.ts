import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerStart } from '../../activities/customer/signal';
import { customerEventSignal, type CustomerEvent } from '../../workflows/customer/messages';
import { entityQueueName } from '../../workflows/shared/task-queues';
import { createHarness, listWorkflows, uniqueId, type Harness } from '../support/harness';
import { replayHistories } from '../support/replay';
import { returns } from '../support/returns';
import { customers } from './support';

/**
 * Customers run on `<queue>-entities`, served by a worker with a small cache of its own, so they do not take the
 * open journeys' places in the journeys' cache. What the customer is told must not change: the order journey's
 * and the return's facts still arrive, and a customer started on the journeys' queue before entity queues keeps
 * working and moves to its entity queue (continue-as-new) with everything it knew.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

const taskQueueOf = async (workflowId: string) => (await h.client.workflow.getHandle(workflowId).describe()).taskQueue;

describe('the customer on its own task queue', () => {
  it("runs on <queue>-entities and still learns of the order's delivery and the completed return", { timeout: 120_000 }, async () => {
    const r = returns(h);
    const c = customers(h);
    const { orderId, body } = await r.deliveredOrder();
    const customerId = body.customer.id;
    await c.until(customerId, (v) => expect(v.facts).toMatchObject({ orders: 1, deliveredOrders: 1 }));
    expect(await taskQueueOf(`customer-${customerId}`)).toBe(entityQueueName(h.taskQueue));
    expect(await taskQueueOf(`order-${orderId}`)).toBe(h.taskQueue);

    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1, reason: 'size' }]);
    expect(answer.status).toBe(201);
    const rmaId = (answer.body as { rmaId: string }).rmaId;
    await r.until(rmaId, 'awaiting_parcel');
    expect((await r.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }])).status).toBe(200);
    await r.until(rmaId, 'completed');
    const told = await c.until(customerId, (v) => expect(v.facts.returns).toBe(1));
    expect(told.facts).toMatchObject({ returns: 1, returnedUnits: 1, lastReturn: { rmaId, orderId } });
    // Every run of this customer was on the entity queue.
    const runs = await listWorkflows(h, `WorkflowId = "customer-${customerId}"`);
    expect(runs.map((run) => run.taskQueue)).toEqual(runs.map(() => entityQueueName(h.taskQueue)));
  });

  it('a customer started on the journeys queue handles its message there, then moves to the entity queue with what it knew', { timeout: 60_000 }, async () => {
    const c = customers(h);
    const customerId = uniqueId('cus');
    const placed = (orderId: string): CustomerEvent => ({
      type: 'order_placed', eventId: `order-${orderId}:placed`, at: new Date().toISOString(), orderId, currency: 'EUR', items: [{ sku: 'MUG-BLUE', quantity: 1, unitPriceMinor: 1250 }],
    });
    // As a worker before entity queues started it: on the journeys' own queue.
    await h.client.workflow.signalWithStart('customerWorkflow', {
      ...customerStart({ taskQueue: h.taskQueue, policy: h.config.policy }, customerId),
      taskQueue: h.taskQueue,
      signal: customerEventSignal,
      signalArgs: [placed(uniqueId('ord'))],
    });
    await c.until(customerId, (v) => expect(v.facts.orders).toBe(1));
    await c.tell(customerId, placed(uniqueId('ord')));
    // Once it has handled them it continues as new on the entity queue, carrying both orders.
    const moved = await c.until(customerId, (v) => expect(v.run).toBeGreaterThanOrEqual(2));
    expect(moved.facts.orders).toBe(2);
    expect(await taskQueueOf(`customer-${customerId}`)).toBe(entityQueueName(h.taskQueue));
    const first = await listWorkflows(h, `WorkflowId = "customer-${customerId}" AND ExecutionStatus = "ContinuedAsNew"`);
    expect(first.map((run) => run.taskQueue)).toEqual([h.taskQueue]);
    // The run that moved replays with today's code (it carries the customer-entity-queue marker).
    const history = await h.client.workflow.getHandle(`customer-${customerId}`, first[0]!.runId).fetchHistory();
    expect((await replayHistories(h.config, [{ workflowId: 'moved', history }])).map((r) => r.error)).toEqual([undefined]);
  });
});
