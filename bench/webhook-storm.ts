/**
 * `npm run bench:storm`: a carrier storm. BENCH_STORM_EVENTS webhook deliveries (20,000) for BENCH_STORM_PARCELS
 * open shipments (200), every event delivered twice in a shuffled order (duplicates and out-of-order arrivals, as
 * AfterShip's retries and EasyPost's backlog replays deliver them), BENCH_STORM_CONCURRENCY (64) in flight. A
 * second set of parcels gets the same events once each, in order, one at a time per parcel: the reference.
 * Passes when every webhook is acknowledged (0 errors) and every storm shipment's queried state equals its
 * reference twin's. BENCH_CPU_PROFILE=<dir> runs the API processes with --cpu-prof into that folder (bench/setup.ts).
 */
import { randomUUID } from 'node:crypto';
import { TrackingEventRecord } from '../entities';
import type { GenericEvent } from '../tests/support/webhooks';
import { shipmentStatusQuery, type ShipmentView } from '../workflows/shipment/messages';
import { closedLoop, phaseHeader, phaseRows, printTable, ratePerSecond } from './load';
import { sendWebhook, shipParcels, type Parcel } from './parcels';
import { apiCpuPerRequestMs, cpuCells, cpuHeader, envNumber, loadNow, machine, measured, runBench, say, terminateAll, waitUntil, type BenchEnv } from './setup';

const parcelCount = envNumber('BENCH_STORM_PARCELS', 200);
const deliveryCount = envNumber('BENCH_STORM_EVENTS', 20_000);
const concurrency = envNumber('BENCH_STORM_CONCURRENCY', 64);
/** Each event is delivered twice: half of the deliveries are duplicates. */
const eventsPerParcel = Math.max(2, Math.round(deliveryCount / 2 / parcelCount));
const runId = randomUUID().slice(0, 6);
const locations = ['Leipzig, DE', 'Hamburg, DE', 'Kassel, DE', 'Frankfurt, DE', 'Köln, DE'];

/** A parcel's story, the same for its storm and reference twins: in-transit scans, then out for delivery. */
function storyOf(parcel: number, tag: string): GenericEvent[] {
  const firstScanAt = Date.parse('2026-11-20T08:00:00Z') + parcel * 1000;
  return Array.from({ length: eventsPerParcel }, (_, n): GenericEvent => ({
    eventId: `${tag}-${parcel}-${n}`,
    status: n === eventsPerParcel - 1 ? 'out_for_delivery' : 'in_transit',
    occurredAt: new Date(firstScanAt + n * 60_000).toISOString(),
    location: locations[n % locations.length],
  }));
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** What a customer or an operator sees of a shipment, without the names that differ between the twins. */
function comparable(view: ShipmentView, tag: string): string {
  const rest: Partial<ShipmentView> = { ...view };
  delete rest.shipmentId;
  delete rest.orderId;
  delete rest.trackingNumber;
  return JSON.stringify(rest).replaceAll(`generic:${tag}-`, 'generic:');
}

const recorded = (env: BenchEnv, parcels: Parcel[]) => env.orm.em.fork().count(TrackingEventRecord, { shipmentId: { $in: parcels.map((p) => p.shipmentId) } });

runBench('storm', async (env) => {
  say(`Shipping 2 x ${parcelCount} parcels (storm and reference twins)...`);
  const storm = await shipParcels(env, parcelCount, `ST${runId}`, 8);
  const reference = await shipParcels(env, parcelCount, `RF${runId}`, 8);

  say(`Reference: ${eventsPerParcel} events per parcel delivered once each, in order...`);
  await closedLoop('reference', parcelCount, 16, async (k) => {
    for (const event of storyOf(k, 'rf')) await sendWebhook(env, reference[k], [event]);
  });

  const plan = shuffle(storm.flatMap((parcel, k) => storyOf(k, 'st').flatMap((event) => [{ parcel, event }, { parcel, event }])));
  say(`Storm: ${plan.length} deliveries (${plan.length / 2} events, each twice, shuffled), ${concurrency} in flight... (${loadNow()})`);
  const answers = { delivered: 0, already_known: 0 };
  const result = await measured(env, () =>
    closedLoop('S  storm  POST /v1/webhooks/carriers/generic', plan.length, concurrency, async (i) => {
      answers[await sendWebhook(env, plan[i].parcel, [plan[i].event], ['delivered', 'already_known'])] += 1;
    }),
  );

  const expected = parcelCount * eventsPerParcel;
  const drainMs = await waitUntil('the worker to record every storm event', async () => (await recorded(env, storm)) >= expected && (await recorded(env, reference)) >= expected, 600_000);
  const stormRecorded = await recorded(env, storm);

  say('Comparing every storm shipment with its reference twin...');
  const differing: string[] = [];
  for (let k = 0; k < parcelCount; k++) {
    const [stormView, referenceView] = await Promise.all([
      env.client.workflow.getHandle(storm[k].shipmentId).query(shipmentStatusQuery),
      env.client.workflow.getHandle(reference[k].shipmentId).query(shipmentStatusQuery),
    ]);
    if (comparable(stormView, 'st') !== comparable(referenceView, 'rf')) differing.push(storm[k].shipmentId);
    if (differing.length === 1 && differing[0] === storm[k].shipmentId) {
      console.log(`  first difference: ${storm[k].shipmentId}\n    storm     ${comparable(stormView, 'st').slice(0, 600)}\n    reference ${comparable(referenceView, 'rf').slice(0, 600)}`);
    }
  }

  say('Terminating the benchmark journeys and shipments...');
  await terminateAll(env.client, [...storm, ...reference].flatMap((p) => [`order-${p.orderId}`, p.shipmentId]), 16);

  console.log('');
  console.log('A webhook storm: every event delivered twice, shuffled, through the signed generic webhook');
  console.log(`  machine   ${machine()}`);
  console.log(`  stack     ${env.temporalLabel}, MariaDB/MySQL scratch db, ${env.stackLabel}; sandbox partners`);
  console.log(`  load      ${parcelCount} open shipments x ${eventsPerParcel} events, ${plan.length} deliveries, ${concurrency} in flight (closed loop)`);
  console.log('');
  printTable(phaseHeader('webhooks', cpuHeader), phaseRows([result], cpuCells));
  console.log('');
  console.log(`  errors: 0 (a single failed or undelivered webhook stops the run); answered delivered ${answers.delivered}, already_known ${answers.already_known} (duplicates the shipment had recorded, not signalled again)`);
  console.log(`  events recorded in MySQL: ${stormRecorded} of ${expected} distinct (duplicates recorded once); worker drained ${(drainMs / 1000).toFixed(1)} s after the last ack`);
  console.log(`  shipments whose queried state differs from the same events delivered once: ${differing.length} of ${parcelCount}`);
  console.log(`  storm: ${ratePerSecond(result).toFixed(1)} webhooks/s, API CPU per webhook ${apiCpuPerRequestMs(result).toFixed(2)} ms  (${loadNow()})`);
  console.log('');
  if (differing.length > 0 || stormRecorded !== expected) throw new Error(`storm and reference differ: ${differing.slice(0, 5).join(', ')}; recorded ${stormRecorded} of ${expected}`);
});
