import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { keepUnmatched } from '../../api/webhooks/unmatched-store';
import { createHarness, eventually, type Harness } from '../support/harness';
import { actionLinkIn, journeys } from '../support/journeys';
import { postCarrierEvents, scan } from '../support/webhooks';
import { aftershipCheckpoint, aftershipWebhook, sign } from '../webhooks/fixtures';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

const carrierCalls = (path: string, trackingNumber: string) => h.partners.effectsOf('carriers').filter((c) => c.path === path && c.body.tracking_number === trackingNumber);

describe('scans kept before the parcel shipped', () => {
  it('come back when claiming them is retried after a crash, so none is lost between MySQL and the workflow', async () => {
    const parcel = { shipmentId: `shipment-dhl-JK${Date.now()}`, orderId: 'ord-kept', carrier: 'dhl', trackingNumber: `JK${Date.now()}` };
    const early = [{ ...scan('pre_transit'), provider: 'generic' }];
    await keepUnmatched(h.orm.em.fork(), 'generic', { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, events: early }, 'unknown_tracking_number', 86_400_000);
    const activities = createActivities({ orm: h.orm, config: h.config });

    const first = await activities.openShipment(parcel);
    // The worker died before the workflow heard the answer: the activity runs again.
    const retried = await activities.openShipment(parcel);
    expect(first.map((e) => e.eventId)).toEqual([early[0].eventId]);
    expect(retried).toEqual(first);
    // Another shipment never gets them.
    expect(await activities.followHandoff({ ...parcel, shipmentId: 'shipment-dhl-other' })).toEqual([]);
  });
});

describe('a parcel going back to the sender', () => {
  it('abandoned at customs: the customs broker is told, as well as the customer refunded', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ originCountry: 'US' });
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_duties_owed', description: 'Import duties owed' })]);
    const message = await eventually(() => j.messages(orderId, 'customs_duties_owed').at(0) ?? Promise.reject(new Error('not yet')));
    const link = actionLinkIn(message);
    const abandoned = await h.request(`${link.path}?token=${link.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'abandon' }) });
    expect(abandoned.status).toBe(200);
    await eventually(() => expect(carrierCalls('/v1/customs/actions', parcel.trackingNumber).map((c) => c.body.action)).toEqual(['abandon']));
    expect(carrierCalls('/v1/customs/actions', parcel.trackingNumber)[0].idempotencyKey).toBe(`${shipmentId}:customs:abandon:1`);
    expect((await j.completed(orderId)).parcels[0].resolution).toMatchObject({ action: 'refund', reason: 'abandoned_at_customs' });
  });

  it('after the last failed attempt: the carrier is asked to return it instead of trying again', async () => {
    const { orderId, parcel } = await j.shippedOrder({ policy: { shipment: { maxDeliveryAttempts: 1, afterFailedAttempts: 'return_to_sender' } } });
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'failed_attempt', description: 'Nobody home' })]);
    await eventually(() => expect(carrierCalls('/v1/redirects', parcel.trackingNumber).map((c) => c.body.to)).toEqual(['sender']));
    expect((await j.completed(orderId)).parcels[0].resolution).toMatchObject({ action: 'refund', reason: 'delivery_failed' });
  });
});

describe('carrier data checked at the edge', () => {
  it('refuses a hand-off whose tracking number cannot be followed, naming the field, and changes nothing', async () => {
    const { parcel, shipmentId } = await j.shippedOrder();
    const webhook = aftershipWebhook({
      tag: 'InTransit',
      subtag: 'InTransit_001',
      checkpoints: [aftershipCheckpoint('2026-03-02T09:12:00+08:00', 'InTransit', 'InTransit_002', 'Parcel received')],
      next_couriers: [{ slug: 'dhl-germany', tracking_number: '9'.repeat(100) }],
      slug: 'dhl',
    });
    webhook.msg.tracking_number = parcel.trackingNumber;
    const body = JSON.stringify(webhook);
    const response = await h.request('/v1/webhooks/carriers/aftership', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'aftership-hmac-sha256': sign.aftership(h.config.webhookSecrets.aftership, body) },
      body,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain('parcels.0.events.1.handoff.trackingNumber');
    expect((await j.getShipment(shipmentId)).events).toEqual([]);
  });

  it('ignores polled carrier events it cannot read and takes the rest', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ policy: { shipment: { stalledAfter: '2 seconds' } } });
    h.partners.trackers.set(`dhl/${parcel.trackingNumber}`, [
      { eventId: 'poll-bad-date', status: 'in_transit', occurredAt: 'yesterday afternoon' },
      { eventId: 'poll-bad-handoff', status: 'in_transit', occurredAt: new Date().toISOString(), handoff: { carrier: 'dpd', trackingNumber: 'x'.repeat(90) } },
      { eventId: 'poll-good', status: 'out_for_delivery', occurredAt: new Date().toISOString(), location: 'Berlin' },
    ]);
    await eventually(async () => expect((await j.getOrder(orderId)).parcels[0].stage).toBe('out_for_delivery'), 15_000);
    expect((await j.getShipment(shipmentId)).events.map((e) => e.eventId)).toEqual(['carrier_api:poll-good']);
    await postCarrierEvents(h, parcel, [scan('delivered')]);
    expect((await j.completed(orderId)).stage).toBe('delivered');
  });
});
