import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { loadConfig, type Config } from '../lib/config';
import { openDatabase, type Orm } from '../lib/database';
import { createLogger } from '../lib/logger';
import { closeServer, connectTemporalClient, connectWorkerConnection } from '../lib/runtime';
import { temporalDataConverter } from '../lib/payload-codec';
import { ensureSearchAttributes } from '../lib/search-attributes';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../lib/temporal-server';
import { bundleWorkflows, createWorker } from '../workers/worker';
import { closedLoop, type PhaseResult } from './load';

/**
 * Everything a benchmark runs against, all real and all in this process: an in-memory Temporal dev server (or
 * TEMPORAL_ADDRESS), a scratch MariaDB/MySQL database, a worker with sandboxed partners (outbound calls are only
 * recorded in MySQL), and the Hono app served over real HTTP on a random port.
 */
export interface BenchEnv {
  config: Config;
  client: Client;
  orm: Orm;
  /** http://127.0.0.1:<port> of the served API. */
  baseUrl: string;
  /** Which Temporal the run used, for the printed header. */
  temporalLabel: string;
  /** Calls the API over HTTP with the bench API key; throws unless the status is the expected one. */
  api(method: string, path: string, body: unknown, expectedStatus: number): Promise<unknown>;
  close(): Promise<void>;
}

const BENCH_DATABASE = 'aftercart_bench';
const BENCH_API_KEY = 'bench-key-0123456789';

export const say = (message: string) => console.log(`[bench] ${message}`);

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} must be a positive number`);
  return value;
}

const loadBefore = loadavg()[0];

/** The machine, and how busy it was apart from us: other work on the same cores skews every figure. */
export function machine(): string {
  const cpu = cpus();
  const load = `load average ${loadBefore.toFixed(2)} before the run`;
  return `${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${process.platform}/${process.arch}; ${load}`;
}

export async function startBenchEnv(name: string): Promise<BenchEnv> {
  const serverUrl = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/aftercart').replace(/\/[A-Za-z0-9_]+$/, '');
  const databaseUrl = `${serverUrl}/${BENCH_DATABASE}`;
  // Terminating journeys mid-activity makes SDK Core warn for each one; keep the benchmark's output to its figures.
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, console: {} } } });
  say(`${process.env.TEMPORAL_ADDRESS ? `Using Temporal at ${process.env.TEMPORAL_ADDRESS}` : 'Starting Temporal (in memory)'}, creating the scratch database and bundling workflows...`);
  const [temporal, orm, bundle] = await Promise.all([
    process.env.TEMPORAL_ADDRESS
      ? Promise.resolve<EmbeddedTemporal>({ address: process.env.TEMPORAL_ADDRESS, stop: async () => undefined })
      : startEmbeddedTemporal({ cliPath: process.env.TEMPORAL_CLI_PATH, namespace: 'default', say: () => undefined }),
    openDatabase(databaseUrl, { migrate: true }),
    bundleWorkflows(),
  ]);

  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    // The embedded server only has the default namespace; an external cluster may use another.
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_ADDRESS ? process.env.TEMPORAL_NAMESPACE : undefined,
    TEMPORAL_TASK_QUEUE: `bench-${name}-${randomUUID().slice(0, 8)}`,
    API_KEYS: BENCH_API_KEY,
    LOG_LEVEL: 'silent',
  });
  const client = await connectTemporalClient(config, temporal.address);
  // The embedded server registers them at start; an existing cluster may need them added, as `npm start` does.
  if (process.env.TEMPORAL_ADDRESS) await ensureSearchAttributes(client, config.temporal.namespace);
  const worker = await createWorker({
    connection: await connectWorkerConnection(config, temporal.address),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: bundle,
    dataConverter: temporalDataConverter(config),
    orm,
    config,
    maxConcurrentActivities: config.worker.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks,
    shutdownGraceTime: '2 seconds',
  });
  const workerRun = worker.run();

  const app = createApp({ config, temporal: client, orm, logger: createLogger('silent') });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    config,
    client,
    orm,
    baseUrl,
    temporalLabel: process.env.TEMPORAL_ADDRESS ? `Temporal at TEMPORAL_ADDRESS=${temporal.address}` : `Temporal dev server in memory at ${temporal.address}`,
    async api(method, path, body, expectedStatus) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${BENCH_API_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== expectedStatus) throw new Error(`${method} ${path} answered ${response.status}, expected ${expectedStatus}: ${text.slice(0, 300)}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    async close() {
      await closeServer(server);
      worker.shutdown();
      await workerRun;
      await client.connection.close();
      await orm.schema.dropDatabase(BENCH_DATABASE);
      await orm.close(true);
      await temporal.stop();
    },
  };
}

/** Runs a benchmark body between start-up and a clean shutdown; a failure still shuts everything down. */
export function runBench(name: string, body: (env: BenchEnv) => Promise<void>): void {
  const run = async () => {
    const env = await startBenchEnv(name);
    try {
      await body(env);
    } finally {
      say('Shutting down (worker, API server, Temporal) and dropping the scratch database...');
      await env.close();
    }
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * GET /healthz (no Temporal, no database) at the same load: what the HTTP round trip alone costs here (fetch,
 * Node's HTTP server and the app's middleware, in this one process), to read the API/direct ratios against.
 */
export function httpFloor(env: BenchEnv, count: number, concurrency: number): Promise<PhaseResult> {
  return closedLoop('H  HTTP floor GET /healthz', count, concurrency, async () => {
    const response = await fetch(`${env.baseUrl}/healthz`);
    await response.text();
    if (response.status !== 200) throw new Error(`GET /healthz answered ${response.status}`);
  });
}

/** Terminates the given workflows (ignoring ones already closed), so finished phases stop loading the server. */
export async function terminateAll(client: Client, workflowIds: string[], concurrency: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < workflowIds.length) {
      const id = workflowIds[next++];
      await client.workflow
        .getHandle(id)
        .terminate('benchmark finished')
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, workflowIds.length) }, lane));
  // Let the server finish the follow-up work (timers, visibility) before the next phase is timed.
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** Polls until `done` is true (e.g. the worker has recorded everything sent) and returns how long that took. */
export async function waitUntil(what: string, done: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (!(await done())) {
    if (performance.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}
