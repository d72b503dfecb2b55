import { randomUUID } from 'node:crypto';
import type { OrderView } from '../../workflows/order/messages';
import type { ShipmentView } from '../../workflows/shipment/messages';
import type { TrackingEvent } from '../../workflows/shipment/tracking';
import type { DemoApi } from './api';

/**
 * Twenty journeys a shop sees in a normal week, each played through the public API with short per-order
 * policies, and each with the state it should end in. `npm run demo` plays them; tests/demo checks them.
 */
export interface Journey {
  name: string;
  story: string;
  orderId: string;
  /** Plays the journey; returns once every request was accepted. */
  play(api: DemoApi): Promise<void>;
  /** Undefined once the journey is where it should be; otherwise what is still missing. */
  pending(state: { order: OrderView; shipments: ShipmentView[] }): string | undefined;
}

type Scan = Omit<TrackingEvent, 'provider' | 'eventId' | 'occurredAt'>;
export const domestic = { name: 'Ada Lovelace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };
const lines = [
  { sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1250 },
  { sku: 'TEA-EARLGREY', quantity: 1, unitPriceMinor: 899 },
];
export const allItems = lines.map(({ sku, quantity }) => ({ sku, quantity }));

/** The order body of the demo's n-th order (run-scoped ids, the two usual lines, 3399 captured). */
export function order(run: string, n: number, overrides: Record<string, unknown> = {}) {
  const orderId = `demo-${run}-${String(n).padStart(2, '0')}`;
  return {
    orderId,
    customer: { id: `cus-demo-${run}-${n % 7}`, email: `shopper${n}@example.com`, locale: n % 3 === 0 ? 'de' : 'en', channel: 'email' as const },
    currency: 'EUR',
    items: lines,
    shippingAddress: domestic,
    originCountry: 'DE',
    payment: { paymentId: `pi_demo_${run}_${n}`, capturedMinor: 3399 },
    ...overrides,
  };
}

export const tracking = (run: string, n: number, suffix = '') => `DM${run.toUpperCase()}${String(n).padStart(2, '0')}${suffix}`;
const expectStage = (want: string) => ({ order }: { order: OrderView }) => (order.stage === want ? undefined : `stage ${order.stage}, want ${want}`);
const openCase = (kind: string, waitingFor: string) => ({ shipments }: { shipments: ShipmentView[] }) => {
  const found = shipments[0]?.cases.find((c) => c.kind === kind && !c.outcome);
  return found?.waitingFor === waitingFor ? undefined : `no open ${kind} case waiting for ${waitingFor}`;
};

export function demoJourneys(run = randomUUID().slice(0, 6)): Journey[] {
  let n = 0;
  const journeys: Journey[] = [];
  const add = (name: string, story: string, overrides: Record<string, unknown>, play: (api: DemoApi, o: { orderId: string; n: number }) => Promise<void>, pending: Journey['pending']) => {
    const i = ++n;
    const body = order(run, i, overrides);
    journeys.push({ name, story, orderId: body.orderId, play: async (api) => { await api.placeOrder(body); await play(api, { orderId: body.orderId, n: i }); }, pending });
  };
  const parcel = (i: number, carrier = 'dhl', items = allItems, suffix = '') => ({ carrier, trackingNumber: tracking(run, i, suffix), items });
  const shipAndScan = async (api: DemoApi, orderId: string, p: ReturnType<typeof parcel>, scans: Scan[]) => {
    await api.ship(orderId, [p]);
    if (scans.length) await api.scans(p, scans);
  };
  const happy: Scan[] = [{ status: 'in_transit', location: 'Leipzig hub' }, { status: 'out_for_delivery', location: 'Berlin' }, { status: 'delivered', location: 'Berlin' }];

  for (const city of ['Berlin', 'Munich', 'Cologne']) {
    add(`happy-${city.toLowerCase()}`, `Domestic order delivered in ${city}`, { shippingAddress: { ...domestic, city } }, async (api, { orderId, n: i }) => {
      await api.fulfil(orderId, 'picking_started');
      await api.fulfil(orderId, 'packed');
      await shipAndScan(api, orderId, parcel(i), happy);
    }, expectStage('delivered'));
  }
  add('signed-for', 'Signature required, signed by the shopper', { requiresSignature: true }, async (api, { orderId, n: i }) => {
    await shipAndScan(api, orderId, parcel(i), [{ status: 'in_transit', location: 'Leipzig hub' }, { status: 'delivered', location: 'Berlin', signedBy: 'A. LOVELACE' }]);
  }, expectStage('signed_for'));
  add('in-transit', 'On its way, nothing wrong', {}, async (api, { orderId, n: i }) => shipAndScan(api, orderId, parcel(i), [{ status: 'in_transit', location: 'Hanover hub' }]), expectStage('in_transit'));
  add('out-for-delivery', 'With the driver today', {}, async (api, { orderId, n: i }) => shipAndScan(api, orderId, parcel(i), happy.slice(0, 2)), expectStage('out_for_delivery'));
  add('split-delivered', 'Split into two parcels with two carriers, both delivered', {}, async (api, { orderId, n: i }) => {
    const mugs = parcel(i, 'dhl', [allItems[0]!], 'A');
    const tea = parcel(i, 'dpd', [allItems[1]!], 'B');
    await api.ship(orderId, [mugs, tea]);
    await api.scans(mugs, happy);
    await api.scans(tea, [{ status: 'in_transit', location: 'Hamburg depot' }, { status: 'delivered', location: 'Berlin' }]);
  }, expectStage('delivered'));
  add('split-partial', 'Split order: one parcel arrived, one still travelling', {}, async (api, { orderId, n: i }) => {
    const mugs = parcel(i, 'dhl', [allItems[0]!], 'A');
    const tea = parcel(i, 'dpd', [allItems[1]!], 'B');
    await api.ship(orderId, [mugs, tea]);
    await api.scans(mugs, happy);
    await api.scans(tea, [{ status: 'in_transit', location: 'Hamburg depot' }]);
  }, expectStage('partially_delivered'));

  const crossBorder = { originCountry: 'US', policy: { shipment: { customsEscalateAfter: '20 seconds' } } };
  const toCustoms: Scan[] = [
    { status: 'in_transit', milestone: 'export_cleared', location: 'Memphis, US' },
    { status: 'in_transit', milestone: 'arrived_destination_country', location: 'Frankfurt airport' },
    { status: 'in_transit', milestone: 'customs_started', location: 'Frankfurt customs' },
  ];
  const released: Scan[] = [{ status: 'in_transit', milestone: 'customs_released', location: 'Frankfurt customs' }, { status: 'delivered', location: 'Berlin' }];
  add('customs-documents-open', 'Cross-border: customs wants the invoice, the shopper has not answered', crossBorder, async (api, { orderId, n: i }) => {
    await shipAndScan(api, orderId, parcel(i, 'fedex'), [...toCustoms, { status: 'exception', exceptionKind: 'customs_documents_required', description: 'Commercial invoice required', location: 'Frankfurt customs' }]);
  }, openCase('customs_documents_required', 'customer'));
  add('customs-documents-resolved', 'Cross-border: invoice sent, customs released, delivered', crossBorder, async (api, { orderId, n: i }) => {
    const p = parcel(i, 'fedex');
    await shipAndScan(api, orderId, p, [...toCustoms, { status: 'exception', exceptionKind: 'customs_documents_required', description: 'Commercial invoice required', location: 'Frankfurt customs' }]);
    await api.customsAction(p, 'documents_provided');
    await api.scans(p, released);
  }, expectStage('delivered'));
  add('duties-owed', 'Cross-border: import VAT owed, waiting for the shopper', crossBorder, async (api, { orderId, n: i }) => {
    await shipAndScan(api, orderId, parcel(i, 'ups'), [...toCustoms, { status: 'exception', exceptionKind: 'customs_duties_owed', description: 'Import VAT EUR 6.46 due', location: 'Frankfurt customs' }]);
  }, openCase('customs_duties_owed', 'customer'));
  add('duties-paid', 'Cross-border: duties paid, delivered', crossBorder, async (api, { orderId, n: i }) => {
    const p = parcel(i, 'ups');
    await shipAndScan(api, orderId, p, [...toCustoms, { status: 'exception', exceptionKind: 'customs_duties_owed', description: 'Import VAT EUR 6.46 due', location: 'Frankfurt customs' }]);
    await api.customsAction(p, 'duties_paid');
    await api.scans(p, released);
  }, expectStage('delivered'));
  add('last-mile-handoff', 'Cross-border: handed to a local carrier with a new tracking number, signed for', { originCountry: 'US' }, async (api, { orderId, n: i }) => {
    const p = parcel(i, 'fedex');
    const local = { carrier: 'dpd', trackingNumber: tracking(run, i, 'L') };
    await shipAndScan(api, orderId, p, [...toCustoms, { status: 'in_transit', milestone: 'customs_released' }, { status: 'in_transit', milestone: 'last_mile_handoff', handoff: local, location: 'Frankfurt' }]);
    await api.scans(local, [{ status: 'out_for_delivery', location: 'Berlin' }, { status: 'delivered', location: 'Berlin', signedBy: 'NEIGHBOUR' }]);
  }, expectStage('signed_for'));
  add('address-corrected', 'Address problem reported by the carrier, corrected, delivered', {}, async (api, { orderId, n: i }) => {
    const p = parcel(i);
    await shipAndScan(api, orderId, p, [{ status: 'exception', exceptionKind: 'address_problem', description: 'House number missing', location: 'Berlin' }]);
    await api.correctAddress(p, { ...domestic, line1: 'Unter den Linden 1A' });
    await api.scans(p, [{ status: 'out_for_delivery', location: 'Berlin' }, { status: 'delivered', location: 'Berlin' }]);
  }, expectStage('delivered'));
  add('failed-attempts-pickup', 'Two failed attempts, sent to a pickup point, ready there', { policy: { shipment: { maxDeliveryAttempts: 2 } } }, async (api, { orderId, n: i }) => {
    const p = parcel(i);
    await api.ship(orderId, [p]);
    // As carriers send them: one scan per delivery.
    for (const scan of [
      { status: 'out_for_delivery', location: 'Berlin' },
      { status: 'exception', exceptionKind: 'failed_attempt', description: 'Nobody home', location: 'Berlin' },
      { status: 'out_for_delivery', location: 'Berlin' },
      { status: 'exception', exceptionKind: 'failed_attempt', description: 'Nobody home again', location: 'Berlin' },
      { status: 'available_for_pickup', description: 'At Packstation 112', location: 'Berlin Mitte' },
    ] satisfies Scan[]) await api.scans(p, [scan]);
  }, ({ shipments }) => {
    const [shipment] = shipments;
    return shipment?.failedAttempts === 2 && shipment.events.at(-1)?.status === 'available_for_pickup' ? undefined : `not at the pickup point after 2 attempts (${shipment?.failedAttempts} attempts)`;
  });
  add('lost-claim', 'Lost in transit: claim filed, replacement ordered', {}, async (api, { orderId, n: i }) => {
    await shipAndScan(api, orderId, parcel(i), [{ status: 'in_transit', location: 'Leipzig hub' }, { status: 'exception', exceptionKind: 'lost', description: 'Parcel cannot be located' }]);
  }, ({ order }) => (order.parcels[0]?.resolution?.action === 'reship' ? undefined : 'no reship yet'));
  add('damaged-refund', 'Damaged in transit: claim filed and refunded', { policy: { shipment: { lostOrDamagedResolution: 'refund' } } }, async (api, { orderId, n: i }) => {
    await shipAndScan(api, orderId, parcel(i), [{ status: 'exception', exceptionKind: 'damaged', description: 'Box crushed', location: 'Leipzig hub' }]);
  }, ({ order }) => (order.parcels[0]?.resolution?.refundStatus === 'refunded' ? undefined : 'not refunded yet'));
  add('returned-to-sender', 'Refused at the door, returned to sender, refunded', {}, async (api, { orderId, n: i }) => {
    await shipAndScan(api, orderId, parcel(i), [{ status: 'in_transit', location: 'Leipzig hub' }, { status: 'returned_to_sender', description: 'Refused by recipient' }]);
  }, expectStage('not_delivered'));
  add('late-warehouse', 'The warehouse missed its ship-by time: flagged for operators', { policy: { order: { shipBySla: '5 seconds' } } }, async (api, { orderId }) => {
    await api.fulfil(orderId, 'picking_started');
  }, ({ order }) => (order.needsAttention && order.attentionReasons.includes('ship_by_sla_breached') ? undefined : 'not flagged yet'));
  add('cancelled', 'Cancelled by the shopper before shipping: refunded', {}, async (api, { orderId }) => {
    await api.cancel(orderId, 'Changed my mind');
  }, expectStage('cancelled'));
  return journeys;
}
