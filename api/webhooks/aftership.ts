import { z } from '@hono/zod-openapi';
import type { TrackingEvent } from '../../workflows/shipment/tracking';
import { digestMatches, hmacSha256, rejected } from './signatures';
import {
  checkpointList, carrierCode, carrierName, carrierTimestamp, joinLocation, lookup, parseJson, required, toTrackingEvent, trackingNumber, uniqueById,
  validate, withSigner, type Checkpoint, type MappingTable, type StatusMapping,
} from './normalize';
import type { CarrierWebhookProvider } from './types';

/** Delivery statuses ("tags", aftership.com/docs/tracking/enum/delivery-statuses). */
const byTag: MappingTable = {
  Pending: { status: 'pre_transit' },
  InfoReceived: { status: 'pre_transit' },
  InTransit: { status: 'in_transit' },
  OutForDelivery: { status: 'out_for_delivery' },
  AttemptFail: { status: 'exception', exceptionKind: 'failed_attempt' },
  Delivered: { status: 'delivered' },
  AvailableForPickup: { status: 'available_for_pickup' },
  Exception: { status: 'exception', exceptionKind: 'other', refineByMessage: true },
  // No tracking information for 30 days.
  Expired: { status: 'exception', exceptionKind: 'stalled' },
};

/**
 * Sub-statuses that say more than their tag (aftership.com/docs/tracking/enum/delivery-sub-statuses and the
 * March 2026 additions). Mind the numbering: InTransit_005 is clearance *completed*, InTransit_006 *started*.
 */
const bySubtag: MappingTable = {
  InTransit_004: { status: 'in_transit', milestone: 'arrived_destination_country' },
  InTransit_005: { status: 'in_transit', milestone: 'customs_released' },
  InTransit_006: { status: 'in_transit', milestone: 'customs_started' },
  // Legacy: "arrived at sorting center and is available for pickup".
  OutForDelivery_002: { status: 'available_for_pickup' },
  Exception_002: { status: 'exception', exceptionKind: 'address_problem' }, // customer moved
  Exception_003: { status: 'exception', exceptionKind: 'other' }, // refused: nothing to re-attempt
  Exception_004: { status: 'exception', exceptionKind: 'customs_inspection', refineByMessage: true }, // delayed (customs clearance)
  Exception_005: { status: 'exception', exceptionKind: 'stalled' }, // delayed (external factors)
  Exception_006: { status: 'exception', exceptionKind: 'customs_duties_owed', refineByMessage: true }, // held for payment
  Exception_007: { status: 'exception', exceptionKind: 'address_problem' }, // incorrect address
  Exception_008: { status: 'exception', exceptionKind: 'failed_attempt' }, // pick-up missed
  Exception_009: { status: 'exception', exceptionKind: 'other', refineByMessage: true }, // rejected by carrier
  Exception_010: { status: 'returned_to_sender' }, // returning to sender
  Exception_011: { status: 'returned_to_sender' }, // returned to sender
  Exception_012: { status: 'exception', exceptionKind: 'damaged' },
  Exception_013: { status: 'exception', exceptionKind: 'lost' },
  Exception_016: { status: 'exception', exceptionKind: 'stalled' }, // delayed (processing issue)
  Exception_017: { status: 'exception', exceptionKind: 'stalled' }, // delayed (extreme weather)
  Exception_018: { status: 'exception', exceptionKind: 'customs_documents_required' }, // incorrect / missing documents
  Exception_019: { status: 'exception', exceptionKind: 'stalled' }, // delayed (late flight)
  Exception_020: { status: 'exception', exceptionKind: 'other' }, // shipment cancelled
  // Disposed: destroyed, "usually due to it being prohibited, damaged, or unable to be delivered".
  Exception_021: { status: 'exception', exceptionKind: 'lost', refineByMessage: true },
};

function mappingOf(tag: string, subtag: string | null | undefined): StatusMapping {
  return lookup(bySubtag, subtag) ?? lookup(byTag, tag) ?? { status: 'in_transit' };
}

const checkpoint = z
  .object({
    slug: z.string().nullish(),
    checkpoint_time: carrierTimestamp.nullish(),
    created_at: carrierTimestamp.nullish(),
    message: z.string().nullish(),
    tag: z.string().nullish(),
    subtag: z.string().nullish(),
    location: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    country_name: z.string().nullish(),
    country_iso3: z.string().nullish(),
  })
  .refine((c) => c.checkpoint_time || c.created_at, { message: 'is required', path: ['checkpoint_time'] });
const Tracking = z.object({
  tracking_number: trackingNumber,
  slug: carrierName,
  tag: z.string(),
  subtag: z.string().nullish(),
  signed_by: z.string().nullish(),
  updated_at: carrierTimestamp.nullish(),
  checkpoints: checkpointList(checkpoint).nullish(),
  next_couriers: z.array(z.object({ slug: carrierName, tracking_number: trackingNumber })).max(10).nullish(),
});
const Envelope = z.object({ event: z.string(), msg: z.unknown() });

type Tracking = z.output<typeof Tracking>;

/**
 * `next_couriers` names who takes the parcel over. The hand-off is its own event with an id built from the
 * next carrier and number, so it reaches the workflow once, however many times the history is re-sent.
 */
function handoffEvents(tracking: Tracking, events: TrackingEvent[], checkpointSlugs: (string | null | undefined)[]): TrackingEvent[] {
  return (tracking.next_couriers ?? []).map((next) => {
    const carrier = carrierCode(next.slug);
    const firstScan = events.find((_, index) => carrierCode(checkpointSlugs[index] ?? '') === carrier);
    const event = toTrackingEvent({
      provider: 'aftership',
      trackingNumber: tracking.tracking_number,
      providerEventId: `handoff:${carrier}:${next.tracking_number}`,
      occurredAt: (firstScan ?? events.at(-1))?.occurredAt ?? '',
      providerStatus: 'next_courier',
      mapping: { status: 'in_transit', milestone: 'last_mile_handoff' },
      message: `Handed over to ${next.slug} for the last mile (tracking number ${next.tracking_number})`,
    });
    return { ...event, handoff: { carrier, trackingNumber: next.tracking_number } };
  });
}

export const aftership: CarrierWebhookProvider = {
  name: 'aftership',

  verify(rawBody, header, secret) {
    if (!secret) return rejected('secret_not_configured');
    const value = header('aftership-hmac-sha256');
    if (!value) return rejected('missing_signature');
    return digestMatches(hmacSha256(secret, rawBody), value.trim(), 'base64') ? { ok: true } : rejected('signature_mismatch');
  },

  parse(rawBody) {
    const json = parseJson(rawBody);
    // edd_revise and tracking_pending_time share the endpoint; only tracking_update carries scans.
    if (validate(json, Envelope).event !== 'tracking_update') return [];
    const tracking = validate(json, z.object({ msg: Tracking })).msg;
    const base = { provider: 'aftership', trackingNumber: tracking.tracking_number } as const;
    const checkpoints: Checkpoint[] = (tracking.checkpoints ?? []).map((c) => {
      const tag = c.tag ?? tracking.tag;
      return {
        ...base,
        occurredAt: c.checkpoint_time ?? c.created_at ?? '',
        providerStatus: tag,
        providerSubstatus: c.subtag,
        mapping: mappingOf(tag, c.subtag),
        message: c.message,
        location: joinLocation(c.city, c.state, c.country_name ?? c.country_iso3) ?? joinLocation(c.location),
      };
    });
    const slugs = (tracking.checkpoints ?? []).map((c) => c.slug);
    if (checkpoints.length === 0) {
      checkpoints.push({
        ...base,
        occurredAt: required(tracking.updated_at, 'msg.updated_at'),
        providerStatus: tracking.tag,
        providerSubstatus: tracking.subtag,
        mapping: mappingOf(tracking.tag, tracking.subtag),
      });
    }
    const scans = checkpoints.map(toTrackingEvent);
    const events = withSigner(uniqueById([...scans, ...handoffEvents(tracking, scans, slugs)]), tracking.signed_by);
    return [{ carrier: carrierCode(tracking.slug), trackingNumber: tracking.tracking_number, events, raw: json }];
  },
};
