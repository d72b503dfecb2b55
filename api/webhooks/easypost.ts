import { z } from '@hono/zod-openapi';
import { digestMatches, hmacSha256, rejected } from './signatures';
import {
  checkpointList, carrierCode, carrierName, carrierTimestamp, joinLocation, lookup, parseJson, required, toTrackingEvent, trackingNumber, uniqueById, validate,
  withSigner, type Checkpoint, type MappingTable, type StatusMapping,
} from './normalize';
import type { CarrierWebhookProvider } from './types';

/** Tracker.status (docs.easypost.com/docs/trackers): the ten values, each with its meaning for us. */
const byStatus: MappingTable = {
  // "unknown": the carrier has not scanned the label yet; never a problem on its own.
  unknown: { status: 'pre_transit' },
  pre_transit: { status: 'pre_transit' },
  in_transit: { status: 'in_transit' },
  out_for_delivery: { status: 'out_for_delivery' },
  delivered: { status: 'delivered' },
  available_for_pickup: { status: 'available_for_pickup' },
  return_to_sender: { status: 'returned_to_sender' },
  failure: { status: 'exception', exceptionKind: 'failed_attempt', refineByMessage: true },
  cancelled: { status: 'exception', exceptionKind: 'other' },
  // A tracking error (carrier unreachable, code unknown) is for operators to look at.
  error: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
};

/**
 * status_detail values that change what the status means. Absent ones (arrived_at_facility, departed_facility,
 * label_created, status_update, arrived_at_destination...) leave the status in charge: EasyPost reports a normal
 * delivery as delivered/arrived_at_destination, so that detail is not a cross-border milestone.
 */
const byDetail: MappingTable = {
  held: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
  awaiting_information: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
  transit_exception: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
  delivery_exception: { status: 'exception', exceptionKind: 'failed_attempt', refineByMessage: true },
  address_correction: { status: 'exception', exceptionKind: 'address_problem' },
  damaged: { status: 'exception', exceptionKind: 'damaged' },
  lost: { status: 'exception', exceptionKind: 'lost' },
  // The recipient said no: nothing to retry; the carrier's return scan follows.
  refused: { status: 'exception', exceptionKind: 'other' },
  // Carrier-declared delays: the parcel is not moving, which is what `stalled` tells the customer.
  delayed: { status: 'exception', exceptionKind: 'stalled' },
  weather_delay: { status: 'exception', exceptionKind: 'stalled' },
  expired: { status: 'exception', exceptionKind: 'stalled' },
  cancelled: { status: 'exception', exceptionKind: 'other' },
  return: { status: 'returned_to_sender' },
  transferred_to_destination_carrier: { status: 'in_transit', milestone: 'last_mile_handoff' },
};

/** Outcomes stand whatever the detail says: a delivered or returning parcel is not "held". */
const outcomeStatuses = new Set(['delivered', 'return_to_sender', 'available_for_pickup']);

function mappingOf(status: string, detail: string | null | undefined): StatusMapping {
  const fromDetail = outcomeStatuses.has(status) ? undefined : lookup(byDetail, detail);
  // A status EasyPost adds later is most likely movement; the stalled timer catches it if not.
  return fromDetail ?? lookup(byStatus, status) ?? { status: 'in_transit' };
}

const location = z.object({ city: z.string().nullish(), state: z.string().nullish(), country: z.string().nullish() }).nullish();
const trackingDetail = z.object({
  datetime: carrierTimestamp,
  status: z.string(),
  status_detail: z.string().nullish(),
  message: z.string().nullish(),
  tracking_location: location,
});
const Tracker = z.object({
  tracking_code: trackingNumber,
  carrier: carrierName,
  status: z.string(),
  status_detail: z.string().nullish(),
  signed_by: z.string().nullish(),
  updated_at: carrierTimestamp.nullish(),
  tracking_details: checkpointList(trackingDetail).nullish(),
});
const EasyPostEvent = z.object({ description: z.string(), result: z.unknown() });

export const easypost: CarrierWebhookProvider = {
  name: 'easypost',

  verify(rawBody, header, secret) {
    if (!secret) return rejected('secret_not_configured');
    const value = header('x-hmac-signature');
    if (!value) return rejected('missing_signature');
    const prefix = 'hmac-sha256-hex=';
    if (!value.startsWith(prefix)) return rejected('malformed_signature');
    // EasyPost keys the HMAC with the NFKD form of the secret, as its client libraries do.
    const expected = hmacSha256(secret.normalize('NFKD'), rawBody);
    return digestMatches(expected, value.slice(prefix.length), 'hex') ? { ok: true } : rejected('signature_mismatch');
  },

  parse(rawBody) {
    const json = parseJson(rawBody);
    // Batch, shipment and refund events share the endpoint; only tracker.* events are about parcels.
    if (!validate(json, EasyPostEvent).description.startsWith('tracker.')) return [];
    const tracker = validate(json, z.object({ result: Tracker })).result;
    const base = { provider: 'easypost', trackingNumber: tracker.tracking_code } as const;
    const details = tracker.tracking_details ?? [];
    const checkpoints: Checkpoint[] = details.map((detail) => ({
      ...base,
      occurredAt: detail.datetime,
      providerStatus: detail.status,
      providerSubstatus: detail.status_detail,
      mapping: mappingOf(detail.status, detail.status_detail),
      message: detail.message,
      location: joinLocation(detail.tracking_location?.city, detail.tracking_location?.state, detail.tracking_location?.country),
    }));
    if (checkpoints.length === 0) {
      checkpoints.push({
        ...base,
        occurredAt: required(tracker.updated_at, 'result.updated_at'),
        providerStatus: tracker.status,
        providerSubstatus: tracker.status_detail,
        mapping: mappingOf(tracker.status, tracker.status_detail),
      });
    }
    const events = withSigner(uniqueById(checkpoints.map(toTrackingEvent)), tracker.signed_by);
    return [{ carrier: carrierCode(tracker.carrier), trackingNumber: tracker.tracking_code, events, raw: json }];
  },
};
