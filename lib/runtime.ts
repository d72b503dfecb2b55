import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app';
import type { AppDeps } from '../api/context';
import type { Config } from './config';
import { tracingClientInterceptors } from './tracing';
import { temporalDataConverter } from './payload-codec';
import { temporalConnectionOptions } from './temporal-connection';
import { parseApiKeys, type ApiKey } from './keys';

/** Shared start-up pieces for `npm start` (everything in one process) and the separate api/worker entry points. */

/**
 * The SDK retries unavailable calls with back-off of up to 5 s; a retry scheduled just before a call's deadline
 * would hold the caller that long past it. Capping the back-off at 1 s keeps the API's answers near their deadline.
 */
const sdkRetry = defaultGrpcRetryOptions();
const retryWithinDeadlines = makeGrpcRetryInterceptor({
  retryableDecider: sdkRetry.retryableDecider,
  delayFunction: (attempt, status) => Math.min(1000, sdkRetry.delayFunction(attempt, status)),
});

/** A client with the configured TLS / API key and the payload codec (also used by tests and scripts). */
export async function createTemporalClient(config: Config, address: string, options: { lazy?: boolean } = {}): Promise<Client> {
  const connectionOptions = { ...temporalConnectionOptions(config.temporal.profile, address), connectTimeout: '10 seconds', interceptors: [retryWithinDeadlines] };
  // Lazy: connect on the first call (a test of an unreachable cluster); otherwise fail start-up if it is not there.
  const connection = options.lazy ? Connection.lazy(connectionOptions) : await Connection.connect(connectionOptions);
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter(config), interceptors: { workflow: tracingClientInterceptors() } });
}

export async function connectTemporalClient(config: Config, address: string): Promise<Client> {
  try {
    return await createTemporalClient(config, address);
  } catch (error) {
    throw new Error(
      `Cannot reach Temporal at TEMPORAL_ADDRESS=${address} (${(error as Error).message}).\n` +
        'Unset TEMPORAL_ADDRESS to start the embedded dev server, or point it at a running cluster (host:7233).',
    );
  }
}

export function connectWorkerConnection(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(config.temporal.profile, address));
}

/**
 * API_KEYS unset in development: a key with every scope is generated once, kept under the data folder and printed
 * at start. Production never gets here without keys (lib/config.ts refuses to start).
 */
export function ensureApiKeys(config: Config): { keys: ApiKey[]; generated?: string } {
  if (config.apiKeys.length > 0) return { keys: config.apiKeys };
  if (config.env === 'production') throw new Error('API_KEYS is required in production: list scoped keys as "storefront:<key>,warehouse:<key>,operator:<key>".');
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'dev-api-key');
  if (!existsSync(file)) writeFileSync(file, `dev_${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  const key = readFileSync(file, 'utf8').trim();
  return { keys: parseApiKeys([key]), generated: key };
}

export function serveApi(deps: AppDeps): Promise<ServerType> {
  const app = createApp(deps);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: deps.config.port }, () => resolve(server));
  });
}

/**
 * The first step of a graceful stop: readiness answers "draining" (503) while the server still serves, so a load
 * balancer takes this replica out before connections are refused; then the server closes.
 */
export async function drainAndClose(server: ServerType, lifecycle: { draining: boolean }, drainDelayMs: number): Promise<void> {
  lifecycle.draining = true;
  if (drainDelayMs > 0) {
    console.log(`Draining: readiness answers 503 for ${drainDelayMs} ms before the server closes...`);
    await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
  }
  await closeServer(server);
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Runs the cleanup chain once on SIGINT/SIGTERM; a second signal exits at once. */
export function onShutdown(cleanup: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal} received: shutting down gracefully (again to force)...`);
    cleanup().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
