import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Config } from '../lib/config';
import type { Orm } from '../lib/database';
import { tracingWorkerInterceptors, tracingWorkflowSinks } from '../lib/tracing';
import { temporalDataConverter } from '../lib/payload-codec';
import { cachedBundle } from './bundle-cache';

export const workflowsPath = join(__dirname, '..', 'workflows', 'index.ts');

/**
 * Bundles the workflows once (webpack); the bundle is handed to every worker created from it. It carries the
 * trace-context interceptor (workflows/shared/trace-propagation.ts), so activities continue the caller's trace.
 */
export async function bundleWorkflows(): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [join(__dirname, '..', 'workflows', 'shared', 'trace-propagation.ts')],
    logger: quietBundlerLogger,
  });
}

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  workflowBundle: WorkflowBundleOption;
  /** The payload codec (lib/payload-codec.ts): inputs, results and messages reach Temporal encrypted. */
  dataConverter: DataConverter;
  maxConcurrentActivities: number;
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
    workflowBundle: options.workflowBundle,
    dataConverter: options.dataConverter,
    activities: createActivities(options),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks,
    ...(options.maxCachedWorkflows !== undefined && { maxCachedWorkflows: options.maxCachedWorkflows }),
    shutdownGraceTime: options.shutdownGraceTime ?? '10 seconds',
    interceptors: tracingWorkerInterceptors(),
    sinks: tracingWorkflowSinks(),
  });
}

/** The worker as configured by the environment: bundled workflows, the configured task queue and concurrency. */
export async function createConfiguredWorker(config: Config, orm: Orm, connection: NativeConnection): Promise<Worker> {
  return createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { code: (await cachedBundle(join(config.dataDir, 'bundles'), bundleWorkflows)).code },
    dataConverter: temporalDataConverter(config),
    orm,
    config,
    maxConcurrentActivities: config.worker.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
  });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};
