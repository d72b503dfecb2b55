import { randomUUID } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { loadConfig, type Config } from '../lib/config';
import { openDatabase, type Orm } from '../lib/database';
import { connectTemporalClient } from '../lib/runtime';
import { ensureSearchAttributes } from '../lib/search-attributes';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../lib/temporal-server';
import { apiCpuSeconds, findPid, procCpuSeconds, startTopology, type Topology } from './topology';
import { httpRequest } from './http';
import { closedLoop, combine, type PhaseResult } from './load';

/**
 * Everything a benchmark runs against, all real and in the production topology: an in-memory Temporal dev server
 * (the CLI's own process) or TEMPORAL_ADDRESS, a scratch MariaDB/MySQL database, BENCH_WORKERS worker processes
 * (`workers/main.ts`, sandboxed partners: outbound calls are only recorded in MySQL) and BENCH_APIS API processes
 * (`api/main.ts`) on random ports. This process is the load generator, with its own Temporal client for the direct
 * path and its own database connection to see what the workers have written.
 */
export interface BenchEnv {
  config: Config;
  client: Client;
  orm: Orm;
  /** http://127.0.0.1:<port> of the first API replica. */
  baseUrl: string;
  /** The API replica for the next request, round-robin (as a load balancer in front of M replicas would). */
  nextApiUrl(): string;
  topology: Topology;
  /** Which Temporal the run used and how many processes of each kind, for the printed header. */
  temporalLabel: string;
  stackLabel: string;
  /** Calls the API over HTTP with the bench API key; throws unless the status is the expected one (or one of them). */
  api(method: string, path: string, body: unknown, expectedStatus: number | number[]): Promise<unknown>;
  /** CPU used so far by the API processes (their process_cpu_seconds_total), the workers (/proc) and this process. */
  cpu(): Promise<CpuSnapshot>;
  close(): Promise<void>;
}

export interface CpuSnapshot {
  apiSeconds: number;
  workerSeconds: number;
  loadGeneratorSeconds: number;
  /** The Temporal dev server and the MySQL server, when they run on this machine (0 otherwise). */
  temporalSeconds: number;
  mysqlSeconds: number;
}

// One scratch database per run, so two benchmarks on one MySQL server do not share it.
const BENCH_DATABASE = `aftercart_bench_${randomUUID().slice(0, 8)}`;
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
  const load = `load average ${loadBefore.toFixed(2)} before the run, ${loadavg()[0].toFixed(2)} now`;
  return `${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${process.platform}/${process.arch}; ${load}`;
}

/** `uptime`'s one-minute load average now, printed beside figures taken on a shared machine. */
export const loadNow = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

export interface BenchEnvOptions {
  /** Extra environment for the app processes (both roles), e.g. WORKER_MAX_CACHED_WORKFLOWS. */
  env?: Record<string, string>;
  /** Extra environment for the API processes only (e.g. BENCH_NODE_OPTIONS for --cpu-prof). */
  apiEnv?: Record<string, string>;
}

export async function startBenchEnv(name: string, options: BenchEnvOptions = {}): Promise<BenchEnv> {
  const serverUrl = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/aftercart').replace(/\/[A-Za-z0-9_]+$/, '');
  const databaseUrl = `${serverUrl}/${BENCH_DATABASE}`;
  const workerCount = envNumber('BENCH_WORKERS', 1);
  const apiCount = envNumber('BENCH_APIS', 1);
  say(`${process.env.TEMPORAL_ADDRESS ? `Using Temporal at ${process.env.TEMPORAL_ADDRESS}` : 'Starting Temporal (in memory)'} and creating the scratch database...`);
  const [temporal, orm] = await Promise.all([
    process.env.TEMPORAL_ADDRESS
      ? Promise.resolve<EmbeddedTemporal>({ address: process.env.TEMPORAL_ADDRESS, stop: async () => undefined })
      : startEmbeddedTemporal({ cliPath: process.env.TEMPORAL_CLI_PATH, namespace: 'default', say: () => undefined }),
    openDatabase(databaseUrl, { migrate: true }),
  ]);

  const appEnv: Record<string, string> = {
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    // The embedded server only has the default namespace; an external cluster may use another.
    TEMPORAL_NAMESPACE: (process.env.TEMPORAL_ADDRESS && process.env.TEMPORAL_NAMESPACE) || 'default',
    TEMPORAL_TASK_QUEUE: `bench-${name}-${randomUUID().slice(0, 8)}`,
    API_KEYS: BENCH_API_KEY,
    // Production's default: the API logs one line per request (to a file here, as a container logs to a pipe).
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    AFTERCART_DATA_DIR: join(tmpdir(), 'aftercart-bench-data'),
    // The API's deadline for Temporal calls (production default 10 s): on a shared, loaded machine the dev server's
    // updates can take longer, and a 503 in the setup would end the run before anything is measured.
    TEMPORAL_CALL_TIMEOUT: process.env.BENCH_CALL_TIMEOUT ?? '30 seconds',
    ...options.env,
  };
  const config = loadConfig({ ...appEnv, LOG_LEVEL: 'silent' });
  const client = await connectTemporalClient(config, temporal.address);
  // The embedded server registers them at start; an existing cluster may need them added, as `npm start` does.
  if (process.env.TEMPORAL_ADDRESS) await ensureSearchAttributes(client, config.temporal.namespace);
  say(`Starting ${workerCount} worker process(es) (each bundles the workflows) and ${apiCount} API process(es)...`);
  // BENCH_CPU_PROFILE=<dir>: every benchmark runs its API processes with --cpu-prof into that folder;
  // BENCH_API_NODE_OPTIONS adds Node flags to them (e.g. "--max-semi-space-size=64").
  const apiFlags = [process.env.BENCH_CPU_PROFILE && `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`, process.env.BENCH_API_NODE_OPTIONS].filter(Boolean).join(' ');
  const profile: Record<string, string> = apiFlags ? { BENCH_NODE_OPTIONS: apiFlags } : {};
  // BENCH_WORKER_CPU_PROFILE=<dir>: the worker processes run with --cpu-prof into that folder.
  const workerProfile: Record<string, string> = process.env.BENCH_WORKER_CPU_PROFILE ? { BENCH_NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROFILE}` } : {};
  const topology = await startTopology({ env: appEnv, apiEnv: { ...profile, ...options.apiEnv }, workerEnv: workerProfile, workers: workerCount, apis: apiCount, client, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue });
  // The servers' own processes, found by their command lines (on this machine only; an external cluster counts 0).
  const temporalPid = findPid((cmd) => cmd.includes('start-dev') && cmd.includes(`--port\u0000${temporal.address.split(':').at(-1)}\u0000`));
  const mysqlPid = findPid((cmd) => /(^|\/)(mariadbd|mysqld)\u0000/.test(cmd));
  const cpuOf = (pid: number | undefined) => (pid === undefined ? 0 : procCpuSeconds(pid));
  let nextApi = 0;
  const nextApiUrl = () => topology.apis[nextApi++ % topology.apis.length].url;

  return {
    config,
    client,
    orm,
    baseUrl: topology.apis[0].url,
    nextApiUrl,
    topology,
    temporalLabel: process.env.TEMPORAL_ADDRESS ? `Temporal at TEMPORAL_ADDRESS=${temporal.address}` : `Temporal dev server in memory at ${temporal.address}`,
    stackLabel: `${workerCount} worker process(es), ${apiCount} API process(es), load generator in its own process (logs in ${topology.logDir})`,
    async api(method, path, body, expectedStatus) {
      const { status, text } = await httpRequest(`${nextApiUrl()}${path}`, method, { Authorization: `Bearer ${BENCH_API_KEY}`, 'Content-Type': 'application/json' }, JSON.stringify(body));
      if (![expectedStatus].flat().includes(status)) throw new Error(`${method} ${path} answered ${status}, expected ${expectedStatus}: ${text.slice(0, 300)}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    async cpu() {
      const apiSeconds = (await Promise.all(topology.apis.map((api) => apiCpuSeconds(api.url)))).reduce((a, b) => a + b, 0);
      const workerSeconds = topology.workers.reduce((sum, worker) => sum + procCpuSeconds(worker.process.pid!), 0);
      const { user, system } = process.cpuUsage();
      return { apiSeconds, workerSeconds, temporalSeconds: cpuOf(temporalPid), mysqlSeconds: cpuOf(mysqlPid), loadGeneratorSeconds: (user + system) / 1e6 };
    },
    async close() {
      await topology.close();
      await client.connection.close();
      await orm.schema.dropDatabase(BENCH_DATABASE);
      await orm.close(true);
      await temporal.stop();
    },
  };
}

/** Runs a benchmark body between start-up and a clean shutdown; a failure still shuts everything down. */
export function runBench(name: string, body: (env: BenchEnv) => Promise<void>, options: BenchEnvOptions = {}): void {
  const run = async () => {
    const env = await startBenchEnv(name, options);
    try {
      await body(env);
    } finally {
      say('Shutting down (API and worker processes, Temporal) and dropping the scratch database...');
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
 * GET /healthz (no Temporal, no database) at the same load: what the HTTP round trip alone costs here (the client,
 * Node's HTTP server and the app's middleware, in this one process), to read the API/direct ratios against.
 */
export function httpFloor(env: BenchEnv, count: number, concurrency: number): Promise<PhaseResult> {
  return closedLoop('H  HTTP floor GET /healthz', count, concurrency, async () => {
    const { status } = await httpRequest(`${env.nextApiUrl()}/healthz`, 'GET', {});
    if (status !== 200) throw new Error(`GET /healthz answered ${status}`);
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

/**
 * Polls until `done` is true (e.g. the worker has recorded everything sent) and returns how long that took. The
 * first check is immediate; then every `intervalMs`, growing by half each time up to `maxIntervalMs` (callers that
 * poll Temporal for many journeys at once pass a gentler pace, so the polling does not load the server it measures).
 */
export async function waitUntil(what: string, done: () => Promise<boolean>, timeoutMs = 120_000, pace: { intervalMs?: number; maxIntervalMs?: number } = {}): Promise<number> {
  const started = performance.now();
  let interval = pace.intervalMs ?? 100;
  while (!(await done())) {
    if (performance.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(pace.maxIntervalMs ?? interval, interval * 1.5);
  }
  return performance.now() - started;
}

/** CPU a phase cost, in seconds, by process kind. */
type PhaseCpu = CpuSnapshot;
const phaseCpu = new Map<PhaseResult, PhaseCpu>();

/** Runs a phase between two CPU readings, so its rows can show CPU per request beside throughput and latency. */
export async function measured(env: BenchEnv, run: () => Promise<PhaseResult>): Promise<PhaseResult> {
  const before = await env.cpu();
  const result = await run();
  const after = await env.cpu();
  phaseCpu.set(result, {
    apiSeconds: after.apiSeconds - before.apiSeconds,
    loadGeneratorSeconds: after.loadGeneratorSeconds - before.loadGeneratorSeconds,
    workerSeconds: after.workerSeconds - before.workerSeconds,
    temporalSeconds: after.temporalSeconds - before.temporalSeconds,
    mysqlSeconds: after.mysqlSeconds - before.mysqlSeconds,
  });
  return result;
}

/** `combine` that also adds up the phases' CPU. */
export function combineMeasured(label: string, results: PhaseResult[]): PhaseResult {
  const combined = combine(label, results);
  const parts = results.map((r) => phaseCpu.get(r)).filter((c): c is PhaseCpu => !!c);
  if (parts.length === results.length) {
    const total = (key: keyof PhaseCpu) => parts.reduce((sum, c) => sum + c[key], 0);
    phaseCpu.set(combined, { apiSeconds: total('apiSeconds'), loadGeneratorSeconds: total('loadGeneratorSeconds'), workerSeconds: total('workerSeconds'), temporalSeconds: total('temporalSeconds'), mysqlSeconds: total('mysqlSeconds') });
  }
  return combined;
}

export const cpuHeader = ['API cpu ms/req', 'client cpu ms/req', 'worker cpu', 'temporal cpu', 'mysql cpu'];

/**
 * CPU ms per request during the phase: the API processes (near 0 on a direct phase: the API is idle), this process
 * (the load generator, or the direct path's client), the workers, the Temporal dev server and the MySQL server (0
 * when they run elsewhere). The last three run in the same phase on the same cores, so they show what else competed.
 */
export function cpuCells(result: PhaseResult): string[] {
  const cpu = phaseCpu.get(result);
  if (!cpu) return ['', '', '', '', ''];
  const perRequest = (seconds: number) => ((seconds * 1000) / result.count).toFixed(2);
  return [perRequest(cpu.apiSeconds), perRequest(cpu.loadGeneratorSeconds), perRequest(cpu.workerSeconds), perRequest(cpu.temporalSeconds), perRequest(cpu.mysqlSeconds)];
}

export function apiCpuPerRequestMs(result: PhaseResult): number {
  const cpu = phaseCpu.get(result);
  return cpu ? (cpu.apiSeconds * 1000) / result.count : Number.NaN;
}

export function clientCpuPerRequestMs(result: PhaseResult): number {
  const cpu = phaseCpu.get(result);
  return cpu ? (cpu.loadGeneratorSeconds * 1000) / result.count : Number.NaN;
}
