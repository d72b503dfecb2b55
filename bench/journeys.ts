/**
 * `npm run bench:journeys`: BENCH_JOURNEYS (1,000) full journeys at once, each driven over HTTP as a storefront,
 * a warehouse and a carrier drive it: order -> shipped (one parcel) -> 5 in-transit scans -> delivered, then the
 * journey hands off to post-purchase (the customer's record and the feedback request). None may be lost: every
 * order must end `delivered` and its feedback workflow must exist. Then a no-op baseline runs as many journeys with
 * the same number of workflow and activity tasks each (measured from the production worker's own SDK counters),
 * on a baseline worker process with the same settings. The ratio compares our work with Temporal's floor.
 * Env: BENCH_JOURNEYS (1000), BENCH_JOURNEY_CONCURRENCY (journeys in flight, default all of them).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { orderBody } from '../tests/support/orders';
import { feedbackWorkflowId } from '../workflows/feedback/messages';
import type { OrderOutcome } from '../workflows/order/messages';
import type { baselineJourneyWorkflow } from './baseline/workflows';
import { closedLoop, phaseHeader, phaseRows, printTable, ratePerSecond, type PhaseResult } from './load';
import { retriedAfter503, retrying, sendWebhook, type Parcel } from './parcels';
import { cpuCells, cpuHeader, envNumber, loadNow, machine, measured, runBench, say, waitUntil, type BenchEnv } from './setup';
import { pollerCount, procCpuSeconds, procRssMb, waitFor, workerTaskCounts } from './topology';
import { shipmentWorkflowId } from '../workflows/shipment/messages';

const journeys = envNumber('BENCH_JOURNEYS', 1000);
const concurrency = envNumber('BENCH_JOURNEY_CONCURRENCY', journeys);
const runId = randomUUID().slice(0, 6);

/**
 * How the load generator looks for a journey's next workflow: at first after half a second, then less and less
 * often. Polling 1,000 journeys every 100 ms would put 10,000 describe calls a second on the server being measured.
 */
const gentle = { intervalMs: 500, maxIntervalMs: 3000 };

const exists = (client: Client, workflowId: string) => client.workflow.getHandle(workflowId).describe().then(() => true, () => false);

/** One journey from the order to the hand-off, as the outside world drives it. Throws if anything is lost. */
async function journey(env: BenchEnv, k: number): Promise<void> {
  const orderId = `bench-jr-${runId}-${k}`;
  const trackingNumber = `JR${runId}${k}`;
  const parcel: Parcel = { orderId, carrier: 'dhl', trackingNumber, shipmentId: shipmentWorkflowId('dhl', trackingNumber) };
  const body = orderBody({ orderId });
  await retrying(() => env.api('POST', '/v1/orders', body, [201, 200]));
  const items = body.items.map(({ sku, quantity }) => ({ sku, quantity }));
  await retrying(() => env.api('POST', `/v1/orders/${orderId}/fulfillment-events`, { eventId: `wms-${orderId}`, type: 'shipped', occurredAt: new Date().toISOString(), parcels: [{ carrier: 'dhl', trackingNumber, items }] }, 200));
  // A carrier's first scan comes well after the warehouse's "shipped"; wait until the parcel is being tracked.
  await waitUntil(`${parcel.shipmentId} to start`, () => exists(env.client, parcel.shipmentId), 600_000, gentle);
  const firstScanAt = Date.now() - 3_600_000;
  for (let n = 0; n < 6; n++) {
    const status = n < 5 ? 'in_transit' : 'delivered';
    await retrying(() => sendWebhook(env, parcel, [{ eventId: `${orderId}-${n}`, status, occurredAt: new Date(firstScanAt + n * 60_000).toISOString(), location: 'Berlin, DE' }]));
  }
  const outcome = (await env.client.workflow.getHandle(`order-${orderId}`).result()) as OrderOutcome;
  if (outcome.result !== 'delivered') throw new Error(`order ${orderId} ended ${outcome.result}, expected delivered`);
  await waitUntil(`the feedback request for ${orderId}`, () => exists(env.client, feedbackWorkflowId(orderId)), 600_000, gentle);
}

async function tasksOf(urls: string[]) {
  const counts = await Promise.all(urls.map(workerTaskCounts));
  return { workflowTasks: counts.reduce((s, c) => s + c.workflowTasks, 0), activityTasks: counts.reduce((s, c) => s + c.activityTasks, 0) };
}

runBench('journeys', async (env) => {
  const workerUrls = env.topology.workers.map((w) => w.metricsUrl!);
  const rssBefore = env.topology.workers.map((w) => procRssMb(w.process.pid!));
  say(`${journeys} full journeys, ${concurrency} in flight (${loadNow()})...`);
  const tasksBefore = await tasksOf(workerUrls);
  const full = await measured(env, () => closedLoop('J  full journeys (HTTP, production worker)', journeys, concurrency, (k) => journey(env, k)));
  const tasksAfter = await tasksOf(workerUrls);
  const workflowTasks = (tasksAfter.workflowTasks - tasksBefore.workflowTasks) / journeys;
  const activityTasks = (tasksAfter.activityTasks - tasksBefore.activityTasks) / journeys;
  const rssAfter = env.topology.workers.map((w) => procRssMb(w.process.pid!));

  say(`Baseline: ${journeys} no-op workflows with ${workflowTasks.toFixed(1)} workflow tasks and ${activityTasks.toFixed(1)} activity tasks each (${loadNow()})...`);
  const baselineQueue = `${env.config.temporal.taskQueue}-baseline`;
  const baselineWorker = env.topology.spawnRole('baseline-worker', 'bench/baseline/worker.ts', { TEMPORAL_TASK_QUEUE: baselineQueue, WORKER_METRICS_PORT: '0' });
  await Promise.race([
    waitFor('the baseline worker to poll', async () => (await pollerCount(env.client, env.config.temporal.namespace, baselineQueue)) >= 1),
    new Promise((_, reject) => baselineWorker.process.once('exit', (code) => reject(new Error(`baseline worker exited with ${code}; see ${baselineWorker.logFile}`)))),
  ]);
  const input = { activities: Math.round(activityTasks), workflowTasks: Math.round(workflowTasks) };
  const baselineCpuBefore = procCpuSeconds(baselineWorker.process.pid!);
  const baseline = await measured(env, () =>
    closedLoop('N  no-op baseline (same tasks per journey)', journeys, concurrency, (k) =>
      env.client.workflow
        .execute<typeof baselineJourneyWorkflow>('baselineJourneyWorkflow', { workflowId: `baseline-${runId}-${k}`, taskQueue: baselineQueue, args: [input] })
        .then(() => undefined),
    ),
  );
  const baselineWorkerMs = ((procCpuSeconds(baselineWorker.process.pid!) - baselineCpuBefore) * 1000) / journeys;

  console.log('');
  console.log('Full journeys at once: order -> shipped -> 5 scans -> delivered -> hand-off, against a no-op baseline');
  console.log(`  machine   ${machine()}`);
  console.log(`  stack     ${env.temporalLabel}, MariaDB/MySQL scratch db, ${env.stackLabel}; sandbox partners`);
  console.log(`  load      ${journeys} journeys, ${concurrency} in flight; each 8 HTTP requests (order, shipped, 6 signed webhooks), then its result`);
  console.log(`  tasks     per journey (all its workflows: order, shipment, customer, feedback): ${workflowTasks.toFixed(1)} workflow tasks, ${activityTasks.toFixed(1)} activity tasks`);
  console.log('');
  printTable(phaseHeader('journeys', cpuHeader), phaseRows([full, baseline] as PhaseResult[], cpuCells));
  console.log(`  cpu       ms per journey; on row N the "worker cpu" column is the idle production worker: the baseline worker used ${baselineWorkerMs.toFixed(2)} ms per journey`);
  console.log('');
  console.log(`  503 answers retried (Temporal busy; each retried after 2 s as a client would): ${retriedAfter503}`);
  console.log(`  lost: 0 of ${journeys} (every order ended delivered and has its feedback request; any other outcome stops the run)`);
  console.log(`  worker RSS ${rssBefore.map((r) => r.toFixed(0)).join('+')} MB before, ${rssAfter.map((r) => r.toFixed(0)).join('+')} MB after the journeys`);
  console.log(`journeys / no-op baseline throughput = ${(ratePerSecond(full) / ratePerSecond(baseline)).toFixed(2)}  (journeys ${ratePerSecond(full).toFixed(1)}/s, baseline ${ratePerSecond(baseline).toFixed(1)}/s; ${loadNow()})`);
  console.log('');
});
