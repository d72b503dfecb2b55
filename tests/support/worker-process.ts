/**
 * A worker in its own process, so a test can kill it with SIGKILL mid-activity (a real crash, not a shutdown).
 * Configured through the environment like the real worker (workers/main.ts), WORKER_QUEUES included;
 * WORKFLOW_BUNDLE_PATH points at the run's bundle.
 */
import { loadConfig } from '../../lib/config';
import { openDatabase } from '../../lib/database';
import { connectWorkerConnection } from '../../lib/runtime';
import { createLogger } from '../../lib/logger';
import { installWorkerRuntime } from '../../workers/runtime';
import { createConfiguredWorkers, runWorkers } from '../../workers/worker';

async function main() {
  const config = loadConfig();
  installWorkerRuntime(config, createLogger(config.logLevel));
  const orm = await openDatabase(config.databaseUrl, { pool: config.databasePoolSize });
  const connection = await connectWorkerConnection(config, config.temporal.address!);
  const workers = runWorkers(await createConfiguredWorkers(config, orm, connection, { codePath: process.env.WORKFLOW_BUNDLE_PATH! }));
  console.log('worker-ready');
  await workers.done;
}

void main();
