import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { freePort } from '../tests/support/ports';

/**
 * The production topology, as docker compose runs it: the worker (`workers/main.ts`) and the API (`api/main.ts`)
 * each in their own Node process, started the way their npm scripts start them (tsx), configured only through the
 * environment. The load generator is the process that calls this; the Temporal dev server is the CLI's own process.
 * Each child's output goes to a log file under one temporary folder (printed on failure).
 */
export interface Role {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** The worker's Prometheus endpoint (SDK metrics: task counts and latencies), for workers only. */
  metricsUrl?: string;
}

export interface ApiReplica extends Role {
  url: string;
}

export interface Topology {
  apis: ApiReplica[];
  workers: Role[];
  logDir: string;
  /** Starts another process (e.g. the baseline worker); it is stopped with the rest. */
  spawnRole(name: string, script: string, env: Record<string, string>): Role;
  close(): Promise<void>;
}

const root = join(__dirname, '..');

/** Node with tsx's loader in-process (what `npm run api` runs, minus tsx's wrapper process), so the pid is the app. */
function spawnNode(script: string, env: Record<string, string>, logFile: string): ChildProcess {
  const out = openSync(logFile, 'a');
  return spawn(process.execPath, [...(env.BENCH_NODE_OPTIONS ? env.BENCH_NODE_OPTIONS.split(' ') : []), '--import', 'tsx', join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
}

export interface TopologyOptions {
  /** The environment every app process gets (DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, API_KEYS, ...). */
  env: Record<string, string>;
  workers: number;
  apis: number;
  client: Client;
  namespace: string;
  taskQueue: string;
  /** Extra env for the API processes only (e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=..."). */
  apiEnv?: Record<string, string>;
  /** Extra env for the worker processes only. */
  workerEnv?: Record<string, string>;
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const logDir = mkdtempSync(join(tmpdir(), 'aftercart-bench-'));
  const all: Role[] = [];
  const spawnRole = (name: string, script: string, env: Record<string, string>): Role => {
    const logFile = join(logDir, `${name}.log`);
    const role = { name, process: spawnNode(script, { ...options.env, ...env }, logFile), logFile };
    all.push(role);
    return role;
  };
  const exitedEarly = (role: Role) =>
    new Promise<never>((_, reject) =>
      role.process.once('exit', (code) => reject(new Error(`${role.name} exited with ${code} during start-up; its log:\n${readFileSync(role.logFile, 'utf8').slice(-3000)}`))),
    );

  const workers: Role[] = [];
  for (let i = 0; i < options.workers; i++) {
    const metricsPort = await freePort();
    const role = spawnRole(`worker-${i + 1}`, 'workers/main.ts', { ...options.env, ...options.workerEnv, WORKER_METRICS_HOST: '127.0.0.1', WORKER_METRICS_PORT: String(metricsPort) });
    workers.push({ ...role, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` });
  }
  const apis: ApiReplica[] = [];
  for (let i = 0; i < options.apis; i++) {
    const port = await freePort();
    const role = spawnRole(`api-${i + 1}`, 'api/main.ts', { ...options.env, ...options.apiEnv, PORT: String(port) });
    apis.push({ ...role, url: `http://127.0.0.1:${port}` });
  }
  const close = async () => {
    await Promise.all(all.map((role) => stopRole(role)));
  };
  try {
    await Promise.race([
      Promise.all([
        ...apis.map((api) => waitFor(`${api.name} to answer /healthz`, () => fetch(`${api.url}/healthz`).then((r) => r.ok, () => false))),
        waitFor(`${options.workers} worker(s) to poll ${options.taskQueue}`, async () => (await pollerCount(options.client, options.namespace, options.taskQueue)) >= options.workers),
      ]),
      ...[...workers, ...apis].map(exitedEarly),
    ]);
  } catch (error) {
    await close();
    throw error;
  }
  for (const role of all) role.process.removeAllListeners('exit');
  return {
    apis,
    workers,
    logDir,
    spawnRole,
    close,
  };
}

/** SIGTERM (the graceful path compose uses), then SIGKILL if the process is still there after 15 s. */
export async function stopRole(role: Role): Promise<void> {
  const child = role.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Distinct worker identities polling the task queue for workflow tasks. */
export async function pollerCount(client: Client, namespace: string, taskQueue: string): Promise<number> {
  const answer = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return new Set((answer.pollers ?? []).map((p) => p.identity)).size;
}

export async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted after the command name: indexes 11 and 12. Clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The first process whose NUL-separated command line satisfies `matches` (Linux /proc), or undefined. */
export function findPid(matches: (commandLine: string) => boolean): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (matches(readFileSync(`/proc/${entry}/cmdline`, 'latin1'))) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function procRssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/**
 * `process_cpu_seconds_total` from the API's own Prometheus endpoint (prom-client reads process.cpuUsage()):
 * what the API process has spent on CPU since it started, as an operator would read it.
 */
export async function apiCpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  if (!match) throw new Error(`${url}/metrics has no process_cpu_seconds_total`);
  return Number(match[1]);
}

/**
 * Workflow and activity tasks a worker has completed so far, from the SDK's own Prometheus counters
 * (temporal_workflow_task_execution_latency and temporal_activity_execution_latency histograms' counts).
 */
export async function workerTaskCounts(metricsUrl: string): Promise<{ workflowTasks: number; activityTasks: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const sum = (metric: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { workflowTasks: sum('temporal_workflow_task_execution_latency_count'), activityTasks: sum('temporal_activity_execution_latency_count') };
}
