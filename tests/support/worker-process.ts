/**
 * A worker in its own process, so a test can kill it with SIGKILL mid-activity (a real crash, not a shutdown).
 * Configured through the environment like the real worker; WORKFLOW_BUNDLE_PATH points at the run's bundle.
 */
import { loadConfig } from '../../lib/config';
import { openDatabase } from '../../lib/database';
import { connectWorkerConnection } from '../../lib/runtime';
import { createLogger } from '../../lib/logger';
import { installWorkerRuntime } from '../../workers/runtime';
import { temporalDataConverter } from '../../lib/payload-codec';
import { createWorker } from '../../workers/worker';

async function main() {
  const config = loadConfig();
  installWorkerRuntime(config, createLogger(config.logLevel));
  const orm = await openDatabase(config.databaseUrl, { pool: 3 });
  const worker = await createWorker({
    connection: await connectWorkerConnection(config, config.temporal.address!),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
    dataConverter: temporalDataConverter(config),
    orm,
    config,
    maxConcurrentActivities: 10,
    maxConcurrentWorkflowTasks: 10,
  });
  const running = worker.run();
  console.log('worker-ready');
  await running;
}

void main();
