import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app';
import type { AppDeps } from '../api/context';
import type { Config } from './config';

/** Shared start-up pieces for `npm start` (everything in one process) and the separate api/worker entry points. */

export async function connectTemporalClient(config: Config, address: string): Promise<Client> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '10 seconds' });
    return new Client({ connection, namespace: config.temporal.namespace });
  } catch (error) {
    throw new Error(
      `Cannot reach Temporal at TEMPORAL_ADDRESS=${address} (${(error as Error).message}).\n` +
        'Unset TEMPORAL_ADDRESS to start the embedded dev server, or point it at a running cluster (host:7233).',
    );
  }
}

export function connectWorkerConnection(address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address });
}

/** API_KEYS unset in development: a key is generated once, kept under the data folder and printed at start. */
export function ensureApiKeys(config: Config): { keys: string[]; generated?: string } {
  if (config.apiKeys.length > 0) return { keys: config.apiKeys };
  if (config.env === 'production') throw new Error('API_KEYS is required in production: set a comma-separated list of keys.');
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'dev-api-key');
  if (!existsSync(file)) writeFileSync(file, `dev_${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  const key = readFileSync(file, 'utf8').trim();
  return { keys: [key], generated: key };
}

export function serveApi(deps: AppDeps): Promise<ServerType> {
  const app = createApp(deps);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: deps.config.port }, () => resolve(server));
  });
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
