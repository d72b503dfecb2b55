/**
 * Where a journey's activities run. With the `activities.activityQueues` policy at `shared` (the default) every
 * activity runs on the journey's own task queue. At `separate`, partner calls and database writes each go to a
 * queue of their own beside it, so they get their own workers, concurrency and rate limit (workers/worker.ts):
 * a slow partner then cannot hold the slots the database writes need, and the other way round.
 */
export type ActivityQueue = 'partners' | 'database';

export const activityQueueName = (workflowQueue: string, queue: ActivityQueue) => `${workflowQueue}-${queue}`;
