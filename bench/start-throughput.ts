/**
 * `npm run bench:start`: how fast order journeys start through POST /v1/orders (real HTTP, auth, validation,
 * idempotent start) compared with a storefront calling the Temporal client directly with the same start request.
 * Env: BENCH_ORDERS (orders per phase, 300), BENCH_CONCURRENCY (requests in flight, 16).
 */
import { randomUUID } from 'node:crypto';
import { requestHash } from '../api/temporal';
import { Order } from '../entities';
import type { OrderInput } from '../workflows/order/messages';
import type { orderJourneyWorkflow } from '../workflows/order/workflow';
import { policyGroups, resolvePolicy } from '../workflows/policy';
import { CustomerId, JourneyStage, OrderId } from '../workflows/search-attributes';
import { closedLoop, combine, percentile, perRoundRatios, phaseHeader, phaseRows, printTable, ratePerSecond, type PhaseResult } from './load';
import { orderBody } from '../tests/support/orders';
import { envNumber, httpFloor, machine, runBench, say, terminateAll, waitUntil, type BenchEnv } from './setup';

const orders = envNumber('BENCH_ORDERS', 300);
const concurrency = envNumber('BENCH_CONCURRENCY', 16);
const warmUp = Math.min(orders, Math.max(4 * concurrency, 100));
const runId = randomUUID().slice(0, 8);

type Mode = 'api' | 'direct';

/** The start request the API makes for a body (defaults applied as its validator applies them), made directly. */
function startDirectly(env: BenchEnv, orderId: string) {
  const body = { ...orderBody({ orderId }), requiresSignature: false };
  const input: OrderInput = { ...body, placedAt: new Date().toISOString(), policy: policyGroups(resolvePolicy(env.config.policy), 'order', 'shipment', 'activities') };
  return env.client.workflow.start<typeof orderJourneyWorkflow>('orderJourneyWorkflow', {
    workflowId: `order-${orderId}`,
    taskQueue: env.config.temporal.taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: OrderId, value: orderId },
      { key: CustomerId, value: body.customer.id },
      { key: JourneyStage, value: 'confirmed' },
    ],
    staticSummary: `Order ${orderId}: ${body.items.length} line(s) to ${body.shippingAddress.country}`,
    memo: { requestHash: requestHash(body) },
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
}

let ordersStarted = 0;
const drainSeconds = new Map<PhaseResult, number>();

/**
 * One phase: `count` journeys started in `mode`, then (untimed) wait until the worker has recorded them all in
 * MySQL and terminate them, so the next phase starts on a quiet worker and server.
 */
async function phase(env: BenchEnv, label: string, mode: Mode, count: number): Promise<PhaseResult> {
  const ids = Array.from({ length: count }, (_, i) => `bench-${label.replace(/\W+/g, '').toLowerCase()}-${runId}-${i}`);
  const result = await closedLoop(label, count, concurrency, async (i) => {
    if (mode === 'api') await env.api('POST', '/v1/orders', orderBody({ orderId: ids[i] }), 201);
    else await startDirectly(env, ids[i]);
  });
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
  const floor = await httpFloor(env, orders, concurrency);
  const api = combine('A  API (both rounds)', results.filter((r) => r.label.startsWith('A')));
  const direct = combine('B  direct (both rounds)', results.filter((r) => r.label.startsWith('B')));
  const p50 = (r: PhaseResult) => percentile([...r.latencies].sort((a, b) => a - b), 50);

  console.log('');
  console.log('Starting order journeys: API over HTTP (A) vs the Temporal client directly (B), same start request');
  console.log(`  machine   ${machine()}`);
  console.log(`  stack     ${env.temporalLabel}, MariaDB/MySQL scratch db, 1 worker (sandbox partners), API ${env.baseUrl}`);
  console.log(`  load      ${orders} orders per phase, ${concurrency} in flight (closed loop), warm-up ${warmUp} per path, phases A B A B`);
  console.log('  timed     from request to 201 (A) / to workflow.start resolving (B); the worker recording the orders ("drain") is not timed');
  console.log('            H is the bare HTTP round trip (GET /healthz) at the same load, the floor under any API call here');
  console.log('');
  printTable(
    phaseHeader('orders', ['drain s']),
    phaseRows([...results, api, direct, floor], (r) => [drainSeconds.has(r) ? drainSeconds.get(r)!.toFixed(2) : '']),
  );
  console.log('');
  console.log(
    `API / direct throughput = ${(ratePerSecond(api) / ratePerSecond(direct)).toFixed(2)} (per round ${perRoundRatios(results)})  ` +
      `(API ${ratePerSecond(api).toFixed(1)} orders/s, direct ${ratePerSecond(direct).toFixed(1)} orders/s; ` +
      `p50 start latency API ${p50(api).toFixed(1)} ms vs direct ${p50(direct).toFixed(1)} ms)`,
  );
  console.log('');
});
