import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { loadConfig, type Config } from '../../lib/config';
import { openDatabase, type Orm } from '../../lib/database';
import { createLogger } from '../../lib/logger';
import type { PolicyOverrides } from '../../workflows/policy';
import { createWorker } from '../../workers/worker';
import { FakePartners } from './fake-partners';

export const TEST_API_KEY = 'test-key-0123456789';

/** Short policy values so production logic runs in seconds. */
export const fastPolicy: PolicyOverrides = {
  shipBySla: '1 hour',
  promisedDelivery: '1 hour',
  signatureGrace: '2 seconds',
  shipmentLateEventGrace: '1 second',
  databaseActivityTimeout: '10 seconds',
  partnerActivityTimeout: '5 seconds',
  partnerRetryMaxInterval: '1 second',
};

/** A JSON response as tests read it: a problem document's fields, or the resource's. */
export type ApiBody = Record<string, unknown> & { reason?: string; errors?: { field: string; reason: string }[] };

export interface Harness {
  config: Config;
  client: Client;
  orm: Orm;
  partners: FakePartners;
  taskQueue: string;
  /** Calls the API as a storefront would (JSON body, API key). */
  api<T = ApiBody>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  /** Raw request to the API app. */
  request(path: string, init?: RequestInit): Promise<Response>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Real Temporal, real MariaDB, the real API app and a real worker on a task queue of this test file's own;
 * only the outside partners are fakes (a local HTTP server).
 */
export async function createHarness(testFile: string, options: { policy?: PolicyOverrides; worker?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const partners = new FakePartners();
  const partnersUrl = await partners.start();
  const taskQueue = `test-${basename(testFile, '.test.ts')}-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_KEYS: TEST_API_KEY,
    LOG_LEVEL: 'silent',
    AFTERCART_POLICY: JSON.stringify({ ...fastPolicy, ...options.policy }),
    ...partners.env(partnersUrl),
    ...options.env,
  });
  const orm = await openDatabase(config.databaseUrl, { pool: 5 });
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({ config, temporal: client, orm, logger: createLogger('silent') });

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const harness: Harness = {
    config,
    client,
    orm,
    partners,
    taskQueue,
    async request(path, init) {
      return app.request(path, init);
    },
    async api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await app.request(path, {
        method,
        headers: { Authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
    },
    async startWorker() {
      worker = await createWorker({
        connection: await NativeConnection.connect({ address: config.temporal.address! }),
        namespace: config.temporal.namespace,
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        orm,
        config,
        maxConcurrentActivities: 20,
        maxConcurrentWorkflowTasks: 20,
        shutdownGraceTime: '1 second',
      });
      running = worker.run();
    },
    async stopWorker() {
      worker?.shutdown();
      await running;
      worker = undefined;
    },
    async close() {
      await harness.stopWorker();
      await connection.close();
      await orm.close();
      await partners.stop();
    },
  };
  if (options.worker !== false) await harness.startWorker();
  return harness;
}

/** Polls until `check` returns a value without throwing (assertions inside are retried), or times out. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

export { uniqueId } from './ids';

/** Workflow executions matching a visibility query (Node 20 has no Array.fromAsync). */
export async function listWorkflows(h: Pick<Harness, 'client'>, query: string) {
  const runs = [];
  for await (const run of h.client.workflow.list({ query })) runs.push(run);
  return runs;
}
