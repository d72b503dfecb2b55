/**
 * `npm run bench:memory`: the worker's memory with many open journeys. BENCH_OPEN_JOURNEYS (10,000) journeys are
 * started (the storefront's start request, sent with the client to keep the load generator light), each by a
 * customer of its own, in batches of BENCH_MEMORY_BATCH (500) and left open (waiting for the warehouse). After each
 * batch the worker has recorded (the orders, and each customer's projection), the worker's RSS and its sticky cache sizes (temporal_sticky_cache_size, per task
 * queue: the journeys' queue and `<queue>-entities`, where customers run) are sampled. The worker runs with
 * WORKER_MAX_CACHED_WORKFLOWS=BENCH_MAX_CACHED (1000) and, when set, WORKER_ENTITY_MAX_CACHED_WORKFLOWS=
 * BENCH_ENTITY_MAX_CACHED: while the journeys' cache fills, RSS growth per open journey is what one cached journey
 * costs (with whatever of its customer stays cached); once it is full, RSS should stay flat.
 */
import { randomUUID } from 'node:crypto';
import { Customer, Order } from '../entities';
import { closedLoop, printTable } from './load';
import { startOrderDirectly } from './direct';
import { envNumber, loadNow, machine, runBench, say, waitUntil } from './setup';
import { procRssMb } from './topology';

const openJourneys = envNumber('BENCH_OPEN_JOURNEYS', 10_000);
const batch = envNumber('BENCH_MEMORY_BATCH', 500);
const maxCached = envNumber('BENCH_MAX_CACHED', 1000);
const entityMaxCached = process.env.BENCH_ENTITY_MAX_CACHED ? envNumber('BENCH_ENTITY_MAX_CACHED', 100) : undefined;
const runId = randomUUID().slice(0, 6);

/** Cached workflows per task queue of the worker. */
async function cacheSizes(metricsUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const sizes = new Map<string, number>();
  for (const line of text.split('\n').filter((l) => l.startsWith('temporal_sticky_cache_size'))) {
    const queue = /task_queue="([^"]*)"/.exec(line)?.[1] ?? '?';
    sizes.set(queue, (sizes.get(queue) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return sizes;
}

interface Sample {
  journeys: number;
  /** Cached on the journeys' queue, and on the entity queue (customers). */
  cachedJourneyQueue: number;
  cachedEntityQueue: number;
  rssMb: number;
  load: string;
}

runBench(
  'memory',
  async (env) => {
    const worker = env.topology.workers[0];
    const queue = env.config.temporal.taskQueue;
    const sample = async (journeys: number): Promise<Sample> => {
      const sizes = await cacheSizes(worker.metricsUrl!);
      return { journeys, cachedJourneyQueue: sizes.get(queue) ?? 0, cachedEntityQueue: sizes.get(`${queue}-entities`) ?? 0, rssMb: procRssMb(worker.process.pid!), load: loadNow() };
    };
    const samples: Sample[] = [await sample(0)];
    say(`Opening ${openJourneys} journeys (one customer each) in batches of ${batch}; journeys' cache ${maxCached} workflows (${loadNow()})...`);
    for (let started = 0; started < openJourneys; ) {
      const count = Math.min(batch, openJourneys - started);
      const first = started;
      await closedLoop('open', count, 32, (i) => startOrderDirectly(env, `bench-mem-${runId}-${first + i}`, `bench-cus-${runId}-${first + i}`).then(() => undefined));
      started += count;
      // Recorded: the order in MySQL and its customer's projection (the customer has handled the order's fact).
      const recorded = async () => (await env.orm.em.fork().count(Order, {})) >= started && (await env.orm.em.fork().count(Customer, {})) >= started;
      await waitUntil('the worker to record every open journey and its customer', recorded, 900_000);
      samples.push(await sample(started));
      const last = samples.at(-1)!;
      say(`${last.journeys} open, cached ${last.cachedJourneyQueue} (journeys' queue) + ${last.cachedEntityQueue} (entities), worker RSS ${last.rssMb.toFixed(0)} MB (${last.load})`);
    }

    const cached = (s: Sample) => s.cachedJourneyQueue + s.cachedEntityQueue;
    const filling = samples.filter((s) => s.cachedJourneyQueue < maxCached);
    const full = samples.filter((s) => s.cachedJourneyQueue >= maxCached);
    // The last sample before the journeys' cache is full, or the first one at full if a batch filled it exactly.
    const fillEnd = samples[filling.length] && samples[filling.length]!.journeys <= maxCached ? samples[filling.length] : filling.at(-1);
    const slope = (from: Sample | undefined, to: Sample | undefined, per: (s: Sample) => number) =>
      from && to && per(to) !== per(from) ? (to.rssMb - from.rssMb) / (per(to) - per(from)) : Number.NaN;
    const perCachedWorkflowMb = slope(samples[0], fillEnd, cached);
    const perCachedJourneyMb = slope(samples[0], fillEnd, (s) => s.journeys);
    // The same from the first batch on: RSS right after start-up still holds what loading the bundle left behind.
    const perCachedJourneyAfterFirstMb = fillEnd !== samples[1] ? slope(samples[1], fillEnd, (s) => s.journeys) : Number.NaN;
    const perJourneyOnceFullMb = slope(full[0], full.at(-1), (s) => s.journeys);
    const kb = (mb: number) => (Number.isNaN(mb) ? '-' : `${(mb * 1024).toFixed(0)} KB`);

    console.log('');
    console.log('Worker memory with open journeys and a bounded workflow cache');
    console.log(`  machine   ${machine()}`);
    console.log(`  stack     ${env.temporalLabel}, MariaDB/MySQL scratch db, ${env.stackLabel}; WORKER_MAX_CACHED_WORKFLOWS=${maxCached}, WORKER_ENTITY_MAX_CACHED_WORKFLOWS=${entityMaxCached ?? 'default'}`);
    console.log('');
    printTable(
      ['open journeys', "cached: journeys' queue", 'entities queue', 'worker RSS MB', 'load'],
      samples.map((s) => [String(s.journeys), String(s.cachedJourneyQueue), String(s.cachedEntityQueue), s.rssMb.toFixed(1), s.load]),
    );
    console.log('');
    console.log(`  while the journeys' cache filled (0 to ${fillEnd?.journeys ?? '-'} journeys, ${fillEnd ? cached(fillEnd) : '-'} cached workflows):`);
    console.log(`    RSS per cached open journey ${kb(perCachedJourneyMb)} (${kb(perCachedJourneyAfterFirstMb)} from the first batch on); per cached workflow ${kb(perCachedWorkflowMb)}`);
    console.log(`  RSS growth per open journey once the cache is full: ${kb(perJourneyOnceFullMb)} (from ${full[0]?.rssMb.toFixed(0) ?? '-'} MB at ${full[0]?.journeys ?? '-'} journeys to ${full.at(-1)?.rssMb.toFixed(0) ?? '-'} MB at ${full.at(-1)?.journeys ?? '-'})`);
    console.log('');
  },
  { env: { WORKER_MAX_CACHED_WORKFLOWS: String(maxCached), ...(entityMaxCached !== undefined && { WORKER_ENTITY_MAX_CACHED_WORKFLOWS: String(entityMaxCached) }) } },
);
