/**
 * `npm run bench:start`: how fast order journeys start through POST /v1/orders (real HTTP, auth, validation,
 * idempotent start) compared with a storefront calling the Temporal client directly with the same start request.
 * Env: BENCH_ORDERS (orders per phase, 300), BENCH_CONCURRENCY (requests in flight, 16).
 */
import { randomUUID } from 'node:crypto';
import { Order } from '../entities';
import { closedLoop, percentile, perRoundRatios, phaseHeader, phaseRows, printTable, ratePerSecond, type PhaseResult } from './load';
import { orderBody } from '../tests/support/orders';
import { startOrderDirectly } from './direct';
import { apiCpuPerRequestMs, clientCpuPerRequestMs, combineMeasured, cpuCells, cpuHeader, envNumber, httpFloor, loadNow, machine, measured, runBench, say, terminateAll, waitUntil, type BenchEnv } from './setup';

const orders = envNumber('BENCH_ORDERS', 300);
const concurrency = envNumber('BENCH_CONCURRENCY', 16);
const warmUp = Math.min(orders, Math.max(4 * concurrency, 100));
const runId = randomUUID().slice(0, 8);

type Mode = 'api' | 'direct';

let ordersStarted = 0;
const drainSeconds = new Map<PhaseResult, number>();

/**
 * One phase: `count` journeys started in `mode`, then (untimed) wait until the worker has recorded them all in
 * MySQL and terminate them, so the next phase starts on a quiet worker and server.
 */
async function phase(env: BenchEnv, label: string, mode: Mode, count: number): Promise<PhaseResult> {
  const ids = Array.from({ length: count }, (_, i) => `bench-${label.replace(/\W+/g, '').toLowerCase()}-${runId}-${i}`);
  const result = await measured(env, () =>
    closedLoop(label, count, concurrency, async (i) => {
      if (mode === 'api') await env.api('POST', '/v1/orders', orderBody({ orderId: ids[i] }), 201);
      else await startOrderDirectly(env, ids[i]);
    }),
  );
  ordersStarted += count;
  const drainMs = await waitUntil('the worker to record every started order', async () => (await env.orm.em.fork().count(Order, {})) >= ordersStarted);
  drainSeconds.set(result, drainMs / 1000);
  await terminateAll(env.client, ids.map((id) => `order-${id}`), concurrency);
  return result;
}

runBench('start', async (env) => {
  say(`Warm-up: ${warmUp} orders through each path...`);
  await phase(env, 'warm-up API', 'api', warmUp);
  await phase(env, 'warm-up direct', 'direct', warmUp);

  const results: PhaseResult[] = [];
  for (const round of [1, 2]) {
    say(`Round ${round}: ${orders} orders through the API, then ${orders} through the client...`);
    results.push(await phase(env, `A${round} API  POST /v1/orders`, 'api', orders));
    results.push(await phase(env, `B${round} direct workflow.start`, 'direct', orders));
  }
  const floor = await measured(env, () => httpFloor(env, orders, concurrency));
  const api = combineMeasured('A  API (both rounds)', results.filter((r) => r.label.startsWith('A')));
  const direct = combineMeasured('B  direct (both rounds)', results.filter((r) => r.label.startsWith('B')));
  const p50 = (r: PhaseResult) => percentile([...r.latencies].sort((a, b) => a - b), 50);

  console.log('');
  console.log('Starting order journeys: API over HTTP (A) vs the Temporal client directly (B), same start request');
  console.log(`  machine   ${machine()}`);
  console.log(`  stack     ${env.temporalLabel}, MariaDB/MySQL scratch db, ${env.stackLabel}; sandbox partners`);
  console.log(`  load      ${orders} orders per phase, ${concurrency} in flight (closed loop), warm-up ${warmUp} per path, phases A B A B`);
  console.log('  timed     from request to 201 (A) / to workflow.start resolving (B); the worker recording the orders ("drain") is not timed');
  console.log('            H is the bare HTTP round trip (GET /healthz) at the same load, the floor under any API call here');
  console.log('  cpu       API cpu: the API processes\' process_cpu_seconds_total over the phase / requests; client cpu: this load generator\'s process.cpuUsage() / requests');
  console.log('');
  printTable(
    phaseHeader('orders', [...cpuHeader, 'drain s']),
    phaseRows([...results, api, direct, floor], (r) => [...cpuCells(r), drainSeconds.has(r) ? drainSeconds.get(r)!.toFixed(2) : '']),
  );
  console.log('');
  console.log(
    `API / direct throughput = ${(ratePerSecond(api) / ratePerSecond(direct)).toFixed(2)} (per round ${perRoundRatios(results)})  ` +
      `(API ${ratePerSecond(api).toFixed(1)} orders/s, direct ${ratePerSecond(direct).toFixed(1)} orders/s; ` +
      `p50 start latency API ${p50(api).toFixed(1)} ms vs direct ${p50(direct).toFixed(1)} ms)`,
  );
  console.log(`API CPU per order start = ${apiCpuPerRequestMs(api).toFixed(2)} ms; direct client CPU per workflow.start = ${clientCpuPerRequestMs(direct).toFixed(2)} ms  (${loadNow()})`);
  console.log('');
});
