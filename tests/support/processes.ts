import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { eventually, TEST_API_KEY, TEST_PAYLOAD_CODEC_KEYS, testApiKeys, type Harness } from './harness';
import { freePort } from './ports';

/** opsAlerts -> OPS_ALERTS_BASE_URL: the environment variable of each configured partner's base URL. */
function partnerEnv(h: Harness): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h.config.partners)
      .filter(([, endpoint]) => endpoint.baseUrl)
      .map(([name, endpoint]) => [`${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_BASE_URL`, endpoint.baseUrl!]),
  );
}

/**
 * The environment that configures a separate process like the harness: its database, Temporal, task queue,
 * payload codec keys, API keys, policy and every partner. Several processes (and test files) run at once, so
 * none of them takes the worker metrics port.
 */
export function harnessEnv(h: Harness): Record<string, string> {
  return {
    DATABASE_URL: h.config.databaseUrl,
    TEMPORAL_ADDRESS: h.config.temporal.address!,
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    PAYLOAD_CODEC_KEYS: TEST_PAYLOAD_CODEC_KEYS,
    API_KEYS: testApiKeys,
    AFTERCART_POLICY: JSON.stringify(h.config.policy),
    WORKER_METRICS_PORT: '0',
    ...partnerEnv(h),
  };
}

export interface ApiProcess {
  process: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * `api/main.ts` in its own process on a random port, as a deployment runs it (`npm run api`): by default against the
 * test run's database and Temporal with the all-scopes test key; `env` overrides (e.g. harnessEnv(h)). Resolves
 * once GET /readyz answers 200. The process is added to `processes` so the test can kill what it started.
 */
export async function spawnApiProcess(env: Record<string, string>, processes: ChildProcess[]): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'api', 'main.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      API_KEYS: TEST_API_KEY,
      PAYLOAD_CODEC_KEYS: TEST_PAYLOAD_CODEC_KEYS,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  processes.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    await eventually(async () => {
      if (exitCode !== undefined) return; // no use waiting
      const { status } = await fetch(`${base}/readyz`);
      if (status !== 200) throw new Error(`readyz answered ${status}`);
    }, 90_000, 250);
    if (exitCode !== undefined) throw new Error(`the API process exited before it was ready (${exitCode})`);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { process: child, base, exited };
}
