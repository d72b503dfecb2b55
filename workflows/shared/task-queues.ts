/**
 * Where a journey's activities run. With the `activities.activityQueues` policy at `shared` (the default) every
 * activity runs on the journeys' task queue. At `separate`, partner calls and database writes each go to a
 * queue of their own beside it, so they get their own workers, concurrency and rate limit (workers/worker.ts):
 * a slow partner then cannot hold the slots the database writes need, and the other way round.
 */
export type ActivityQueue = 'partners' | 'database';

export const activityQueueName = (workflowQueue: string, queue: ActivityQueue) => `${workflowQueue}-${queue}`;

/**
 * Long-lived entity workflows that wake rarely (`customer-<customerId>`) run on `<queue>-entities`, beside the
 * journeys' queue, served by a worker with a small cache of its own (WORKER_ENTITY_MAX_CACHED_WORKFLOWS): a
 * customer is evicted soon after it has handled a message instead of sitting in the journeys' cache. Their
 * activities still run on the journeys' queue (or its partners and database queues).
 */
const ENTITIES = '-entities';

export const entityQueueName = (journeysQueue: string) => `${journeysQueue}${ENTITIES}`;

export const isEntityQueue = (taskQueue: string) => taskQueue.endsWith(ENTITIES);

/** The journeys' queue a workflow belongs to: its own, or the one its entity queue sits beside. */
export const journeysQueueOf = (taskQueue: string) => (isEntityQueue(taskQueue) ? taskQueue.slice(0, -ENTITIES.length) : taskQueue);
