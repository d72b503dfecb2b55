import { z } from '@hono/zod-openapi';
import { verifyTimestamped } from './signatures';
import {
  checkpointList, carrierCode, carrierName, carrierTimestamp, joinLocation, lookup, parseJson, toTrackingEvent, trackingNumber, uniqueById, validate,
  type MappingTable, type StatusMapping,
} from './normalize';
import type { CarrierWebhookProvider } from './types';

/** tracking_status.status (docs.goshippo.com, Tracking Status). */
const byStatus: MappingTable = {
  // UNKNOWN: nothing from the carrier yet, typically before the acceptance scan.
  UNKNOWN: { status: 'pre_transit' },
  PRE_TRANSIT: { status: 'pre_transit' },
  TRANSIT: { status: 'in_transit' },
  DELIVERED: { status: 'delivered' },
  RETURNED: { status: 'returned_to_sender' },
  FAILURE: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
};

/** substatus.code values that say more than the status; the rest (package_arrived, delivery_scheduled...) don't. */
const bySubstatus: MappingTable = {
  information_received: { status: 'pre_transit' },
  package_accepted: { status: 'in_transit' },
  out_for_delivery: { status: 'out_for_delivery' },
  pickup_available: { status: 'available_for_pickup' },
  delivered: { status: 'delivered' },
  return_to_sender: { status: 'returned_to_sender' },
  address_issue: { status: 'exception', exceptionKind: 'address_problem' },
  delivery_attempted: { status: 'exception', exceptionKind: 'failed_attempt' },
  notice_left: { status: 'exception', exceptionKind: 'failed_attempt' },
  location_inaccessible: { status: 'exception', exceptionKind: 'failed_attempt' },
  // Not collected from the pick-up point in time: like a missed delivery, the customer can still act.
  package_unclaimed: { status: 'exception', exceptionKind: 'failed_attempt' },
  package_damaged: { status: 'exception', exceptionKind: 'damaged' },
  package_lost: { status: 'exception', exceptionKind: 'lost' },
  // Destroyed: as good as lost for the customer, unless the carrier says it was prohibited.
  package_disposed: { status: 'exception', exceptionKind: 'lost', refineByMessage: true },
  package_held: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
  contact_carrier: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
  package_undeliverable: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
  delayed: { status: 'exception', exceptionKind: 'stalled' },
};

function mappingOf(status: string, substatus: string | null | undefined): StatusMapping {
  return lookup(bySubstatus, substatus) ?? lookup(byStatus, status) ?? { status: 'in_transit' };
}

const TrackingStatus = z.object({
  object_id: z.string().nullish(),
  status: z.string(),
  status_details: z.string().nullish(),
  status_date: carrierTimestamp,
  substatus: z.object({ code: z.string().nullish(), text: z.string().nullish() }).nullish(),
  location: z.object({ city: z.string().nullish(), state: z.string().nullish(), country: z.string().nullish() }).nullish(),
});
const Track = z.object({
  carrier: carrierName,
  tracking_number: trackingNumber,
  tracking_status: TrackingStatus.nullish(),
  tracking_history: checkpointList(TrackingStatus).nullish(),
});
const Envelope = z.object({ event: z.string(), data: z.unknown() });

export const shippo: CarrierWebhookProvider = {
  name: 'shippo',

  verify(rawBody, header, secret, nowSeconds) {
    return verifyTimestamped(rawBody, header('shippo-auth-signature'), secret, nowSeconds);
  },

  parse(rawBody) {
    const json = parseJson(rawBody);
    // transaction_* and batch_* events share the endpoint; only track_updated is about a parcel.
    if (validate(json, Envelope).event !== 'track_updated') return [];
    const track = validate(json, z.object({ data: Track })).data;
    // tracking_status is the newest entry of tracking_history; ids (object_id) collapse the repeat.
    const history = [...(track.tracking_history ?? []), ...(track.tracking_status ? [track.tracking_status] : [])];
    const events = history.map((entry) =>
      toTrackingEvent({
        provider: 'shippo',
        trackingNumber: track.tracking_number,
        providerEventId: entry.object_id ?? undefined,
        occurredAt: entry.status_date,
        providerStatus: entry.status,
        providerSubstatus: entry.substatus?.code,
        mapping: mappingOf(entry.status, entry.substatus?.code),
        message: entry.status_details ?? entry.substatus?.text,
        location: joinLocation(entry.location?.city, entry.location?.state, entry.location?.country),
      }),
    );
    return [{ carrier: carrierCode(track.carrier), trackingNumber: track.tracking_number, events: uniqueById(events), raw: json }];
  },
};
