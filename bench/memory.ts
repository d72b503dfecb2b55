/**
 * `npm run bench:memory`: the worker's memory with many open journeys. BENCH_OPEN_JOURNEYS (10,000) journeys are
 * started (the storefront's start request, sent with the client to keep the load generator light) in batches of
 * BENCH_MEMORY_BATCH (500) and left open (waiting for the warehouse). After each batch the worker has recorded, the
 * worker's RSS and its sticky cache size (temporal_sticky_cache_size) are sampled. The worker runs with
 * WORKER_MAX_CACHED_WORKFLOWS=BENCH_MAX_CACHED (1000): while the cache fills, RSS growth per cached journey is
 * the cost of keeping one in memory; once it is full, RSS should stay flat however many journeys are open.
 */
import { randomUUID } from 'node:crypto';
import { Order } from '../entities';
import { closedLoop, printTable } from './load';
import { startOrderDirectly } from './direct';
import { envNumber, loadNow, machine, runBench, say, waitUntil } from './setup';
import { procRssMb } from './topology';

const openJourneys = envNumber('BENCH_OPEN_JOURNEYS', 10_000);
const batch = envNumber('BENCH_MEMORY_BATCH', 500);
const maxCached = envNumber('BENCH_MAX_CACHED', 1000);
const runId = randomUUID().slice(0, 6);

async function cacheSize(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('temporal_sticky_cache_size'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

interface Sample {
  journeys: number;
  cached: number;
  rssMb: number;
  load: string;
}

runBench(
  'memory',
  async (env) => {
    const worker = env.topology.workers[0];
    const sample = async (journeys: number): Promise<Sample> => ({ journeys, cached: await cacheSize(worker.metricsUrl!), rssMb: procRssMb(worker.process.pid!), load: loadNow() });
    const samples: Sample[] = [await sample(0)];
    say(`Opening ${openJourneys} journeys in batches of ${batch}; worker cache ${maxCached} workflows (${loadNow()})...`);
    for (let started = 0; started < openJourneys; ) {
      const count = Math.min(batch, openJourneys - started);
      const first = started;
      await closedLoop('open', count, 32, (i) => startOrderDirectly(env, `bench-mem-${runId}-${first + i}`).then(() => undefined));
      started += count;
      await waitUntil('the worker to record every open journey', async () => (await env.orm.em.fork().count(Order, {})) >= started, 900_000);
      samples.push(await sample(started));
      const last = samples.at(-1)!;
      say(`${last.journeys} open, ${last.cached} cached, worker RSS ${last.rssMb.toFixed(0)} MB (${last.load})`);
    }

    // Journeys in cache: each open journey keeps its order workflow and its customer's workflow.
    const filling = samples.filter((s) => s.cached < maxCached);
    const full = samples.filter((s) => s.cached >= maxCached);
    const slope = (from: Sample | undefined, to: Sample | undefined, per: (s: Sample) => number) =>
      from && to && per(to) !== per(from) ? (to.rssMb - from.rssMb) / (per(to) - per(from)) : Number.NaN;
    const perCachedWorkflowMb = slope(samples[0], filling.at(-1), (s) => s.cached);
    const perJourneyOnceFullMb = slope(full[0], full.at(-1), (s) => s.journeys);
    const workflowsPerJourney = (filling.at(-1)?.cached ?? Number.NaN) / (filling.at(-1)?.journeys ?? Number.NaN);

    console.log('');
    console.log('Worker memory with open journeys and a bounded workflow cache');
    console.log(`  machine   ${machine()}`);
    console.log(`  stack     ${env.temporalLabel}, MariaDB/MySQL scratch db, ${env.stackLabel}; WORKER_MAX_CACHED_WORKFLOWS=${maxCached}`);
    console.log('');
    printTable(['open journeys', 'cached workflows', 'worker RSS MB', 'load'], samples.map((s) => [String(s.journeys), String(s.cached), s.rssMb.toFixed(1), s.load]));
    console.log('');
    console.log(`  workflows cached per open journey: ${workflowsPerJourney.toFixed(2)} (the order journey and its customer's record)`);
    console.log(`  RSS per cached workflow while the cache fills: ${(perCachedWorkflowMb * 1024).toFixed(0)} KB, per cached open journey ${(perCachedWorkflowMb * workflowsPerJourney * 1024).toFixed(0)} KB`);
    console.log(`  RSS growth per open journey once the cache is full: ${Number.isNaN(perJourneyOnceFullMb) ? '-' : `${(perJourneyOnceFullMb * 1024).toFixed(1)} KB`} (from ${full[0]?.rssMb.toFixed(0) ?? '-'} MB at ${full[0]?.journeys ?? '-'} journeys to ${full.at(-1)?.rssMb.toFixed(0) ?? '-'} MB at ${full.at(-1)?.journeys ?? '-'})`);
    console.log('');
  },
  { env: { WORKER_MAX_CACHED_WORKFLOWS: String(maxCached) } },
);
