/**
 * `npm start`: the whole service in one process. Starts the embedded Temporal dev server (unless
 * TEMPORAL_ADDRESS is set), creates and migrates the database, runs the worker and serves the API.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../lib/config';
import { openDatabase, redact } from '../lib/database';
import { createLogger } from '../lib/logger';
import { ensureRfmSchedule } from '../lib/rfm-schedule';
import { ensureSearchAttributes } from '../lib/search-attributes';
import { connectTemporalClient, drainAndClose, connectWorkerConnection, ensureApiKeys, onShutdown, serveApi } from '../lib/runtime';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../lib/temporal-server';
import { startConfiguredTracing, stopTracing } from '../lib/tracing';
import { installWorkerRuntime } from '../workers/runtime';
import { createConfiguredWorkers, runWorkers } from '../workers/worker';

const say = (message: string) => console.log(`[aftercart] ${message}`);

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  startConfiguredTracing(config, 'all');
  installWorkerRuntime(config, logger);
  const { keys, generated } = ensureApiKeys(config);
  config.apiKeys = keys;

  say(`Database: ${redact(config.databaseUrl)} (creating it if missing, applying migrations)...`);
  const orm = await openDatabase(config.databaseUrl, { migrate: true, pool: config.databasePoolSize });

  let embedded: EmbeddedTemporal | undefined;
  let address = config.temporal.address;
  if (!address) {
    // The embedded UI sends no credentials to the codec endpoint: its URL carries a secret path segment instead,
    // known only to this run's dev server (bound to 127.0.0.1) unless CODEC_UI_TOKEN fixes one.
    config.codec.uiToken ??= randomBytes(24).toString('hex');
    for (const host of ['localhost', '127.0.0.1']) {
      const origin = `http://${host}:${config.temporal.uiPort}`;
      if (!config.codec.corsOrigins.includes(origin)) config.codec.corsOrigins.push(origin);
    }
    embedded = await startEmbeddedTemporal({
      cliPath: config.temporal.cliPath,
      namespace: config.temporal.namespace,
      dbFilename: resolve(join(config.dataDir, 'temporal.db')),
      port: config.temporal.port,
      uiPort: config.temporal.uiPort,
      uiCodecEndpoint: `http://localhost:${config.port}/codec/ui/${config.codec.uiToken}`,
      say,
    });
    address = embedded.address;
  }
  const temporal = await connectTemporalClient(config, address);
  if (!embedded) {
    const added = await ensureSearchAttributes(temporal, config.temporal.namespace);
    if (added.length) say(`Registered search attributes on the cluster: ${added.join(', ')}`);
  }

  await ensureRfmSchedule(temporal, { taskQueue: config.temporal.taskQueue, every: config.policy.customer.rfmRecomputeEvery });

  say('Bundling workflows and starting the worker...');
  const workers = runWorkers(await createConfiguredWorkers(config, orm, await connectWorkerConnection(config, address)));
  const lifecycle = { draining: false };
  const server = await serveApi({ config, temporal, orm, logger, lifecycle });

  const base = `http://localhost:${config.port}`;
  console.log(
    [
      '',
      'Aftercart is running.',
      `  API            ${base}   (docs: ${base}/docs, OpenAPI: ${base}/openapi.json)`,
      `  Temporal UI    ${embedded?.uiUrl ?? '(external cluster: use its UI)'}`,
      `  Temporal       ${address} namespace=${config.temporal.namespace} taskQueue=${config.temporal.taskQueue}`,
      `  Metrics        ${base}/metrics (API)${config.observability.workerMetricsAddress ? `, http://${config.observability.workerMetricsAddress}/metrics (worker)` : ''}`,
      `  API key        ${generated ? `${generated}   (development key; set API_KEYS to choose your own)` : '(from API_KEYS)'}`,
      '',
      'Try it:',
      `  curl -s -X POST ${base}/v1/orders -H "Authorization: Bearer ${generated ?? '<key>'}" -H 'Content-Type: application/json' \\`,
      `    -d @docs/examples/order.json`,
      '',
    ].join('\n'),
  );

  onShutdown(async () => {
    await drainAndClose(server, lifecycle, config.drainDelayMs);
    workers.shutdown();
    await workers.done;
    await temporal.connection.close();
    await orm.close();
    await embedded?.stop();
    await stopTracing();
  });
  await workers.done.catch((error) => {
    console.error('Worker stopped with an error:', error);
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
