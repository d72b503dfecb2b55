import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ShipmentView } from '../../workflows/shipment/messages';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { aftershipCrossBorder, sign } from '../webhooks/fixtures';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

/** AfterShip re-sends the whole history each time: three snapshots of one Shenzhen -> Berlin parcel. */
function snapshots(trackingNumber: string, lastMileNumber: string) {
  const full = aftershipCrossBorder.msg;
  const at = (count: number, tag: string, subtag: string, delivered = false) =>
    JSON.stringify({
      ...aftershipCrossBorder,
      msg: {
        ...full,
        tracking_number: trackingNumber,
        tag,
        subtag,
        signed_by: delivered ? full.signed_by : null,
        next_couriers: count > 6 ? [{ ...(full.next_couriers[0] as Record<string, unknown>), tracking_number: lastMileNumber }] : [],
        checkpoints: full.checkpoints.slice(0, count),
      },
    });
  return [at(3, 'InTransit', 'InTransit_007'), at(6, 'InTransit', 'InTransit_005'), at(9, 'Delivered', 'Delivered_003', true)];
}

async function deliver(body: string) {
  const response = await h.request('/v1/webhooks/carriers/aftership', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'aftership-hmac-sha256': sign.aftership(h.config.webhookSecrets.aftership, body) },
    body,
  });
  expect(response.status).toBe(202);
}

const comparable = (view: ShipmentView) => ({
  stage: view.stage,
  signedBy: view.signedBy,
  legs: view.legs,
  handoffs: view.handoffs.map((handoff) => handoff.carrier),
  // each run hands off to its own last-mile tracking number; everything else must match
  events: view.events.map((e) => [e.status, e.milestone, e.occurredAt, e.description?.replace(/tracking number \w+/, 'tracking number <last mile>')]),
});

it('ends in the same state and timeline whether AfterShip histories arrive in order or duplicated and shuffled', async () => {
  const results = [];
  for (const order of [[0, 1, 2], [2, 0, 2, 1, 0, 1, 2, 0, 1]]) {
    const { orderId, shipmentId, parcel } = await j.shippedOrder({ originCountry: 'CN' }, '4px');
    const bodies = snapshots(parcel.trackingNumber, `00${Date.now()}${Math.floor(Math.random() * 1000)}`);
    for (const index of order) await deliver(bodies[index]);
    const final = await j.completed(orderId);
    expect(final.stage).toBe('signed_for');
    results.push(comparable(await eventually(async () => {
      const view = await j.getShipment(shipmentId);
      expect(view.events).toHaveLength(10); // nine checkpoints and the hand-off to the last-mile carrier
      return view;
    })));
  }
  expect(results[1]).toEqual(results[0]);
  expect(results[0]).toMatchObject({
    stage: 'signed_for',
    signedBy: 'M. Mueller',
    handoffs: ['dhl_germany'],
  });
  expect(results[0].legs.map((leg) => leg.milestone)).toEqual(['arrived_destination_country', 'customs_started', 'customs_released', 'last_mile_handoff']);
});
