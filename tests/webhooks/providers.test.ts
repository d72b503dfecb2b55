import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { GenericWebhookSchema, providers, WebhookPayloadError, type CarrierWebhookProvider } from '../../api/webhooks';
import {
  aftershipCheckpoint, aftershipCrossBorder, aftershipWebhook, easypostDetail, easypostDomestic, easypostEvent, genericWebhook, headersOf,
  shippoDomestic, shippoStatus, shippoWebhook, sign,
} from './fixtures';

const secret = 'whsec_3b8f1c0e9a7d4e2f';
const now = 1_773_309_600;
const json = (payload: unknown) => JSON.stringify(payload);
const only = (provider: CarrierWebhookProvider, payload: unknown) => {
  const updates = provider.parse(json(payload));
  expect(updates).toHaveLength(1);
  return updates[0];
};
const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error.errors.map((e) => e.field);
    throw error;
  }
  throw new Error('expected a WebhookPayloadError');
};

describe('signatures', () => {
  const body = json(easypostDomestic);

  it('accepts an EasyPost delivery signed with the NFKD form of the secret, and nothing else', () => {
    const fullWidthSecret = 'ｓｅｃｒｅｔ-ﬁ'; // NFKD: "secret-fi"
    const header = sign.easypost(fullWidthSecret, body);
    expect(providers.easypost.verify(body, headersOf({ 'x-hmac-signature': header }), fullWidthSecret, now)).toEqual({ ok: true });
    expect(providers.easypost.verify(`${body} `, headersOf({ 'x-hmac-signature': header }), fullWidthSecret, now)).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(providers.easypost.verify(body, headersOf({ 'x-hmac-signature': sign.easypost('other', body) }), fullWidthSecret, now).ok).toBe(false);
    expect(providers.easypost.verify(body, headersOf({}), fullWidthSecret, now)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(providers.easypost.verify(body, headersOf({ 'x-hmac-signature': 'sha256=abc' }), fullWidthSecret, now)).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  it('accepts an AfterShip delivery with a base64 HMAC of the raw body and rejects a tampered one', () => {
    const header = sign.aftership(secret, body);
    expect(providers.aftership.verify(body, headersOf({ 'aftership-hmac-sha256': header }), secret, now)).toEqual({ ok: true });
    expect(providers.aftership.verify(body.replace('John Tester', 'Mallory'), headersOf({ 'aftership-hmac-sha256': header }), secret, now).ok).toBe(false);
    expect(providers.aftership.verify(body, headersOf({}), secret, now)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it.each([
    ['shippo', 'shippo-auth-signature'],
    ['generic', 'x-aftercart-signature'],
  ] as const)('%s: accepts a fresh t=,v1= signature and rejects tampered, unsigned, stale and future-dated ones', (name, headerName) => {
    const provider = providers[name];
    const verifyWith = (header: string, raw = body) => provider.verify(raw, headersOf({ [headerName]: header }), secret, now);
    expect(verifyWith(sign.timestamped(secret, body, now - 299))).toEqual({ ok: true });
    expect(verifyWith(sign.timestamped(secret, body, now), `${body}\n`)).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWith(sign.timestamped('someone-else', body, now))).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(provider.verify(body, headersOf({}), secret, now)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifyWith(sign.timestamped(secret, body, now - 301))).toEqual({ ok: false, reason: 'timestamp_outside_tolerance' });
    expect(verifyWith(sign.timestamped(secret, body, now + 301))).toEqual({ ok: false, reason: 'timestamp_outside_tolerance' });
    expect(verifyWith(`v1=${'0'.repeat(64)}`)).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  it('accepts either signature while the sender rotates secrets', () => {
    const old = sign.timestamped('old-secret', body, now);
    const fresh = sign.timestamped(secret, body, now).split(',')[1];
    expect(providers.generic.verify(body, headersOf({ 'x-aftercart-signature': `${old},${fresh}` }), secret, now)).toEqual({ ok: true });
  });

  it('never throws on a signature of the wrong length, and never accepts anything without a configured secret', () => {
    for (const name of ['easypost', 'aftership', 'shippo', 'generic'] as const) {
      const garbage = headersOf({ 'x-hmac-signature': 'hmac-sha256-hex=ab', 'aftership-hmac-sha256': 'AA==', 'shippo-auth-signature': `t=${now},v1=ab`, 'x-aftercart-signature': `t=${now},v1=ab` });
      expect(providers[name].verify(body, garbage, secret, now)).toEqual({ ok: false, reason: 'signature_mismatch' });
      expect(providers[name].verify(body, garbage, '', now)).toEqual({ ok: false, reason: 'secret_not_configured' });
    }
  });
});

describe('EasyPost', () => {
  it('turns a whole USPS history into one event per scan, signed for on delivery', () => {
    const update = only(providers.easypost, easypostDomestic);
    expect(update.carrier).toBe('usps');
    expect(update.trackingNumber).toBe('9400111899223856928499');
    expect(update.events.map((e) => e.status)).toEqual(['pre_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(update.events[0]).toMatchObject({ provider: 'easypost', occurredAt: '2026-03-01T05:56:54.000Z', description: 'Shipping Label Created', location: 'HOUSTON, TX' });
    // arrived_at_destination is EasyPost's normal delivered detail, not a border crossing.
    expect(update.events[4]).toEqual(expect.objectContaining({ status: 'delivered', signedBy: 'John Tester', location: 'COLUMBIA, SC, US' }));
    expect(update.events[4].milestone).toBeUndefined();
    expect(update.events.filter((e) => e.signedBy)).toHaveLength(1);
  });

  it('gives the same event ids when the same history is sent again, and keeps them when it grows', () => {
    const first = only(providers.easypost, easypostDomestic).events.map((e) => e.eventId);
    expect(only(providers.easypost, easypostDomestic).events.map((e) => e.eventId)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(first.every((id) => /^easypost:[0-9a-f]{32}$/.test(id))).toBe(true);
    const shorter = easypostEvent({ status: 'in_transit', status_detail: 'arrived_at_facility', details: easypostDomestic.result.tracking_details.slice(0, 2) });
    expect(only(providers.easypost, shorter).events.map((e) => e.eventId)).toEqual(first.slice(0, 2));
  });

  it.each([
    ['held', 'Held by customs - import duties and taxes due', 'customs_duties_owed'],
    ['awaiting_information', 'Clearance delay - commercial invoice required from shipper', 'customs_documents_required'],
    ['held', 'Shipment held for inspection by customs authority', 'customs_inspection'],
    ['transit_exception', 'Prohibited item - shipment seized by customs', 'customs_prohibited'],
    ['transit_exception', 'Clearance delay - Import', 'customs_inspection'],
    ['awaiting_information', 'Importer tax ID required for clearance', 'customs_documents_required'],
    ['held', 'Held at facility - incorrect address', 'address_problem'],
    ['held', 'Held at USPS facility', 'other'],
    ['address_correction', 'Addressee unknown', 'address_problem'],
    ['delivery_exception', 'Delivery attempted - no access to delivery location', 'failed_attempt'],
    ['damaged', 'Package damaged in transit', 'damaged'],
    ['lost', 'Unable to locate package', 'lost'],
    ['weather_delay', 'Delayed due to weather', 'stalled'],
  ])('a %s scan saying "%s" is a %s exception', (detail, message, kind) => {
    const payload = easypostEvent({ status: 'in_transit', status_detail: detail, details: [easypostDetail('2026-03-05T10:00:00Z', 'in_transit', detail, message)] });
    expect(only(providers.easypost, payload).events[0]).toMatchObject({ status: 'exception', exceptionKind: kind, description: message });
  });

  it('reports returns, pick-up points, customs release and the hand-off to the destination carrier', () => {
    const payload = easypostEvent({
      status: 'return_to_sender',
      status_detail: 'return',
      carrier: 'DHL Express',
      details: [
        easypostDetail('2026-03-05T09:00:00Z', 'in_transit', 'in_transit', 'Customs clearance completed', { city: 'LEIPZIG', country: 'DE' }),
        easypostDetail('2026-03-05T15:00:00Z', 'in_transit', 'transferred_to_destination_carrier', 'Forwarded to Deutsche Post for delivery'),
        easypostDetail('2026-03-07T11:00:00Z', 'available_for_pickup', 'arrived_at_pickup_location', 'Available for pickup at Packstation 118'),
        easypostDetail('2026-03-15T08:00:00Z', 'return_to_sender', 'refused', 'Not collected - returning to sender'),
      ],
    });
    const update = only(providers.easypost, payload);
    expect(update.carrier).toBe('dhl_express');
    expect(update.events.map((e) => [e.status, e.milestone])).toEqual([
      ['in_transit', 'customs_released'],
      ['in_transit', 'last_mile_handoff'],
      ['available_for_pickup', undefined],
      ['returned_to_sender', undefined],
    ]);
  });

  it('falls back to one event from the tracker status when there are no scans yet, and ignores non-tracker events', () => {
    const payload = easypostEvent({ status: 'pre_transit', status_detail: 'label_created', details: [] });
    expect(only(providers.easypost, payload).events).toEqual([
      expect.objectContaining({ status: 'pre_transit', occurredAt: '2026-03-04T19:22:46.000Z' }),
    ]);
    expect(providers.easypost.parse(json({ ...payload, description: 'batch.updated', result: { object: 'Batch' } }))).toEqual([]);
  });

  it('names the broken fields of a malformed body', () => {
    expect(fieldsOf(() => providers.easypost.parse('{"description": "tracker.updated",'))).toEqual(['(body)']);
    const broken = easypostEvent({ status: 'in_transit', status_detail: 'in_transit', details: [easypostDetail('yesterday', 'in_transit', 'in_transit', 'x')] });
    const result = { ...broken.result, tracking_code: undefined }; // JSON.stringify drops it
    expect(fieldsOf(() => providers.easypost.parse(json({ ...broken, result })))).toEqual(['result.tracking_code', 'result.tracking_details.0.datetime']);
  });
});

describe('AfterShip', () => {
  const update = only(providers.aftership, aftershipCrossBorder);

  it('follows a China -> Germany parcel through each border step to a signed delivery', () => {
    expect(update.carrier).toBe('4px');
    expect(update.trackingNumber).toBe('4PX3001234567890CN');
    const scans = update.events.filter((e) => !e.handoff);
    expect(scans.map((e) => [e.status, e.milestone])).toEqual([
      ['pre_transit', undefined],
      ['in_transit', undefined],
      ['in_transit', undefined],
      ['in_transit', 'arrived_destination_country'], // InTransit_004
      ['in_transit', 'customs_started'], // InTransit_006
      ['in_transit', 'customs_released'], // InTransit_005
      ['in_transit', undefined],
      ['out_for_delivery', undefined],
      ['delivered', undefined],
    ]);
    expect(scans[0]).toMatchObject({ occurredAt: '2026-03-02T01:12:00.000Z', location: 'SHENZHEN, CHN' });
    expect(scans[8]).toMatchObject({ signedBy: 'M. Mueller', location: 'Berlin, Germany' });
  });

  it('announces the last-mile carrier and tracking number once, at its first scan', () => {
    const handoffs = update.events.filter((e) => e.handoff);
    expect(handoffs).toEqual([
      expect.objectContaining({
        status: 'in_transit',
        milestone: 'last_mile_handoff',
        handoff: { carrier: 'dhl_germany', trackingNumber: '00340434161094042557' },
        occurredAt: '2026-03-07T04:45:00.000Z',
      }),
    ]);
    const later = aftershipWebhook({ ...aftershipCrossBorder.msg, checkpoints: aftershipCrossBorder.msg.checkpoints.slice(0, 6) });
    expect(only(providers.aftership, later).events.find((e) => e.handoff)?.eventId).toBe(handoffs[0].eventId);
  });

  it('gives the same event ids when the same history is sent again', () => {
    expect(only(providers.aftership, aftershipCrossBorder).events.map((e) => e.eventId)).toEqual(update.events.map((e) => e.eventId));
    expect(new Set(update.events.map((e) => e.eventId)).size).toBe(update.events.length);
  });

  it.each([
    ['Exception', 'Exception_004', 'Customs clearance delay', { status: 'exception', exceptionKind: 'customs_inspection' }],
    ['Exception', 'Exception_004', 'Clearance delay - commercial invoice required', { status: 'exception', exceptionKind: 'customs_documents_required' }],
    ['Exception', 'Exception_006', 'Held for payment', { status: 'exception', exceptionKind: 'customs_duties_owed' }],
    ['Exception', 'Exception_018', 'Shipment on hold: incorrect or missing documents', { status: 'exception', exceptionKind: 'customs_documents_required' }],
    ['Exception', 'Exception_021', 'Shipment destroyed by customs: prohibited item', { status: 'exception', exceptionKind: 'customs_prohibited' }],
    ['Exception', 'Exception_009', 'Rejected by carrier: contains prohibited goods', { status: 'exception', exceptionKind: 'customs_prohibited' }],
    ['Exception', 'Exception_007', 'Incorrect address', { status: 'exception', exceptionKind: 'address_problem' }],
    ['Exception', 'Exception_002', 'Recipient moved', { status: 'exception', exceptionKind: 'address_problem' }],
    ['Exception', 'Exception_012', 'Shipment damaged', { status: 'exception', exceptionKind: 'damaged' }],
    ['Exception', 'Exception_013', 'Shipment lost', { status: 'exception', exceptionKind: 'lost' }],
    ['Exception', 'Exception_017', 'Delayed due to storm', { status: 'exception', exceptionKind: 'stalled' }],
    ['AttemptFail', 'AttemptFail_002', 'Addressee not available', { status: 'exception', exceptionKind: 'failed_attempt' }],
    ['Exception', 'Exception_010', 'Returning to sender', { status: 'returned_to_sender' }],
    ['Exception', 'Exception_011', 'Returned to sender', { status: 'returned_to_sender' }],
    ['AvailableForPickup', 'AvailableForPickup_001', 'Ready for collection at DHL Packstation 118', { status: 'available_for_pickup' }],
    ['InfoReceived', 'InfoReceived_001', 'Shipment information received', { status: 'pre_transit' }],
  ])('%s / %s ("%s") becomes %o', (tag, subtag, message, expected) => {
    const payload = aftershipWebhook({ tag, subtag, checkpoints: [aftershipCheckpoint('2026-03-05T10:00:00+01:00', tag, subtag, message)] });
    const [event] = only(providers.aftership, payload).events;
    expect(event).toMatchObject(expected);
    if (expected.status !== 'exception') expect(event.exceptionKind).toBeUndefined();
  });

  it('reads a carrier-local checkpoint time without an offset as UTC, the same on every server', () => {
    const payload = aftershipWebhook({ tag: 'InTransit', subtag: 'InTransit_001', checkpoints: [aftershipCheckpoint('2026-03-05T10:00:00', 'InTransit', 'InTransit_001', 'In transit')] });
    expect(only(providers.aftership, payload).events[0].occurredAt).toBe('2026-03-05T10:00:00.000Z');
  });

  it('ignores non-tracking events and names the broken fields of a malformed body', () => {
    expect(providers.aftership.parse(json({ event: 'edd_revise', msg: {} }))).toEqual([]);
    const msg = { ...aftershipCrossBorder.msg, tracking_number: undefined }; // JSON.stringify drops it
    const noTime = { ...aftershipCheckpoint('', 'InTransit', 'InTransit_001', 'x'), checkpoint_time: null, created_at: null };
    expect(fieldsOf(() => providers.aftership.parse(json({ ...aftershipCrossBorder, msg: { ...msg, checkpoints: [noTime] } })))).toEqual([
      'msg.tracking_number',
      'msg.checkpoints.0.checkpoint_time',
    ]);
  });
});

describe('Shippo', () => {
  it('turns the tracking history into one event per scan, without repeating the current status', () => {
    const update = only(providers.shippo, shippoDomestic);
    expect(update).toMatchObject({ carrier: 'usps', trackingNumber: '9205590164917312751089' });
    expect(update.events.map((e) => e.status)).toEqual(['pre_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(update.events[4]).toMatchObject({ description: 'Delivered, Front Door/Porch', location: 'Spotsylvania, VA, US', occurredAt: '2026-03-05T14:26:00.000Z' });
    expect(update.events[0].eventId).toBe(`shippo:${shippoDomestic.data.tracking_history[0].object_id}`);
  });

  it('gives the same event ids when the same history is sent again, even without Shippo object ids', () => {
    const anonymous = shippoWebhook(shippoDomestic.data.tracking_history.map((s) => ({ ...s, object_id: null })));
    const first = only(providers.shippo, anonymous).events.map((e) => e.eventId);
    expect(first).toHaveLength(5);
    expect(only(providers.shippo, JSON.parse(json(anonymous))).events.map((e) => e.eventId)).toEqual(first);
  });

  it.each([
    ['TRANSIT', 'package_held', 'Held at customs: duties and taxes owed by recipient', { status: 'exception', exceptionKind: 'customs_duties_owed' }],
    ['TRANSIT', 'package_held', 'Customs: additional documentation required', { status: 'exception', exceptionKind: 'customs_documents_required' }],
    ['TRANSIT', 'package_held', 'Held by customs for examination', { status: 'exception', exceptionKind: 'customs_inspection' }],
    ['FAILURE', 'package_disposed', 'Prohibited item destroyed by customs', { status: 'exception', exceptionKind: 'customs_prohibited' }],
    ['TRANSIT', 'address_issue', 'Incorrect address - awaiting correction', { status: 'exception', exceptionKind: 'address_problem' }],
    ['TRANSIT', 'delivery_attempted', 'Notice left (no authorized recipient available)', { status: 'exception', exceptionKind: 'failed_attempt' }],
    ['FAILURE', 'package_damaged', 'Package damaged', { status: 'exception', exceptionKind: 'damaged' }],
    ['FAILURE', 'package_lost', 'Package lost in transit', { status: 'exception', exceptionKind: 'lost' }],
    ['RETURNED', 'return_to_sender', 'Return to sender processed', { status: 'returned_to_sender' }],
    ['TRANSIT', 'pickup_available', 'Available for pickup at post office', { status: 'available_for_pickup' }],
    ['TRANSIT', 'delayed', 'Delayed due to weather', { status: 'exception', exceptionKind: 'stalled' }],
  ])('%s / %s ("%s") becomes %o', (status, code, details, expected) => {
    const [event] = only(providers.shippo, shippoWebhook([shippoStatus('2026-03-04T10:00:00Z', status, code, details)])).events;
    expect(event).toMatchObject(expected);
  });

  it('ignores non-tracking events and names the broken fields of a malformed body', () => {
    expect(providers.shippo.parse(json({ event: 'transaction_created', data: {} }))).toEqual([]);
    const broken = shippoWebhook([{ ...shippoStatus('2026-03-04T10:00:00Z', 'TRANSIT', null, 'x'), status_date: 'soon' }], '', '9205');
    expect(fieldsOf(() => providers.shippo.parse(json(broken)))).toEqual(['data.carrier', 'data.tracking_status.status_date', 'data.tracking_history.0.status_date']);
  });
});

describe('generic', () => {
  const update = only(providers.generic, genericWebhook);

  it('takes our own format as sent, namespacing ids, normalizing carrier, number and times', () => {
    expect(update).toMatchObject({ carrier: 'dhl_express', trackingNumber: 'JD014600006281230704' });
    expect(update.events).toEqual([
      { eventId: 'generic:scan-1', provider: 'generic', status: 'in_transit', milestone: 'export_cleared', occurredAt: '2026-03-02T01:15:00.000Z', description: 'Export clearance completed', location: 'Hong Kong, HK' },
      { eventId: 'generic:scan-2', provider: 'generic', status: 'exception', exceptionKind: 'customs_duties_owed', occurredAt: '2026-03-04T10:00:00.000Z', description: 'Import duties outstanding' },
      { eventId: 'generic:scan-3', provider: 'generic', status: 'in_transit', milestone: 'last_mile_handoff', handoff: { carrier: 'deutsche_post', trackingNumber: 'RX123456785DE' }, occurredAt: '2026-03-05T07:00:00.000Z' },
      { eventId: 'generic:scan-4', provider: 'generic', status: 'delivered', signedBy: 'K. Schmidt', occurredAt: '2026-03-06T11:30:00.000Z' },
    ]);
  });

  it('treats an exception without a kind as "other", so it still gets a path', () => {
    const payload = { ...genericWebhook, events: [{ eventId: 'x', status: 'exception', occurredAt: '2026-03-04T11:00:00Z' }] };
    expect(only(providers.generic, payload).events[0].exceptionKind).toBe('other');
  });

  it('names every field of the wrong type', () => {
    const payload = { carrier: 'DHL', trackingNumber: 42, events: [{ eventId: 'x', status: 'teleported', occurredAt: '2026-03-04 11:00' }] };
    expect(fieldsOf(() => providers.generic.parse(json(payload)))).toEqual(['trackingNumber', 'events.0.status', 'events.0.occurredAt']);
    expect(fieldsOf(() => providers.generic.parse(json({ ...genericWebhook, events: [] })))).toEqual(['events']);
  });

  it('shows up in the OpenAPI document as GenericCarrierWebhook', () => {
    const app = new OpenAPIHono();
    app.openapi(
      createRoute({ method: 'post', path: '/hook', request: { body: { content: { 'application/json': { schema: GenericWebhookSchema } } } }, responses: { 202: { description: 'ok' } } }),
      (c) => c.body(null, 202),
    );
    const schemas = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } }).components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['GenericCarrierWebhook', 'GenericCarrierEvent']));
    expect(JSON.stringify(schemas.GenericCarrierEvent)).toContain('customs_duties_owed');
  });
});
