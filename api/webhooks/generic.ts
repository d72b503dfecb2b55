import { z } from '@hono/zod-openapi';
import { exceptionKinds, milestones, trackingStatuses, type TrackingEvent } from '../../workflows/shipment/tracking';
import { isoTimestamp } from '../schemas/common';
import { verifyTimestamped } from './signatures';
import { checkpointList, carrierCode, carrierName, parseJson, toUtcIso, trackingNumber, validate } from './normalize';
import type { CarrierWebhookProvider } from './types';

const text = (max: number) => z.string().trim().min(1).max(max);

const GenericEventSchema = z
  .object({
    eventId: text(128).openapi({ description: 'Your id for this scan; re-sending it is harmless (deduplicated).' }),
    status: z.enum(trackingStatuses),
    exceptionKind: z.enum(exceptionKinds).optional().openapi({ description: 'With status "exception"; defaults to "other".' }),
    milestone: z.enum(milestones).optional(),
    occurredAt: isoTimestamp.openapi({ description: 'When the carrier scanned the parcel, with offset.', example: '2026-03-02T09:15:00+01:00' }),
    description: text(1000).optional(),
    location: text(300).optional(),
    signedBy: text(200).optional(),
    handoff: z
      .object({ carrier: carrierName, trackingNumber })
      .optional()
      .openapi({ description: 'The carrier and tracking number taking over (last-mile hand-off).' }),
  })
  .openapi('GenericCarrierEvent');

/** Our own format for carriers and aggregators we have no adapter for: already in the normalized taxonomy. */
export const GenericWebhookSchema = z
  .object({
    carrier: carrierName.openapi({ example: 'DHL Express' }),
    trackingNumber: trackingNumber.openapi({ example: 'JD014600006281230704' }),
    events: checkpointList(GenericEventSchema).min(1),
  })
  .openapi('GenericCarrierWebhook');

function toTrackingEvent(event: z.output<typeof GenericEventSchema>): TrackingEvent {
  const normalized: TrackingEvent = {
    // Namespaced so a sender's ids cannot collide with another provider's in the same shipment.
    eventId: `generic:${event.eventId}`,
    provider: 'generic',
    status: event.status,
    occurredAt: toUtcIso(event.occurredAt) ?? event.occurredAt,
  };
  // A kind only means something on an exception; an exception without one still needs a path.
  if (event.status === 'exception') normalized.exceptionKind = event.exceptionKind ?? 'other';
  if (event.milestone) normalized.milestone = event.milestone;
  if (event.description) normalized.description = event.description;
  if (event.location) normalized.location = event.location;
  if (event.signedBy) normalized.signedBy = event.signedBy;
  if (event.handoff) {
    normalized.milestone = 'last_mile_handoff';
    normalized.handoff = { carrier: carrierCode(event.handoff.carrier), trackingNumber: event.handoff.trackingNumber };
  }
  return normalized;
}

export const generic: CarrierWebhookProvider = {
  name: 'generic',

  verify(rawBody, header, secret, nowSeconds) {
    return verifyTimestamped(rawBody, header('x-aftercart-signature'), secret, nowSeconds);
  },

  parse(rawBody) {
    const json = parseJson(rawBody);
    const body = validate(json, GenericWebhookSchema);
    return [{ carrier: carrierCode(body.carrier), trackingNumber: body.trackingNumber, events: body.events.map(toTrackingEvent), raw: json }];
  },
};
