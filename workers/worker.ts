import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Config } from '../lib/config';
import type { Orm } from '../lib/database';
import { tracingWorkerInterceptors, tracingWorkflowSinks } from '../lib/tracing';
import { temporalDataConverter } from '../lib/payload-codec';
import { activityQueueName, entityQueueName } from '../workflows/shared/task-queues';
import { bundleWorkflows } from './bundle';
import { cachedBundle } from './bundle-cache';

export { bundleWorkflows, workflowsPath } from './bundle';

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Without a bundle the worker runs activities only (the partners and database queues). */
  workflowBundle?: WorkflowBundleOption;
  /** Runs workflows only (the entity queue: its workflows send their activities to the journeys' queues). */
  workflowsOnly?: boolean;
  /** The payload codec (lib/payload-codec.ts): inputs, results and messages reach Temporal encrypted. */
  dataConverter: DataConverter;
  maxConcurrentActivities: number;
  /** Activities started per second on this task queue, across all its workers (enforced by Temporal). */
  maxTaskQueueActivitiesPerSecond?: number;
  maxConcurrentWorkflowTasks: number;
  /** Open journeys kept in memory (sticky cache); the rest are replayed from history when they wake. */
  maxCachedWorkflows?: number;
  /** How long a shutting-down worker lets running activities finish. */
  shutdownGraceTime?: string;
}

export function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle && { workflowBundle: options.workflowBundle, maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks }),
    dataConverter: options.dataConverter,
    ...(!options.workflowsOnly && { activities: createActivities(options), maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities }),
    ...(options.maxTaskQueueActivitiesPerSecond !== undefined && { maxTaskQueueActivitiesPerSecond: options.maxTaskQueueActivitiesPerSecond }),
    ...(options.maxCachedWorkflows !== undefined && { maxCachedWorkflows: options.maxCachedWorkflows }),
    shutdownGraceTime: options.shutdownGraceTime ?? '10 seconds',
    interceptors: tracingWorkerInterceptors(),
    sinks: tracingWorkflowSinks(),
  });
}

/**
 * The workers of one process, as configured by the environment (WORKER_QUEUES): the journeys' queue runs the
 * workflows and any activity of a journey on `activityQueues: shared`, and beside it `<queue>-entities` runs the
 * customer workflows with a small cache of their own (entityWorkerOptions); `<queue>-partners` and `<queue>-database`
 * run only activities, with their own slots (and, for partners, a rate limit across all its workers), for
 * journeys on `activityQueues: separate`. Every process may poll all three, or a deployment runs them apart.
 * `workflowBundle` is an already-built bundle (tests build one per run); by default it comes from the cache.
 */
export async function createConfiguredWorkers(config: Config, orm: Orm, connection: NativeConnection, workflowBundle?: WorkflowBundleOption): Promise<Worker[]> {
  const { taskQueue, namespace } = config.temporal;
  const { queues, partners, database } = config.worker;
  const common = { connection, namespace, dataConverter: temporalDataConverter(config), orm, config, maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks };
  const workers: Promise<Worker>[] = [];
  if (queues.includes('workflows')) {
    const bundle = workflowBundle ?? { code: (await cachedBundle(join(config.dataDir, 'bundles'), bundleWorkflows)).code };
    workers.push(createWorker({ ...common, taskQueue, workflowBundle: bundle, maxConcurrentActivities: config.worker.maxConcurrentActivities, maxCachedWorkflows: config.worker.maxCachedWorkflows }));
    workers.push(createWorker({ ...common, ...entityWorkerOptions(config), workflowBundle: bundle }));
  }
  if (queues.includes('partners')) {
    workers.push(createWorker({ ...common, taskQueue: activityQueueName(taskQueue, 'partners'), maxConcurrentActivities: partners.maxConcurrentActivities, maxTaskQueueActivitiesPerSecond: partners.activitiesPerSecond }));
  }
  if (queues.includes('database')) {
    workers.push(createWorker({ ...common, taskQueue: activityQueueName(taskQueue, 'database'), maxConcurrentActivities: database.maxConcurrentActivities }));
  }
  return Promise.all(workers);
}

/**
 * The `<queue>-entities` worker (workflows/shared/task-queues.ts): customer workflows, which wake rarely, in a
 * cache of their own (WORKER_ENTITY_MAX_CACHED_WORKFLOWS) so they do not take the journeys' places. It runs the
 * same bundle in a workflow thread and V8 context of its own (a fixed cost per process), and no activities.
 */
export function entityWorkerOptions(config: Config) {
  const cached = config.worker.entityMaxCachedWorkflows;
  return {
    taskQueue: entityQueueName(config.temporal.taskQueue),
    workflowsOnly: true,
    maxCachedWorkflows: cached,
    // The SDK lowers workflow-task slots to the cache size (at least 2) and warns; ask for that directly.
    maxConcurrentWorkflowTasks: cached === 0 ? config.worker.maxConcurrentWorkflowTasks : Math.max(2, Math.min(config.worker.maxConcurrentWorkflowTasks, cached)),
    maxConcurrentActivities: 0, // no activities: see workflowsOnly
  };
}

/** Runs the process's workers together: resolves when all have stopped, rejects when one fails. */
export function runWorkers(workers: Worker[]): { done: Promise<void>; shutdown(): void } {
  return {
    done: Promise.all(workers.map((worker) => worker.run())).then(() => undefined),
    // The SDK also drains workers on SIGINT/SIGTERM; only ask those that have not started to.
    shutdown: () => workers.forEach((worker) => worker.getState() === 'RUNNING' && worker.shutdown()),
  };
}
