import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { loadConfig, type Config } from '../../lib/config';
import { openDatabase, type Orm } from '../../lib/database';
import { createLogger, type Logger } from '../../lib/logger';
import { temporalDataConverter } from '../../lib/payload-codec';
import { connectWorkerConnection, createTemporalClient } from '../../lib/runtime';
import { resolvePolicy, type PolicyOverrides } from '../../workflows/policy';
import { createWorker, entityWorkerOptions } from '../../workers/worker';
import { FakePartners } from './fake-partners';

/** One key per scope, plus `all`, listed under every scope: what `api()` sends unless told otherwise. */
export const TEST_KEYS = {
  storefront: 'test-storefront-key-0123456789',
  warehouse: 'test-warehouse-key-0123456789',
  operator: 'test-operator-key-0123456789',
  all: 'test-key-0123456789',
} as const;
export const TEST_API_KEY = TEST_KEYS.all;
/** The payload codec keys of test runs: `k1` encrypts, `k0` (an older key) still decrypts. */
export const TEST_PAYLOAD_CODEC_KEYS = `k1:${Buffer.alloc(32, 1).toString('base64')},k0:${Buffer.alloc(32, 7).toString('base64')}`;
export const testApiKeys = (['storefront', 'warehouse', 'operator'] as const).flatMap((scope) => [`${scope}:${TEST_KEYS[scope]}`, `${scope}:${TEST_KEYS.all}`]).join(',');
/** Headers that make `api()` call with one scope's key. */
export const asKey = (who: keyof typeof TEST_KEYS) => ({ Authorization: `Bearer ${TEST_KEYS[who]}` });
/** The operators' key: retry or settle a journey's refused steps. */
export const TEST_OPERATOR_KEY = TEST_KEYS.operator;

/** Short policy values so production logic runs in seconds. */
export const fastPolicy: PolicyOverrides = {
  order: { shipBySla: '1 hour', promisedDelivery: '1 hour', signatureGrace: '2 seconds' },
  shipment: { lateEventGrace: '1 second' },
  activities: { databaseActivityTimeout: '10 seconds', partnerActivityTimeout: '5 seconds', partnerRetryMaxInterval: '1 second', stepAlertAfter: '1 hour', failedStepWait: '1 hour' },
};

/** A JSON response as tests read it: a problem document's fields, or the resource's. */
export type ApiBody = Record<string, unknown> & { reason?: string; errors?: { field: string; reason: string }[] };

export interface Harness {
  config: Config;
  client: Client;
  orm: Orm;
  partners: FakePartners;
  taskQueue: string;
  /** The API's shutdown flag: set `draining` to see what a load balancer sees after SIGTERM. */
  lifecycle: { draining: boolean };
  /** Calls the API with a JSON body and the key holding every scope (`asKey(...)` in headers picks another). */
  api<T = ApiBody>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  /** Raw request to the API app. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The app's own fetch handler, to serve it with @hono/node-server as production does (real sockets). */
  fetch(request: Request): Response | Promise<Response>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** `Harness.api` for an app: JSON in and out, with the key holding every scope unless `headers` say otherwise. */
export function apiOf(app: { request(path: string, init: RequestInit): Response | Promise<Response> }): Harness['api'] {
  return async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  };
}

/**
 * Real Temporal, real MariaDB, the real API app and a real worker on a task queue of this test file's own;
 * only the outside partners are fakes (a local HTTP server).
 */
export async function createHarness(testFile: string, options: { policy?: PolicyOverrides; worker?: boolean; env?: Record<string, string>; logger?: Logger } = {}): Promise<Harness> {
  const partners = new FakePartners();
  const partnersUrl = await partners.start();
  const taskQueue = `test-${basename(testFile, '.test.ts')}-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_KEYS: testApiKeys,
    PAYLOAD_CODEC_KEYS: TEST_PAYLOAD_CODEC_KEYS,
    LOG_LEVEL: 'silent',
    AFTERCART_POLICY: JSON.stringify(resolvePolicy(fastPolicy, options.policy)),
    ...partners.env(partnersUrl),
    ...options.env,
  });
  const orm = await openDatabase(config.databaseUrl, { pool: 5 });
  const client = await createTemporalClient(config, config.temporal.address!);
  const lifecycle = { draining: false };
  const app = createApp({ config, temporal: client, orm, logger: options.logger ?? createLogger('silent'), lifecycle });

  let workers: Worker[] = [];
  let running: Promise<void> | undefined;
  const harness: Harness = {
    config,
    client,
    orm,
    partners,
    taskQueue,
    lifecycle,
    async request(path, init) {
      return app.request(path, init);
    },
    fetch: (request) => app.fetch(request),
    api: apiOf(app),
    async startWorker() {
      // The journeys' queue and, beside it, the customers' entity queue (as createConfiguredWorkers runs them).
      const common = {
        connection: await connectWorkerConnection(config, config.temporal.address!),
        namespace: config.temporal.namespace,
        workflowBundle: { codePath: inject('workflowBundlePath') },
        dataConverter: temporalDataConverter(config),
        orm,
        config,
        maxConcurrentActivities: 20,
        maxConcurrentWorkflowTasks: 20,
        shutdownGraceTime: '1 second',
      };
      workers = await Promise.all([createWorker({ ...common, taskQueue }), createWorker({ ...common, ...entityWorkerOptions(config) })]);
      running = Promise.all(workers.map((w) => w.run())).then(() => undefined);
    },
    async stopWorker() {
      workers.forEach((w) => w.shutdown());
      await running;
      workers = [];
    },
    async close() {
      await harness.stopWorker();
      await client.connection.close();
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
