import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackingEventRecord } from '../../entities';
import { createHarness, eventually, listWorkflows, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { genericSignature, scan, type GenericEvent } from '../support/webhooks';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

const refundsFor = (orderId: string) => h.partners.refundsFor(orderId);
const claimsFor = (trackingNumber: string) => h.partners.effectsOf('carriers').filter((c) => c.path === '/v1/claims' && c.body.tracking_number === trackingNumber);
const recordedEvents = (shipmentId: string) => h.orm.em.fork().count(TrackingEventRecord, { shipmentId });

/** Posts through the signed generic webhook and returns the response body (the delivery per parcel). */
async function post(parcel: { carrier: string; trackingNumber: string }, events: GenericEvent[]) {
  const body = JSON.stringify({ carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, events });
  const response = await h.request('/v1/webhooks/carriers/generic', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': genericSignature(body, h.config.webhookSecrets.generic) },
    body,
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { accepted: number; parcels: { delivery: string }[] };
}

/** How many times the shipment's workflow (all its runs) was signalled. */
async function signalsReceived(shipmentId: string) {
  let count = 0;
  for (const run of await listWorkflows(h, `WorkflowId = '${shipmentId}'`)) {
    const history = await h.client.workflow.getHandle(shipmentId, run.runId).fetchHistory();
    count += (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
  }
  return count;
}

describe('a parcel nobody hears about', () => {
  it('is declared lost after declareLostAfter with nothing new: one claim, a message, and the order refunds it and ends', async () => {
    const policy = { shipment: { stalledAfter: '1 second', declareLostAfter: '4 seconds', lostOrDamagedResolution: 'refund', customsEscalateAfter: '1 hour' } };
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ policy });
    await post(parcel, [scan('in_transit', { occurredAt: new Date().toISOString() })]);

    const final = await j.completed(orderId, 40_000);
    expect(final.stage).toBe('not_delivered');
    expect(final.parcels[0]).toMatchObject({ stage: 'lost', resolution: { action: 'refund', reason: 'lost', refundStatus: 'refunded', refundMinor: 3399 } });
    expect(refundsFor(orderId)).toHaveLength(1);
    expect(claimsFor(parcel.trackingNumber)).toMatchObject([{ body: { type: 'lost' } }]);
    await eventually(() => expect(j.messages(orderId, 'parcel_lost')).toHaveLength(1));
    const shipment = await j.getShipment(shipmentId);
    expect(shipment.stage).toBe('lost');
    expect(shipment.events.at(-1)).toMatchObject({ provider: 'aftercart', exceptionKind: 'lost', description: expect.stringContaining('declared lost') });
    // One lost case, whatever stalled warnings came before it (how many depends on the timers' pace).
    expect(shipment.cases.filter((c) => c.kind === 'lost')).toHaveLength(1);
    expect(shipment.cases.at(-1)).toMatchObject({ kind: 'lost', outcome: 'claim_filed' });
  });
});

describe('webhooks that repeat what a shipment knows', () => {
  it('do not reach the workflow again: re-sent whole histories and replayed bodies leave its history as it was', async () => {
    const { parcel, shipmentId } = await j.shippedOrder();
    const history = [scan('pre_transit'), scan('in_transit'), scan('in_transit', { location: 'Hub' })];
    expect((await post(parcel, history)).parcels).toEqual([expect.objectContaining({ delivery: 'delivered' })]);
    await eventually(async () => expect(await recordedEvents(shipmentId)).toBe(3));

    // AfterShip-style: every delivery carries the whole history so far; the same signed body again is a replay.
    for (let i = 0; i < 4; i++) expect((await post(parcel, history)).parcels).toEqual([expect.objectContaining({ delivery: 'already_known' })]);
    const next = scan('out_for_delivery');
    expect((await post(parcel, [...history, next])).parcels).toEqual([expect.objectContaining({ delivery: 'delivered' })]);
    await eventually(async () => expect((await j.getShipment(shipmentId)).stage).toBe('out_for_delivery'));

    expect(await signalsReceived(shipmentId)).toBe(2);
    expect((await j.getShipment(shipmentId)).events.map((e) => e.status)).toEqual(['pre_transit', 'in_transit', 'in_transit', 'out_for_delivery']);
  });
});

describe('a long customs hold under a webhook storm', () => {
  it('continues as new with its events, case timers and messages: abandoned on time, refunded and told once', async () => {
    const policy = {
      shipment: {
        historyEventsBeforeContinueAsNew: 50,
        customsReminderInterval: '3 seconds',
        customsMaxReminders: 1,
        customsEscalateAfter: '1 hour',
        customsAbandonAfter: '15 seconds',
        crossBorderStalledAfter: '1 hour',
      },
    };
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ originCountry: 'US', policy });
    const openedAt = Date.now();
    await post(parcel, [scan('exception', { exceptionKind: 'customs_documents_required', description: 'Commercial invoice missing' })]);
    // The carrier re-scans the held parcel over and over, each scan new.
    const storm: GenericEvent[] = [];
    for (let i = 0; i < 24; i++) {
      const held = scan('exception', { exceptionKind: 'customs_documents_required', description: `Held at customs, check ${i}` });
      storm.push(held);
      await post(parcel, [held]);
    }

    const final = await j.completed(orderId, 60_000);
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(15_000); // the abandonment clock did not restart with a run
    expect(final.parcels[0]).toMatchObject({ stage: 'returned_to_sender', resolution: { action: 'refund', reason: 'abandoned_at_customs', refundStatus: 'refunded' } });
    expect(refundsFor(orderId)).toHaveLength(1);
    expect(j.messages(orderId, 'customs_documents_required')).toHaveLength(1);
    expect(j.messages(orderId, 'customs_reminder')).toHaveLength(1);
    await eventually(() => expect(j.messages(orderId, 'parcel_returned')).toHaveLength(1));

    const runs = await listWorkflows(h, `WorkflowId = '${shipmentId}'`);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const shipment = await j.getShipment(shipmentId);
    expect(shipment.events.filter((e) => e.provider === 'generic')).toHaveLength(25);
    expect(shipment.cases).toMatchObject([{ kind: 'customs_documents_required', remindersSent: 1, outcome: 'abandoned' }]);
    // Operators still find the parcel by its order after the runs changed.
    const found = await listWorkflows(h, `OrderId = '${orderId}' AND WorkflowType = 'shipmentWorkflow'`);
    expect(found.map((w) => w.workflowId)).toContain(shipmentId);
  }, 120_000);
});
