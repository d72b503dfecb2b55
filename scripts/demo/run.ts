import { demoApi, type DemoTarget } from './api';
import { demoJourneys, type Journey } from './journeys';

export interface DemoResult {
  journeys: Journey[];
  /** Journeys not (yet) in their intended state, with what is missing. */
  pending: { name: string; orderId: string; missing: string }[];
  /** Temporal UI searches that show something from this run. */
  searches: { what: string; query: string }[];
}

/** Plays every journey (a few at a time), then waits up to `settleMs` for each to reach the state it should. */
export async function runDemo(target: DemoTarget, options: { run?: string; settleMs?: number; say?: (line: string) => void } = {}): Promise<DemoResult> {
  const say = options.say ?? (() => undefined);
  const api = demoApi(target);
  const journeys = demoJourneys(options.run);
  const queue = [...journeys];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let journey = queue.shift(); journey; journey = queue.shift()) {
        await journey.play(api);
        say(`  played  ${journey.name.padEnd(28)} ${journey.story}`);
      }
    }),
  );

  const deadline = Date.now() + (options.settleMs ?? 60_000);
  let pending: DemoResult['pending'] = [];
  for (;;) {
    pending = [];
    for (const journey of journeys) {
      const order = await api.order(journey.orderId);
      const shipments = await Promise.all(order.parcels.map((p) => api.shipment(p.shipmentId)));
      const missing = journey.pending({ order, shipments });
      if (missing) pending.push({ name: journey.name, orderId: journey.orderId, missing });
    }
    if (pending.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  const byName = (name: string) => journeys.find((j) => j.name === name)!;
  const customsOpen = await api.order(byName('customs-documents-open').orderId);
  const split = await api.order(byName('split-partial').orderId);
  const searches = [
    { what: 'Everything that needs a person', query: 'NeedsAttention = true' },
    { what: 'Parcels held at German customs for documents', query: "ExceptionKind = 'customs_documents_required' AND DestinationCountry = 'DE'" },
    { what: 'Duties owed', query: "ExceptionKind = 'customs_duties_owed'" },
    { what: 'One parcel by its tracking number', query: `TrackingNumbers = '${customsOpen.parcels[0]?.trackingNumber}'` },
    { what: 'Split orders half delivered', query: "JourneyStage = 'partially_delivered'" },
    { what: 'Everything DPD carries', query: "Carrier = 'dpd'" },
    { what: 'One order and its parcels', query: `OrderId = '${split.orderId}'` },
    { what: 'One customer', query: `CustomerId = '${split.customerId}'` },
  ];
  return { journeys, pending, searches };
}
