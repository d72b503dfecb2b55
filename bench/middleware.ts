/**
 * `npm run bench:middleware`: what the API's own per-request layers cost (request id, child logger and request log
 * line, Prometheus histogram, Temporal deadline, body limit, tracing hook), in one process and without HTTP:
 * `GET /healthz` through the real app (createApp) against the same route on a bare Hono app, CPU time per
 * request (process.cpuUsage), alternating rounds. The request log goes to a file, synchronously, as in production.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../api/app';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';

const requests = Number(process.env.BENCH_REQUESTS ?? 20_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

type App = { request: (path: string) => Response | Promise<Response> };

async function cpuPerRequestUs(app: App): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < requests; i++) await (await app.request('/healthz')).text();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / requests;
}

async function main() {
  const logFile = join(mkdtempSync(join(tmpdir(), 'aftercart-bench-')), 'requests.log');
  const config = loadConfig({ API_KEYS: 'storefront:bench-storefront-key-0123456789' });
  // /healthz never calls Temporal: a lazy connection that is never opened is enough for the deadline middleware.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const logger = createLogger('info', pino.destination({ dest: logFile, sync: true }));
  const full = createApp({ config, temporal, orm: {} as never, logger, lifecycle: { draining: false } });
  const bare = new OpenAPIHono().get('/healthz', (c) => c.json({ status: 'ok' }, 200));

  console.log(`bench:middleware  ${requests} requests per phase, ${rounds} rounds, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, log ${logFile}`);
  await cpuPerRequestUs(full); // warm-up
  await cpuPerRequestUs(bare);
  for (let round = 1; round <= rounds; round++) {
    const b = await cpuPerRequestUs(bare);
    const f = await cpuPerRequestUs(full);
    console.log(`round ${round}: bare Hono ${b.toFixed(1)} us/req, Aftercart app ${f.toFixed(1)} us/req, our layers add ${(f - b).toFixed(1)} us/req (x${(f / b).toFixed(2)})`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
