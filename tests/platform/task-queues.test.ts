import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { connectWorkerConnection } from '../../lib/runtime';
import type { OrderView } from '../../workflows/order/messages';
import type { CustomerView } from '../../workflows/customer/state';
import { activityQueueName, entityQueueName } from '../../workflows/shared/task-queues';
import { createConfiguredWorkers, runWorkers } from '../../workers/worker';
import { createHarness, eventually, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';

/**
 * Journeys on `activities.activityQueues: separate` run partner calls and database writes on queues of their own,
 * served by workers configured apart (WORKER_QUEUES): the journeys' own worker alone cannot move them.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, { policy: { activities: { activityQueues: 'separate' } } });
});
afterAll(() => h?.close());

const messagesFor = (orderId: string) => h.partners.effectsOf('notifications').filter((m) => `${m.body.subject} ${m.body.body}`.includes(orderId));

async function pollers(queue: string) {
  const { pollers } = await h.client.workflowService.describeTaskQueue({ namespace: h.config.temporal.namespace, taskQueue: { name: queue }, taskQueueType: 2 /* ACTIVITY */ });
  return pollers ?? [];
}

describe('separate activity queues', () => {
  it('WORKER_QUEUES names only known queues', () => {
    expect(loadConfig({}).worker.queues).toEqual(['workflows', 'partners', 'database']);
    expect(() => loadConfig({ WORKER_QUEUES: 'workflows,payments' })).toThrow(/WORKER_QUEUES/);
  });

  it('partner calls and database writes wait for the workers of their own queues, and go on once those poll', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);

    // The journeys' worker runs the workflow, but no worker polls <queue>-database or <queue>-partners yet.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const pending = (await h.client.workflow.getHandle(`order-${body.orderId}`).describe()).raw.pendingActivities ?? [];
    expect(pending.length).toBeGreaterThan(0);
    expect(messagesFor(body.orderId)).toEqual([]);

    // A worker process configured for the two activity queues only (no workflows, so no bundle).
    const { worker } = loadConfig({ WORKER_QUEUES: 'partners,database', WORKER_PARTNER_ACTIVITIES_PER_SECOND: '50', DATABASE_POOL_SIZE: '7' });
    expect(worker).toMatchObject({ queues: ['partners', 'database'], partners: { maxConcurrentActivities: 50, activitiesPerSecond: 50 }, database: { maxConcurrentActivities: 7 } });
    const config = { ...h.config, worker };
    const workers: Worker[] = await createConfiguredWorkers(config, h.orm, await connectWorkerConnection(config, config.temporal.address!));
    const run = runWorkers(workers);
    try {
      expect(workers.map((w) => w.options.taskQueue).sort()).toEqual([activityQueueName(h.taskQueue, 'database'), activityQueueName(h.taskQueue, 'partners')]);
      await eventually(async () => expect((await pollers(activityQueueName(h.taskQueue, 'partners'))).length).toBeGreaterThan(0));
      await eventually(() => expect(messagesFor(body.orderId).map((m) => m.body.template)).toContain('order_confirmed'), 30_000);
      expect((await h.api<OrderView>('GET', `/v1/orders/${body.orderId}`)).body.stage).toBe('confirmed');
      // The order's customer runs on the entity queue (polled beside the journeys' one) and its writes reach
      // the database queue's worker: its view shows the order.
      await eventually(async () => expect((await h.api<CustomerView>('GET', `/v1/customers/${body.customer.id}`)).body.facts.orders).toBe(1), 30_000);
      expect((await h.client.workflow.getHandle(`customer-${body.customer.id}`).describe()).taskQueue).toBe(entityQueueName(h.taskQueue));
    } finally {
      run.shutdown();
      await run.done;
    }
  });
});
