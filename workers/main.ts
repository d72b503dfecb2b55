/**
 * `npm run worker`: the Temporal worker alone (workflows and activities), for containerized deployments.
 * Needs a running Temporal cluster (TEMPORAL_ADDRESS) and a migrated database (`npm run migrate` runs first);
 * it applies no migrations and serves no HTTP. Scale it by running more replicas.
 */
import { ConfigError, loadConfig } from '../lib/config';
import { openDatabase, redact } from '../lib/database';
import { connectWorkerConnection, onShutdown } from '../lib/runtime';
import { createLogger } from '../lib/logger';
import { startConfiguredTracing, stopTracing } from '../lib/tracing';
import { installWorkerRuntime } from './runtime';
import { createConfiguredWorkers, runWorkers } from './worker';

async function main() {
  const config = loadConfig();
  const address = config.temporal.address;
  if (!address) {
    throw new ConfigError(
      'TEMPORAL_ADDRESS is required by the worker process: set it to the Temporal frontend (host:7233, e.g. temporal:7233 in docker compose).\n' +
        '`npm start` runs everything in one process and starts an embedded Temporal dev server when TEMPORAL_ADDRESS is unset.',
    );
  }

  const logger = createLogger(config.logLevel);
  const say = (message: string) => logger.info(message);
  startConfiguredTracing(config, 'worker');
  installWorkerRuntime(config, logger);

  const orm = await openDatabase(config.databaseUrl, { pool: config.databasePoolSize });
  const connection = await connectWorkerConnection(config, address).catch((error: Error) => {
    throw new Error(`Cannot reach Temporal at TEMPORAL_ADDRESS=${address} (${error.message}).`);
  });
  say('Bundling workflows...');
  const workers = runWorkers(await createConfiguredWorkers(config, orm, connection));
  const running = workers.done;
  say(
    `Polling ${config.worker.queues.join(', ')} of task queue ${config.temporal.taskQueue} on ${address} (namespace ${config.temporal.namespace}); ` +
      `database ${redact(config.databaseUrl)}` +
      (config.observability.workerMetricsAddress ? `; metrics on http://${config.observability.workerMetricsAddress}/metrics.` : '.'),
  );

  onShutdown(async () => {
    workers.shutdown();
    await running;
    await connection.close();
    await orm.close();
    await stopTracing();
  });
  await running.catch((error) => {
    console.error('Worker stopped with an error:', error);
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Worker start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
