/**
 * `npm run api`: the HTTP API alone, for containerized deployments. Needs a running Temporal cluster
 * (TEMPORAL_ADDRESS) and a migrated database (`npm run migrate` runs first); it runs no worker and applies no
 * migrations. `npm start` is the all-in-one alternative for a developer machine.
 */
import { ConfigError, loadConfig } from '../lib/config';
import { openDatabase, redact } from '../lib/database';
import { createLogger } from '../lib/logger';
import { startConfiguredTracing, stopTracing } from '../lib/tracing';
import { ensureRfmSchedule } from '../lib/rfm-schedule';
import { connectTemporalClient, drainAndClose, ensureApiKeys, onShutdown, serveApi } from '../lib/runtime';

async function main() {
  const config = loadConfig();
  const address = config.temporal.address;
  if (!address) {
    throw new ConfigError(
      'TEMPORAL_ADDRESS is required by the API process: set it to the Temporal frontend (host:7233, e.g. temporal:7233 in docker compose).\n' +
        '`npm start` runs everything in one process and starts an embedded Temporal dev server when TEMPORAL_ADDRESS is unset.',
    );
  }
  const { keys, generated } = ensureApiKeys(config);
  config.apiKeys = keys;
  const logger = createLogger(config.logLevel);
  startConfiguredTracing(config, 'api');

  const orm = await openDatabase(config.databaseUrl, { pool: config.databasePoolSize });
  const temporal = await connectTemporalClient(config, address);
  await ensureRfmSchedule(temporal, { taskQueue: config.temporal.taskQueue, every: config.policy.customer.rfmRecomputeEvery });
  const lifecycle = { draining: false };
  const server = await serveApi({ config, temporal, orm, logger, lifecycle });
  logger.info(
    { port: config.port, temporal: address, namespace: config.temporal.namespace, database: redact(config.databaseUrl) },
    `API listening on port ${config.port}`,
  );
  if (generated) console.log(`[aftercart] Development API key: ${generated} (set API_KEYS to choose your own)`);

  onShutdown(async () => {
    await drainAndClose(server, lifecycle, config.drainDelayMs);
    await temporal.connection.close();
    await orm.close();
    await stopTracing();
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `API start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
