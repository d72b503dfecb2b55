import { randomUUID } from 'node:crypto';
import type { LinkSigningKey } from '../../lib/keys';
import { demoApi, type DemoApi, type DemoTarget } from './api';
import { demoFeedback } from './feedback';
import { demoJourneys, type Journey } from './journeys';
import { demoReturns } from './returns';
import { loyalCustomer, type Story } from './stories';

export interface DemoResult {
  /** This run's id: every order, RMA and customer id of the run contains it. */
  run: string;
  journeys: Journey[];
  /** Returns, feedback with its service case, and the customer view. */
  stories: Story[];
  /** Journeys and stories not (yet) in their intended state, with what is missing. */
  pending: { name: string; orderId: string; missing: string }[];
  /** Temporal UI searches that show something from this run. */
  searches: { what: string; query: string }[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays every journey (a few at a time) and, beside them, the after-delivery stories; then waits up to `settleMs`
 * for each to reach the state it should. A story that could not be played ends up in `pending` with the reason.
 */
export async function runDemo(
  target: DemoTarget & { linkKeys: readonly LinkSigningKey[] },
  options: { run?: string; settleMs?: number; say?: (line: string) => void } = {},
): Promise<DemoResult> {
  const say = options.say ?? (() => undefined);
  const api = demoApi(target);
  const run = options.run ?? randomUUID().slice(0, 6);
  const journeys = demoJourneys(run);
  const stories = [...demoReturns({ run, linkKeys: target.linkKeys }), ...demoFeedback({ run, linkKeys: target.linkKeys })];
  /** Journeys and stories whose play was refused or timed out: reported, not retried. */
  const failed = new Map<string, { orderId: string; missing: string }>();
  const queue = [...journeys];
  await Promise.all([
    ...Array.from({ length: 4 }, async () => {
      for (let journey = queue.shift(); journey; journey = queue.shift()) {
        try {
          await journey.play(api);
          say(`  played  ${journey.name.padEnd(28)} ${journey.story}`);
        } catch (error) {
          failed.set(journey.name, { orderId: journey.orderId, missing: (error as Error).message });
          say(`  stuck   ${journey.name.padEnd(28)} ${(error as Error).message}`);
        }
      }
    }),
    ...stories.map(async (story) => {
      try {
        await story.play(api);
        say(`  played  ${story.name.padEnd(28)} ${story.story}`);
      } catch (error) {
        failed.set(story.name, { orderId: story.orderId, missing: (error as Error).message });
        say(`  stuck   ${story.name.padEnd(28)} ${(error as Error).message}`);
      }
    }),
  ]);

  const deadline = Date.now() + (options.settleMs ?? 60_000);
  let pending: DemoResult['pending'] = [];
  for (;;) {
    pending = [...failed].map(([name, stuck]) => ({ name, ...stuck }));
    for (const journey of journeys.filter((j) => !failed.has(j.name))) {
      const order = await api.order(journey.orderId);
      const shipments = await Promise.all(order.parcels.map((p) => api.shipment(p.shipmentId)));
      const missing = journey.pending({ order, shipments });
      if (missing) pending.push({ name: journey.name, orderId: journey.orderId, missing });
    }
    for (const story of stories.filter((s) => !failed.has(s.name))) {
      const missing = await story.pending(api);
      if (missing) pending.push({ name: story.name, orderId: story.orderId, missing });
    }
    if (pending.length === 0 || Date.now() > deadline) break;
    await pause(1000);
  }
  return { run, journeys, stories, pending, searches: await searchesFor(api, journeys, run) };
}

async function searchesFor(api: DemoApi, journeys: Journey[], run: string): Promise<DemoResult['searches']> {
  const byName = (name: string) => journeys.find((j) => j.name === name)!;
  const customsOpen = await api.order(byName('customs-documents-open').orderId);
  const split = await api.order(byName('split-partial').orderId);
  return [
    { what: 'Everything that needs a person', query: 'NeedsAttention = true' },
    { what: 'Parcels held at German customs for documents', query: "ExceptionKind = 'customs_documents_required' AND DestinationCountry = 'DE'" },
    { what: 'Duties owed', query: "ExceptionKind = 'customs_duties_owed'" },
    { what: 'One parcel by its tracking number', query: `TrackingNumbers = '${customsOpen.parcels[0]?.trackingNumber}'` },
    { what: 'Split orders half delivered', query: "JourneyStage = 'partially_delivered'" },
    { what: 'Everything DPD carries', query: "Carrier = 'dpd'" },
    { what: 'One order and its parcels', query: `OrderId = '${split.orderId}'` },
    { what: 'One customer', query: `CustomerId = '${split.customerId}'` },
    { what: 'Returns settled (refunded, credited, exchanged)', query: "ReturnStatus = 'completed'" },
    { what: 'Returns on their way back', query: "ReturnStatus = 'in_transit'" },
    { what: 'An order with its feedback and service case', query: `OrderId = 'demo-${run}-25'` },
    { what: 'A customer: orders, returns, feedback, loyalty', query: `CustomerId = '${loyalCustomer(run)}'` },
  ];
}
