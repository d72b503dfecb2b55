import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Harness } from './harness';
import { harnessEnv } from './processes';

/**
 * A worker in its own process on the harness's task queue, configured like the harness (database, Temporal,
 * policy, every partner), so a test can kill it with SIGKILL mid-activity. `env` adds to or overrides that
 * configuration (e.g. WORKER_QUEUES=workflows). Resolves once it polls.
 */
export async function spawnWorkerProcess(h: Harness, workers: ChildProcess[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const childEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...harnessEnv(h),
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    // Small, so several worker processes (and test files) share the machine and MySQL's connections.
    DATABASE_POOL_SIZE: '3',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '10',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '10',
    WORKER_PARTNER_MAX_CONCURRENT_ACTIVITIES: '10',
    ...env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'worker-process.ts')], { env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker-ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
  return child;
}
