import { createHmac } from 'node:crypto';

/**
 * Payloads shaped like the providers' real webhooks (EasyPost Event/Tracker, AfterShip tracking_update,
 * Shippo track_updated), trimmed to the fields a reader needs, and signers that follow each provider's
 * documented scheme with node:crypto directly, independent of the code under test.
 */

export const sign = {
  easypost: (secret: string, body: string) =>
    `hmac-sha256-hex=${createHmac('sha256', secret.normalize('NFKD')).update(body).digest('hex')}`,
  aftership: (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64'),
  timestamped: (secret: string, body: string, t: number) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`,
};

export const headersOf = (headers: Record<string, string>) => (name: string) => headers[name];

// ---------------------------------------------------------------- EasyPost

type Place = { city?: string | null; state?: string | null; country?: string | null; zip?: string | null };

export function easypostDetail(datetime: string, status: string, statusDetail: string, message: string, place: Place = {}) {
  return {
    object: 'TrackingDetail',
    message,
    description: null,
    status,
    status_detail: statusDetail,
    datetime,
    source: 'USPS',
    carrier_code: null,
    tracking_location: { object: 'TrackingLocation', city: null, state: null, country: null, zip: null, ...place },
  };
}

export function easypostEvent(tracker: { status: string; status_detail: string; details: unknown[]; signed_by?: string | null; carrier?: string; tracking_code?: string }) {
  return {
    id: 'evt_dd98161ae46711edaa3c130acadc8cfc',
    object: 'Event',
    mode: 'production',
    description: 'tracker.updated',
    previous_attributes: { status: 'in_transit' },
    pending_urls: ['https://aftercart.example.com/v1/webhooks/carriers/easypost'],
    completed_urls: [],
    created_at: '2026-03-04T19:23:47.000Z',
    updated_at: '2026-03-04T19:23:47.000Z',
    user_id: 'user_52b4702af9c74377888e3f01cdb4cced',
    status: 'pending',
    result: {
      id: 'trk_49414692cbd24ca392942dde12013019',
      object: 'Tracker',
      mode: 'production',
      tracking_code: tracker.tracking_code ?? '9400111899223856928499',
      status: tracker.status,
      status_detail: tracker.status_detail,
      created_at: '2026-03-01T04:53:02Z',
      updated_at: '2026-03-04T19:22:46Z',
      signed_by: tracker.signed_by ?? null,
      weight: 17.6,
      est_delivery_date: '2026-03-04T00:00:00Z',
      shipment_id: 'shp_4b1ea5131c1449b2ae91a968e9696f49',
      carrier: tracker.carrier ?? 'USPS',
      tracking_details: tracker.details,
      carrier_detail: { object: 'CarrierDetail', service: 'Priority Mail', container_type: null },
      public_url: 'https://track.easypost.com/djE6dHJrXzQ5NDE0NjkyY2JkMjRjYTM5Mjk0MmRkZTEyMDEzMDE5',
      fees: [],
    },
  };
}

/** USPS Houston -> Columbia, SC, delivered and signed for. */
export const easypostDomestic = easypostEvent({
  status: 'delivered',
  status_detail: 'arrived_at_destination',
  signed_by: 'John Tester',
  details: [
    easypostDetail('2026-03-01T05:56:54Z', 'pre_transit', 'status_update', 'Shipping Label Created', { city: 'HOUSTON', state: 'TX', zip: '77063' }),
    easypostDetail('2026-03-01T16:01:54Z', 'in_transit', 'arrived_at_facility', 'Arrived at USPS Origin Facility', { city: 'NORTH HOUSTON', state: 'TX', zip: '77315' }),
    easypostDetail('2026-03-02T04:09:32Z', 'in_transit', 'departed_facility', 'Departed USPS Regional Facility', { city: 'NORTH HOUSTON', state: 'TX' }),
    easypostDetail('2026-03-04T07:10:00Z', 'out_for_delivery', 'out_for_delivery', 'Out for Delivery', { city: 'COLUMBIA', state: 'SC', country: 'US' }),
    easypostDetail('2026-03-04T19:22:46Z', 'delivered', 'arrived_at_destination', 'Delivered, In/At Mailbox', { city: 'COLUMBIA', state: 'SC', country: 'US' }),
  ],
});

// ---------------------------------------------------------------- AfterShip

export function aftershipCheckpoint(time: string, tag: string, subtag: string, message: string, place: Record<string, string | null> = {}, slug = '4px') {
  return {
    slug,
    city: null,
    created_at: '2026-03-10T05:10:41+00:00',
    location: null,
    country_name: null,
    message,
    country_iso3: null,
    tag,
    subtag,
    subtag_message: subtag,
    checkpoint_time: time,
    coordinates: [],
    state: null,
    zip: null,
    raw_tag: 'FPX_L_RPIF',
    ...place,
  };
}

export function aftershipWebhook(msg: { tag: string; subtag: string; checkpoints: unknown[]; next_couriers?: unknown[]; signed_by?: string | null; slug?: string }) {
  return {
    event_id: '3f645f5e-530b-4062-8695-db6a64420af8',
    event: 'tracking_update',
    is_tracking_first_tag: true,
    msg: {
      id: 'grhrexm6t3hiwkjwq37jd003',
      tracking_number: '4PX3001234567890CN',
      title: 'Order #1043',
      slug: msg.slug ?? '4px',
      active: true,
      origin_country_iso3: 'CHN',
      destination_country_iso3: 'DEU',
      tag: msg.tag,
      subtag: msg.subtag,
      subtag_message: msg.subtag,
      signed_by: msg.signed_by ?? null,
      shipment_type: 'Standard',
      updated_at: '2026-03-12T10:00:00+00:00',
      checkpoints: msg.checkpoints,
      next_couriers: msg.next_couriers ?? [],
      order_id: '1043',
      customer_name: null,
    },
    ts: 1773309600,
  };
}

/** Shenzhen -> Berlin with 4PX, cleared in Leipzig, handed to DHL Paket for the last mile. */
export const aftershipCrossBorder = aftershipWebhook({
  tag: 'Delivered',
  subtag: 'Delivered_003',
  signed_by: 'M. Mueller',
  next_couriers: [{ slug: 'dhl-germany', tracking_number: '00340434161094042557', source: 'carrier' }],
  checkpoints: [
    aftershipCheckpoint('2026-03-02T09:12:00+08:00', 'InfoReceived', 'InfoReceived_001', 'Shipment information received', { city: 'SHENZHEN', country_iso3: 'CHN' }),
    aftershipCheckpoint('2026-03-02T18:40:00+08:00', 'InTransit', 'InTransit_002', 'Parcel received at 4PX facility', { city: 'SHENZHEN', country_name: 'China' }),
    aftershipCheckpoint('2026-03-04T01:05:00+08:00', 'InTransit', 'InTransit_007', 'Departed from airport of origin', { city: 'SHENZHEN', country_name: 'China' }),
    aftershipCheckpoint('2026-03-05T06:30:00+01:00', 'InTransit', 'InTransit_004', 'Arrived at destination country', { city: 'LEIPZIG', country_name: 'Germany' }),
    aftershipCheckpoint('2026-03-05T09:00:00+01:00', 'InTransit', 'InTransit_006', 'Handed over to customs for clearance', { city: 'LEIPZIG', country_name: 'Germany' }),
    aftershipCheckpoint('2026-03-06T14:20:00+01:00', 'InTransit', 'InTransit_005', 'Customs clearance completed', { city: 'LEIPZIG', country_name: 'Germany' }),
    aftershipCheckpoint('2026-03-07T05:45:00+01:00', 'InTransit', 'InTransit_003', 'The shipment has been processed in the parcel center', { city: 'Radefeld', state: 'SN', country_name: 'Germany' }, 'dhl-germany'),
    aftershipCheckpoint('2026-03-08T08:02:00+01:00', 'OutForDelivery', 'OutForDelivery_001', 'The shipment has been loaded onto the delivery vehicle', { city: 'Berlin', country_name: 'Germany' }, 'dhl-germany'),
    aftershipCheckpoint('2026-03-08T13:37:00+01:00', 'Delivered', 'Delivered_003', 'The shipment has been delivered to the recipient', { city: 'Berlin', country_name: 'Germany' }, 'dhl-germany'),
  ],
});

// ---------------------------------------------------------------- Shippo

let shippoIds = 0;
export function shippoStatus(date: string, status: string, code: string | null, details: string, place: Record<string, string> = {}, objectId: string | null = `a8f3b1c2d4e5${String(++shippoIds).padStart(4, '0')}`) {
  return {
    object_created: date,
    object_updated: date,
    object_id: objectId,
    status,
    status_details: details,
    status_date: date,
    substatus: code ? { code, text: details, action_required: false } : null,
    location: { city: null, state: null, zip: null, country: 'US', ...place },
  };
}

export function shippoWebhook(history: ReturnType<typeof shippoStatus>[], carrier = 'usps', trackingNumber = '9205590164917312751089') {
  return {
    event: 'track_updated',
    test: false,
    data: {
      messages: [],
      carrier,
      tracking_number: trackingNumber,
      address_from: { city: 'Las Vegas', state: 'NV', zip: '89101', country: 'US' },
      address_to: { city: 'Spotsylvania', state: 'VA', zip: '22551', country: 'US' },
      eta: '2026-03-06T18:00:00Z',
      original_eta: '2026-03-05T18:00:00Z',
      servicelevel: { token: 'usps_priority', name: 'Priority Mail' },
      metadata: 'Order 000123',
      tracking_status: history.at(-1) ?? null,
      tracking_history: history,
      transaction: 'a2b3c4d5e6f748a9b0c1d2e3f4a5b6c7',
    },
  };
}

export const shippoDomestic = shippoWebhook([
  shippoStatus('2026-03-02T16:10:00Z', 'PRE_TRANSIT', 'information_received', 'Shipping Label Created, USPS Awaiting Item', { city: 'Las Vegas', state: 'NV', zip: '89101' }),
  shippoStatus('2026-03-02T22:41:00Z', 'TRANSIT', 'package_accepted', 'USPS picked up item', { city: 'Las Vegas', state: 'NV', zip: '89101' }),
  shippoStatus('2026-03-03T04:03:00Z', 'TRANSIT', 'package_departed', 'Departed USPS Regional Facility', { city: 'Las Vegas', state: 'NV' }),
  shippoStatus('2026-03-05T08:12:00Z', 'TRANSIT', 'out_for_delivery', 'Out for Delivery, Expected Delivery by 8:00pm', { city: 'Spotsylvania', state: 'VA', zip: '22551' }),
  shippoStatus('2026-03-05T14:26:00Z', 'DELIVERED', 'delivered', 'Delivered, Front Door/Porch', { city: 'Spotsylvania', state: 'VA', zip: '22551' }),
]);

// ---------------------------------------------------------------- generic

export const genericWebhook = {
  carrier: 'DHL Express',
  trackingNumber: ' JD014600006281230704 ',
  shipperReference: 'ignored-by-us',
  events: [
    { eventId: 'scan-1', status: 'in_transit', milestone: 'export_cleared', occurredAt: '2026-03-02T09:15:00+08:00', description: 'Export clearance completed', location: 'Hong Kong, HK' },
    { eventId: 'scan-2', status: 'exception', exceptionKind: 'customs_duties_owed', occurredAt: '2026-03-04T11:00:00+01:00', description: 'Import duties outstanding' },
    { eventId: 'scan-3', status: 'in_transit', occurredAt: '2026-03-05T08:00:00+01:00', handoff: { carrier: 'Deutsche Post', trackingNumber: 'RX123456785DE' } },
    { eventId: 'scan-4', status: 'delivered', occurredAt: '2026-03-06T12:30:00+01:00', signedBy: 'K. Schmidt' },
  ],
};
