import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { TEST_PAYLOAD_CODEC_KEYS, type Harness } from './harness';

/** opsAlerts -> OPS_ALERTS_BASE_URL: the environment variable of each configured partner's base URL. */
function partnerEnv(h: Harness): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h.config.partners)
      .filter(([, endpoint]) => endpoint.baseUrl)
      .map(([name, endpoint]) => [`${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_BASE_URL`, endpoint.baseUrl!]),
  );
}

/**
 * A worker in its own process on the harness's task queue, configured like the harness (database, Temporal,
 * policy, every partner), so a test can kill it with SIGKILL mid-activity. Resolves once it polls.
 */
export async function spawnWorkerProcess(h: Harness, workers: ChildProcess[]): Promise<ChildProcess> {
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    // Several worker processes (and test files) run at once: no shared metrics port.
    WORKER_METRICS_PORT: '0',
    DATABASE_URL: h.config.databaseUrl,
    TEMPORAL_ADDRESS: h.config.temporal.address,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
    PAYLOAD_CODEC_KEYS: TEST_PAYLOAD_CODEC_KEYS,
    AFTERCART_POLICY: JSON.stringify(h.config.policy),
    ...partnerEnv(h),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'worker-process.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker-ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
  return child;
}
