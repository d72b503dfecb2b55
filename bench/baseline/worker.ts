/**
 * The baseline worker for `npm run bench:journeys`, in its own process like the production worker and configured
 * the same way (TEMPORAL_*, WORKER_MAX_CONCURRENT_*, WORKER_MAX_CACHED_WORKFLOWS, the payload codec), polling its
 * own task queue with the no-op baseline workflow and activity only.
 */
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { temporalDataConverter } from '../../lib/payload-codec';
import { temporalConnectionOptions } from '../../lib/temporal-connection';
import { installWorkerRuntime } from '../../workers/runtime';
import { baselineActivities } from './activities';

async function main() {
  const config = loadConfig();
  installWorkerRuntime(config, createLogger(config.logLevel));
  const worker = await Worker.create({
    connection: await NativeConnection.connect(temporalConnectionOptions(config.temporal.profile, config.temporal.address!)),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: join(__dirname, 'workflows.ts'),
    activities: baselineActivities,
    dataConverter: temporalDataConverter(config),
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
  });
  process.on('SIGTERM', () => worker.shutdown());
  await worker.run();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
