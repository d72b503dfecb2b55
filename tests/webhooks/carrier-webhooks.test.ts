import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnmatchedWebhookEvent } from '../../entities';
import type { OrderView } from '../../workflows/order/messages';
import { shipmentStatusQuery, shipmentWorkflowId } from '../../workflows/shipment/messages';
import { createHarness, eventually, uniqueId, type ApiBody, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import {
  aftershipCheckpoint, aftershipCrossBorder, aftershipWebhook, easypostDetail, easypostDomestic, easypostEvent, genericWebhook, shippoStatus,
  shippoWebhook, sign,
} from './fixtures';

type ProviderName = 'easypost' | 'aftership' | 'shippo' | 'generic';

interface UnmatchedItem {
  id: number;
  provider: string;
  carrier: string;
  trackingNumber: string;
  reason: string;
  eventCount: number;
  receivedAt: string;
  replayedAt: string | null;
  replayedInto: string | null;
}

let h: Harness;
beforeAll(async () => {
  // A full-width secret: EasyPost keys its HMAC with the NFKD form, so the raw and the normalized key differ.
  h = await createHarness(__filename, { env: { WEBHOOK_SECRET_EASYPOST: 'ｗｈｓｅｃ-easypost-ﬁ' } });
});
afterAll(() => h?.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);
const newTrackingNumber = (prefix = '1Z') => `${prefix}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e9)}`;

/** Each provider's own signing scheme (PRODUCT.md), with node:crypto in the fixtures, not the production verifier. */
const signatureHeader: Record<ProviderName, (secret: string, body: string, t: number) => Record<string, string>> = {
  easypost: (secret, body) => ({ 'X-Hmac-Signature': sign.easypost(secret, body) }),
  aftership: (secret, body) => ({ 'aftership-hmac-sha256': sign.aftership(secret, body) }),
  shippo: (secret, body, t) => ({ 'Shippo-Auth-Signature': sign.timestamped(secret, body, t) }),
  generic: (secret, body, t) => ({ 'X-Aftercart-Signature': sign.timestamped(secret, body, t) }),
};

async function postWebhook(provider: ProviderName, body: string, headers: Record<string, string>) {
  const response = await h.request(`/v1/webhooks/carriers/${provider}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as ApiBody };
}

/** Delivers a payload signed as the provider would sign it, `ageSeconds` after the provider signed it. */
function postSigned(provider: ProviderName, payload: unknown, options: { secret?: string; ageSeconds?: number } = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const secret = options.secret ?? h.config.webhookSecrets[provider];
  return postWebhook(provider, body, signatureHeader[provider](secret, body, nowSeconds() - (options.ageSeconds ?? 0)));
}

async function listUnmatched(query: Record<string, string>) {
  const response = await h.api<{ items: UnmatchedItem[] }>('GET', `/v1/webhooks/unmatched?${new URLSearchParams(query).toString()}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

const keptRowsFor = (trackingNumber: string) => h.orm.em.fork().count(UnmatchedWebhookEvent, { trackingNumber });

/**
 * Realistic deliveries per provider for one parcel: its whole history up to a signed delivery, and an early
 * update that only has it picked up and moving. `carrier` is the code the provider's carrier name becomes.
 */
interface ProviderCase {
  provider: ProviderName;
  carrier: string;
  delivered: (trackingNumber: string) => unknown;
  deliveredEventCount: number;
  inTransit: (trackingNumber: string) => unknown;
  inTransitEventCount: number;
  /** Valid JSON of the right kind that lacks the tracking number, and the field the 400 names. */
  withoutTrackingNumber: (trackingNumber: string) => unknown;
  missingField: string;
  timestamped: boolean;
}

const easypostWith = (trackingNumber: string) => ({ ...easypostDomestic, result: { ...easypostDomestic.result, tracking_code: trackingNumber } });
const aftershipWith = (trackingNumber: string, webhook = aftershipCrossBorder) => ({ ...webhook, msg: { ...webhook.msg, tracking_number: trackingNumber } });
const shippoHistory = () => [
  shippoStatus('2026-03-02T16:10:00Z', 'PRE_TRANSIT', 'information_received', 'Shipping Label Created, USPS Awaiting Item', { city: 'Las Vegas', state: 'NV' }),
  shippoStatus('2026-03-02T22:41:00Z', 'TRANSIT', 'package_accepted', 'USPS picked up item', { city: 'Las Vegas', state: 'NV' }),
  shippoStatus('2026-03-03T04:03:00Z', 'TRANSIT', 'package_departed', 'Departed USPS Regional Facility', { city: 'Las Vegas', state: 'NV' }),
  shippoStatus('2026-03-05T08:12:00Z', 'TRANSIT', 'out_for_delivery', 'Out for Delivery, Expected Delivery by 8:00pm', { city: 'Spotsylvania', state: 'VA' }),
  shippoStatus('2026-03-05T14:26:00Z', 'DELIVERED', 'delivered', 'Delivered, Front Door/Porch', { city: 'Spotsylvania', state: 'VA' }),
];
// A sender's event ids are only unique within its own parcel: keep each test's parcel to its own ids.
const genericWith = (trackingNumber: string, events: Record<string, unknown>[] = genericWebhook.events) => ({
  ...genericWebhook,
  trackingNumber,
  events: events.map((event) => ({ ...event, eventId: `${trackingNumber}-${event.eventId}` })),
});

const providerCases: ProviderCase[] = [
  {
    provider: 'easypost',
    carrier: 'usps',
    delivered: easypostWith,
    deliveredEventCount: 5,
    inTransit: (trackingNumber) =>
      easypostEvent({
        tracking_code: trackingNumber,
        status: 'in_transit',
        status_detail: 'arrived_at_facility',
        details: [
          easypostDetail('2026-03-01T05:56:54Z', 'pre_transit', 'status_update', 'Shipping Label Created', { city: 'HOUSTON', state: 'TX' }),
          easypostDetail('2026-03-01T16:01:54Z', 'in_transit', 'arrived_at_facility', 'Arrived at USPS Origin Facility', { city: 'NORTH HOUSTON', state: 'TX' }),
        ],
      }),
    inTransitEventCount: 2,
    withoutTrackingNumber: (trackingNumber) => ({ ...easypostWith(trackingNumber), result: { ...easypostWith(trackingNumber).result, tracking_code: undefined } }),
    missingField: 'result.tracking_code',
    timestamped: false,
  },
  {
    provider: 'aftership',
    carrier: '4px',
    delivered: (trackingNumber) => aftershipWith(trackingNumber),
    // Nine checkpoints plus the hand-off to DHL Paket for the last mile.
    deliveredEventCount: 10,
    inTransit: (trackingNumber) =>
      aftershipWith(
        trackingNumber,
        aftershipWebhook({
          tag: 'InTransit',
          subtag: 'InTransit_002',
          checkpoints: [
            aftershipCheckpoint('2026-03-02T09:12:00+08:00', 'InfoReceived', 'InfoReceived_001', 'Shipment information received', { city: 'SHENZHEN', country_iso3: 'CHN' }),
            aftershipCheckpoint('2026-03-02T18:40:00+08:00', 'InTransit', 'InTransit_002', 'Parcel received at 4PX facility', { city: 'SHENZHEN', country_name: 'China' }),
          ],
        }),
      ),
    inTransitEventCount: 2,
    withoutTrackingNumber: (trackingNumber) => ({ ...aftershipWith(trackingNumber), msg: { ...aftershipWith(trackingNumber).msg, tracking_number: undefined } }),
    missingField: 'msg.tracking_number',
    timestamped: false,
  },
  {
    provider: 'shippo',
    carrier: 'usps',
    delivered: (trackingNumber) => shippoWebhook(shippoHistory(), 'usps', trackingNumber),
    deliveredEventCount: 5,
    inTransit: (trackingNumber) => shippoWebhook(shippoHistory().slice(0, 2), 'usps', trackingNumber),
    inTransitEventCount: 2,
    withoutTrackingNumber: (trackingNumber) => {
      const webhook = shippoWebhook(shippoHistory(), 'usps', trackingNumber);
      return { ...webhook, data: { ...webhook.data, tracking_number: undefined } };
    },
    missingField: 'data.tracking_number',
    timestamped: true,
  },
  {
    provider: 'generic',
    carrier: 'dhl_express',
    delivered: (trackingNumber) => genericWith(trackingNumber),
    deliveredEventCount: 4,
    inTransit: (trackingNumber) => genericWith(trackingNumber, genericWebhook.events.slice(0, 1)),
    inTransitEventCount: 1,
    withoutTrackingNumber: (trackingNumber) => ({ ...genericWith(trackingNumber), trackingNumber: undefined }),
    missingField: 'trackingNumber',
    timestamped: true,
  },
];

const getOrder = async (orderId: string) => (await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body;
const fulfil = (orderId: string, event: Record<string, unknown>) =>
  h.api('POST', `/v1/orders/${orderId}/fulfillment-events`, { eventId: uniqueId('wms'), occurredAt: new Date().toISOString(), ...event });

/** An order whose one parcel the warehouse has reported shipped with this carrier and tracking number. */
async function shipParcel(carrier: string, trackingNumber: string, policy?: Record<string, unknown>) {
  const body = orderBody(policy ? { policy } : {});
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  const shipped = await fulfil(body.orderId, { type: 'shipped', parcels: [{ carrier, trackingNumber, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) }] });
  expect(shipped.status).toBe(200);
  // The shipment starts once the order confirmation has gone out.
  await eventually(async () => expect((await shipmentOf(carrier, trackingNumber).describe()).status.name).toBe('RUNNING'));
  return body.orderId;
}

const shipmentOf = (carrier: string, trackingNumber: string) => h.client.workflow.getHandle(shipmentWorkflowId(carrier, trackingNumber));

describe.each(providerCases)('$provider webhooks', (c) => {
  it('accepts a validly signed tracking update with 202 and keeps it for operators when no shipment owns the parcel yet', async () => {
    const trackingNumber = newTrackingNumber();
    const response = await postSigned(c.provider, c.delivered(trackingNumber));
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      accepted: c.deliveredEventCount,
      parcels: [{ shipmentId: `shipment-${c.carrier}-${trackingNumber}`, delivery: 'kept_unmatched' }],
    });
    const items = await listUnmatched({ trackingNumber });
    expect(items).toEqual([
      {
        id: expect.any(Number),
        provider: c.provider,
        carrier: c.carrier,
        trackingNumber,
        reason: 'unknown_tracking_number',
        eventCount: c.deliveredEventCount,
        deliveries: 1,
        receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        lastReceivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        replayedAt: null,
        replayedInto: null,
      },
    ]);
  });

  it('refuses a forged, tampered or unsigned delivery with a 401 problem and keeps nothing', async () => {
    const trackingNumber = newTrackingNumber();
    const payload = c.delivered(trackingNumber);
    const expectUnauthorized = (response: Awaited<ReturnType<typeof postWebhook>>, detail: string) => {
      expect(response.status).toBe(401);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized', detail });
    };

    expectUnauthorized(await postSigned(c.provider, payload, { secret: 'someone-elses-secret' }), 'signature_mismatch');
    const body = JSON.stringify(payload);
    const signedForOther = signatureHeader[c.provider](h.config.webhookSecrets[c.provider], body.replace(trackingNumber, newTrackingNumber()), nowSeconds());
    expectUnauthorized(await postWebhook(c.provider, body, signedForOther), 'signature_mismatch');
    expectUnauthorized(await postWebhook(c.provider, body, {}), 'missing_signature');
    expect(await keptRowsFor(trackingNumber)).toBe(0);
    expect(await listUnmatched({ trackingNumber, includeReplayed: 'true' })).toEqual([]);
  });

  it('answers a validly signed but malformed body with a 400 problem naming what is wrong, and keeps nothing', async () => {
    const trackingNumber = newTrackingNumber();
    const garbage = await postSigned(c.provider, `{"tracking_number": "${trackingNumber}", "status": `);
    expect(garbage.status).toBe(400);
    expect(garbage.contentType).toMatch(/^application\/problem\+json/);
    expect(garbage.body).toMatchObject({ status: 400, errors: [{ field: '(body)', reason: 'is not valid JSON' }] });

    const incomplete = await postSigned(c.provider, c.withoutTrackingNumber(trackingNumber));
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors?.map((e) => e.field)).toContain(c.missingField);
    expect(await keptRowsFor(trackingNumber)).toBe(0);
  });

  it('lets a rejected delivery claiming "delivered" change nothing on a parcel that is on its way', async () => {
    const trackingNumber = newTrackingNumber();
    const orderId = await shipParcel(c.carrier, trackingNumber);
    const shipment = shipmentOf(c.carrier, trackingNumber);
    await eventually(() => shipment.query(shipmentStatusQuery));

    const delivered = c.delivered(trackingNumber);
    expect((await postSigned(c.provider, delivered, { secret: 'forger' })).status).toBe(401);
    expect((await postWebhook(c.provider, JSON.stringify(delivered), {})).status).toBe(401);
    if (c.timestamped) expect((await postSigned(c.provider, delivered, { ageSeconds: 3600 })).status).toBe(401);

    // A genuine update afterwards: once it shows, anything signalled before it would have shown too.
    const genuine = await postSigned(c.provider, c.inTransit(trackingNumber));
    expect(genuine.status).toBe(202);
    expect(genuine.body.parcels).toEqual([{ shipmentId: `shipment-${c.carrier}-${trackingNumber}`, delivery: 'delivered' }]);
    const view = await eventually(async () => {
      const current = await shipment.query(shipmentStatusQuery);
      expect(current.events).toHaveLength(c.inTransitEventCount);
      return current;
    });
    expect(view.stage).toBe('in_transit');
    expect(view.events.map((e) => e.status)).not.toContain('delivered');
    await eventually(async () => expect((await getOrder(orderId)).parcels[0].stage).toBe('in_transit'));
    expect(await keptRowsFor(trackingNumber)).toBe(0);
  });
});

describe.each(providerCases.filter((c) => c.timestamped))('$provider webhook timestamps', (c) => {
  it('refuses a correctly signed delivery that is more than five minutes old', async () => {
    const trackingNumber = newTrackingNumber();
    const stale = await postSigned(c.provider, c.delivered(trackingNumber), { ageSeconds: 6 * 60 });
    expect(stale.status).toBe(401);
    expect(stale.contentType).toMatch(/^application\/problem\+json/);
    expect(stale.body).toMatchObject({ status: 401, detail: 'timestamp_outside_tolerance' });
    // Just inside the window is still a delivery.
    expect((await postSigned(c.provider, c.delivered(trackingNumber), { ageSeconds: 4 * 60 })).status).toBe(202);
    expect(await keptRowsFor(trackingNumber)).toBe(1);
  });
});

describe('carrier events that arrive before the warehouse reports the parcel shipped', () => {
  it('keeps them for operators, then replays them into the shipment once the parcel ships', async () => {
    const trackingNumber = newTrackingNumber('9205');
    const history = shippoHistory();
    // Shippo re-sends the whole history each time: the second delivery repeats the first scan.
    const first = await postSigned('shippo', shippoWebhook(history.slice(0, 1), 'usps', trackingNumber));
    const second = await postSigned('shippo', shippoWebhook(history.slice(0, 2), 'usps', trackingNumber));
    for (const response of [first, second]) {
      expect(response.status).toBe(202);
      expect(response.body.parcels).toEqual([{ shipmentId: `shipment-usps-${trackingNumber}`, delivery: 'kept_unmatched' }]);
    }
    const kept = await listUnmatched({ carrier: 'USPS', trackingNumber });
    expect(kept.map(({ provider, reason, eventCount, replayedAt }) => ({ provider, reason, eventCount, replayedAt }))).toEqual([
      { provider: 'shippo', reason: 'unknown_tracking_number', eventCount: 2, replayedAt: null },
      { provider: 'shippo', reason: 'unknown_tracking_number', eventCount: 1, replayedAt: null },
    ]);

    const orderId = await shipParcel('usps', trackingNumber);
    const shipmentId = `shipment-usps-${trackingNumber}`;
    const view = await eventually(async () => {
      const current = await shipmentOf('usps', trackingNumber).query(shipmentStatusQuery);
      expect(current.events).toHaveLength(2);
      return current;
    });
    expect(view.events.map((e) => [e.status, e.description])).toEqual([
      ['pre_transit', 'Shipping Label Created, USPS Awaiting Item'],
      ['in_transit', 'USPS picked up item'],
    ]);
    expect(view.stage).toBe('in_transit');

    const order = await eventually(async () => {
      const current = await getOrder(orderId);
      expect(current.parcels[0].stage).toBe('in_transit');
      return current;
    });
    expect(order.parcels[0]).toMatchObject({ shipmentId, carrier: 'usps', trackingNumber });

    expect(await listUnmatched({ trackingNumber })).toEqual([]);
    const replayed = await listUnmatched({ trackingNumber, includeReplayed: 'true' });
    expect(replayed.map((item) => item.id)).toEqual(kept.map((item) => item.id));
    for (const item of replayed) {
      expect(item.replayedInto).toBe(shipmentId);
      expect(Date.parse(item.replayedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(item.receivedAt));
    }
  });

  it('keeps a scan that arrives after its shipment has closed, saying so', async () => {
    const trackingNumber = newTrackingNumber();
    const parcel = { carrier: 'dhl_express', trackingNumber };
    await shipParcel(parcel.carrier, trackingNumber, { shipment: { lateEventGrace: '1 second' } });
    const delivered = genericWith(trackingNumber, [{ eventId: 'pod', status: 'delivered', occurredAt: '2026-03-06T12:30:00+01:00', signedBy: 'K. Schmidt' }]);
    expect((await postSigned('generic', delivered)).status).toBe(202);
    await shipmentOf(parcel.carrier, trackingNumber).result();

    const late = genericWith(trackingNumber, [{ eventId: 'survey', status: 'delivered', occurredAt: '2026-03-07T09:00:00+01:00', description: 'Proof of delivery image available' }]);
    const response = await postSigned('generic', late);
    expect(response.status).toBe(202);
    expect(response.body.parcels).toEqual([{ shipmentId: `shipment-dhl_express-${trackingNumber}`, delivery: 'kept_unmatched' }]);
    expect(await listUnmatched({ carrier: 'DHL Express', trackingNumber })).toMatchObject([{ provider: 'generic', reason: 'shipment_closed', eventCount: 1 }]);
  });
});

describe('GET /v1/webhooks/unmatched', () => {
  it('lists newest first, filtered by carrier (as the carrier names itself) and tracking number, up to the limit', async () => {
    const carrierName = `Parcel Co ${uniqueId('x').slice(2)}`;
    const carrier = carrierName.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const [first, second] = [newTrackingNumber(), newTrackingNumber()];
    const deliver = (trackingNumber: string, scans: number) =>
      postSigned('generic', {
        carrier: carrierName,
        trackingNumber,
        events: Array.from({ length: scans }, (_, i) => ({ eventId: uniqueId('scan'), status: 'in_transit', occurredAt: `2026-03-0${i + 1}T10:00:00Z` })),
      });
    for (const [trackingNumber, scans] of [[first, 1], [second, 2], [first, 3]] as const) expect((await deliver(trackingNumber, scans)).status).toBe(202);

    const all = await listUnmatched({ carrier: carrierName });
    expect(all.map((item) => [item.trackingNumber, item.eventCount])).toEqual([[first, 3], [second, 2], [first, 1]]);
    expect(all.every((item) => item.carrier === carrier && item.provider === 'generic')).toBe(true);
    expect((await listUnmatched({ carrier, limit: '2' })).map((item) => item.eventCount)).toEqual([3, 2]);
    expect((await listUnmatched({ carrier, trackingNumber: first })).map((item) => item.eventCount)).toEqual([3, 1]);
    expect(await listUnmatched({ carrier: 'no_such_carrier', trackingNumber: first })).toEqual([]);
  });

  it('is for operators: without a valid API key it answers 401, while carriers still post without one', async () => {
    const anonymous = await h.request('/v1/webhooks/unmatched');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await h.api('GET', '/v1/webhooks/unmatched', undefined, { Authorization: 'Bearer not-a-key' })).status).toBe(401);
    expect((await postSigned('generic', genericWith(newTrackingNumber()))).status).toBe(202);
  });

  it('answers a bad query with a 400 problem naming each parameter', async () => {
    const tooMany = await h.api('GET', '/v1/webhooks/unmatched?limit=1000');
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(tooMany.body.errors?.map((e) => e.field)).toEqual(['limit']);
    const several = await h.api('GET', '/v1/webhooks/unmatched?limit=0&includeReplayed=yes');
    expect(several.status).toBe(400);
    expect(several.body.errors?.map((e) => e.field).sort()).toEqual(['includeReplayed', 'limit']);
  });

  it('is described, with the carrier webhook, in the OpenAPI document', async () => {
    const response = await h.request('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { paths: Record<string, Record<string, { security?: unknown; parameters?: { name: string; in: string }[] }>> };
    expect(doc.paths['/v1/webhooks/carriers/{provider}']?.post).toBeDefined();
    const list = doc.paths['/v1/webhooks/unmatched']?.get;
    expect(list?.security).toEqual([{ ApiKey: ['operator'] }]);
    expect(list?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['query:carrier', 'query:includeReplayed', 'query:limit', 'query:trackingNumber']);
  });
});
