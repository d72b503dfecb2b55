/**
 * `npm run bench:webhooks`: how fast carrier events are acknowledged through the signed generic webhook (real
 * HTTP, raw-body HMAC check, parsing, normalization, signal) compared with signalling the shipment workflow with
 * the Temporal client directly; then the acknowledgement latency a carrier sees at a steady request rate.
 * Env: BENCH_PARCELS (20), BENCH_EVENTS (events per closed-loop phase, 1000), BENCH_CONCURRENCY (16),
 * BENCH_RATE (requests/s in the steady phase, 100), BENCH_DURATION (seconds of the steady phase, 10).
 */
import { randomUUID } from 'node:crypto';
import { TrackingEventRecord } from '../entities';
import { trackingEventsSignal } from '../workflows/shipment/messages';
import { sendWebhook, shipParcels, type Parcel } from './parcels';
import { closedLoop, openLoop, percentile, perRoundRatios, phaseHeader, phaseRows, printTable, ratePerSecond, type PhaseResult } from './load';
import { apiCpuPerRequestMs, clientCpuPerRequestMs, combineMeasured, cpuCells, cpuHeader, envNumber, httpFloor, loadNow, machine, measured, runBench, say, terminateAll, waitUntil, type BenchEnv } from './setup';

const parcelCount = envNumber('BENCH_PARCELS', 20);
const eventsPerPhase = envNumber('BENCH_EVENTS', 1000);
const concurrency = envNumber('BENCH_CONCURRENCY', 16);
const steadyRate = envNumber('BENCH_RATE', 100);
const steadySeconds = envNumber('BENCH_DURATION', 10);
const warmUp = Math.min(eventsPerPhase, Math.max(8 * concurrency, 200));
const runId = randomUUID().slice(0, 8);

interface Scan {
  eventId: string;
  status: 'in_transit';
  occurredAt: string;
  location: string;
}

type Mode = 'webhook' | 'direct';

/** Every scan is a new in-transit event, later than the one before, so journeys stay open and nothing is a duplicate. */
let scansIssued = 0;
const firstScanAt = Date.now() - 24 * 3_600_000;
function nextScan(phase: string, index: number): Scan {
  scansIssued += 1;
  return { eventId: `${phase}-${runId}-${index}`, status: 'in_transit', occurredAt: new Date(firstScanAt + scansIssued * 1000).toISOString(), location: 'Leipzig, DE' };
}

/** The same event, normalized as the webhook normalizes it, signalled straight to the shipment workflow. */
function signalDirectly(env: BenchEnv, parcel: Parcel, scan: Scan): Promise<void> {
  return env.client.workflow.getHandle(parcel.shipmentId).signal(trackingEventsSignal, { events: [{ ...scan, eventId: `generic:${scan.eventId}`, provider: 'generic' }] });
}

let eventsSent = 0;
const drainSeconds = new Map<PhaseResult, number>();

/** Untimed: waits until the worker has recorded every event sent so far, so the next phase starts on a quiet system. */
async function drain(env: BenchEnv, result: PhaseResult): Promise<PhaseResult> {
  eventsSent += result.count;
  const drainMs = await waitUntil('the worker to record every event', async () => (await env.orm.em.fork().count(TrackingEventRecord, {})) >= eventsSent);
  drainSeconds.set(result, drainMs / 1000);
  return result;
}

function send(env: BenchEnv, parcels: Parcel[], mode: Mode, phase: string, index: number): Promise<void> {
  const parcel = parcels[Math.floor(Math.random() * parcels.length)];
  const scan = nextScan(phase, index);
  return mode === 'webhook' ? sendWebhook(env, parcel, [scan]).then(() => undefined) : signalDirectly(env, parcel, scan);
}

const closedPhase = async (env: BenchEnv, parcels: Parcel[], label: string, mode: Mode, count: number) =>
  drain(env, await measured(env, () => closedLoop(label, count, concurrency, (i) => send(env, parcels, mode, label.slice(0, 2), i))));

const steadyPhase = async (env: BenchEnv, parcels: Parcel[], label: string, mode: Mode) =>
  drain(env, await measured(env, () => openLoop(label, steadyRate, steadySeconds * 1000, (i) => send(env, parcels, mode, label.slice(0, 2), i))));

runBench('webhooks', async (env) => {
  say(`Shipping ${parcelCount} parcels (one order each)...`);
  const parcels = await shipParcels(env, parcelCount, `BW${runId}`, concurrency);
  say(`Warm-up: ${warmUp} events through each path...`);
  await closedPhase(env, parcels, 'wa warm-up', 'webhook', warmUp);
  await closedPhase(env, parcels, 'wb warm-up', 'direct', warmUp);

  const results: PhaseResult[] = [];
  for (const round of [1, 2]) {
    say(`Round ${round}: ${eventsPerPhase} events through the webhook, then ${eventsPerPhase} as direct signals...`);
    results.push(await closedPhase(env, parcels, `A${round} webhook  POST /v1/webhooks/carriers/generic`, 'webhook', eventsPerPhase));
    results.push(await closedPhase(env, parcels, `B${round} direct   handle.signal(trackingEvents)`, 'direct', eventsPerPhase));
  }
  const floor = await measured(env, () => httpFloor(env, eventsPerPhase, concurrency));
  const webhook = combineMeasured('A  webhook (both rounds)', results.filter((r) => r.label.startsWith('A')));
  const direct = combineMeasured('B  direct (both rounds)', results.filter((r) => r.label.startsWith('B')));

  say(`Steady rate: ${steadyRate} requests/s for ${steadySeconds} s through the webhook, then the same as direct signals...`);
  const steadyWebhook = await steadyPhase(env, parcels, 'C  webhook at a fixed rate', 'webhook');
  const steadyDirect = await steadyPhase(env, parcels, "C' direct signal at the same rate", 'direct');

  say('Terminating the benchmark journeys and shipments...');
  await terminateAll(env.client, [...parcels.map((p) => `order-${p.orderId}`), ...parcels.map((p) => p.shipmentId)], concurrency);

  const p99 = (r: PhaseResult) => percentile([...r.latencies].sort((a, b) => a - b), 99);
  const drained = (r: PhaseResult) => [...cpuCells(r), drainSeconds.has(r) ? drainSeconds.get(r)!.toFixed(2) : ''];
  console.log('');
  console.log('Ingesting carrier events: signed generic webhook over HTTP (A) vs signalling the shipment workflow directly (B)');
  console.log(`  machine   ${machine()}`);
  console.log(`  stack     ${env.temporalLabel}, MariaDB/MySQL scratch db, ${env.stackLabel}; sandbox partners`);
  console.log(`  load      ${parcelCount} open shipments; one new in_transit event per request for a random parcel; warm-up ${warmUp} per path`);
  console.log('  timed     request to 202 (A) / signal() resolving (B): both mean "durably in the workflow history"; the worker recording the events in MySQL ("drain") is not timed');
  console.log('            H is the bare HTTP round trip (GET /healthz) at the same load, the floor under any webhook here');
  console.log('  cpu       API cpu: the API processes\' process_cpu_seconds_total over the phase / requests; client cpu: this load generator\'s process.cpuUsage() / requests');
  console.log('');
  console.log(`Throughput, closed loop: ${eventsPerPhase} events per phase, ${concurrency} in flight, phases A B A B`);
  printTable(phaseHeader('events', [...cpuHeader, 'drain s']), phaseRows([...results, webhook, direct, floor], drained));
  console.log(`  webhook / direct throughput = ${(ratePerSecond(webhook) / ratePerSecond(direct)).toFixed(2)} (per round ${perRoundRatios(results)})  (webhook ${ratePerSecond(webhook).toFixed(1)} events/s, direct ${ratePerSecond(direct).toFixed(1)} events/s)`);
  console.log(`  API CPU per webhook = ${apiCpuPerRequestMs(webhook).toFixed(2)} ms; direct client CPU per signal = ${clientCpuPerRequestMs(direct).toFixed(2)} ms  (${loadNow()})`);
  console.log('');
  console.log(`Acknowledgement latency, open loop: ${steadyRate} requests/s on a fixed schedule for ${steadySeconds} s (latency counted from each request's due time)`);
  printTable(phaseHeader('events', [...cpuHeader, 'drain s']), phaseRows([steadyWebhook, steadyDirect], drained));
  console.log(`  webhook p99 ack = ${p99(steadyWebhook).toFixed(1)} ms  (direct signal p99 ${p99(steadyDirect).toFixed(1)} ms; ratio ${(p99(steadyWebhook) / p99(steadyDirect)).toFixed(2)})  (${loadNow()})`);
  console.log('');
});
