import { JsonColumn } from './json-column';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';

/** Projection of one parcel for lists and reports; the shipment workflow owns its state. */
export class Shipment {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'stage' | 'direction';
  id!: string;
  orderId!: string;
  carrier!: string;
  trackingNumber!: string;
  stage: string = 'shipped';
  exceptionKind?: string;
  /** outbound (to the customer) or return (back to the warehouse). */
  direction: string = 'outbound';
  /** What the parcel carried: return eligibility counts delivered units per sku from here. */
  items?: { sku: string; quantity: number }[];
  /** When the carrier says it was delivered (the return window counts from here); outlives the workflow. */
  deliveredAt?: Date;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

/** Every normalized carrier event a shipment accepted, once per provider event id. */
export class TrackingEventRecord {
  [OptionalProps]?: 'receivedAt';
  id!: number;
  shipmentId!: string;
  provider!: string;
  eventId!: string;
  status!: string;
  exceptionKind?: string;
  milestone?: string;
  occurredAt!: Date;
  description?: string;
  location?: string;
  receivedAt: Date = new Date();
}

/**
 * Carrier events for a tracking number no open shipment owns (often the carrier scans before the warehouse
 * says "shipped"). Kept with the raw payload for operators and replayed when the shipment appears. Bounded:
 * an identical delivery (same provider, parcel and events: `contentHash`) is stored once and counted, and rows
 * older than UNMATCHED_WEBHOOK_RETENTION are deleted (api/webhooks/unmatched-store.ts).
 */
export class UnmatchedWebhookEvent {
  [OptionalProps]?: 'receivedAt' | 'lastReceivedAt' | 'deliveries';
  id!: number;
  provider!: string;
  carrier!: string;
  trackingNumber!: string;
  reason!: 'unknown_tracking_number' | 'shipment_closed' | 'stale_generation';
  events!: unknown[];
  payload!: unknown;
  /** SHA-256 of provider, carrier, tracking number and the normalized events. */
  contentHash!: string;
  /** How many times this same delivery arrived. */
  deliveries: number = 1;
  receivedAt: Date = new Date();
  lastReceivedAt: Date = new Date();
  replayedAt?: Date;
  replayedInto?: string;
}

/**
 * Which shipment follows a carrier + tracking number (its own, and last-mile hand-offs). Carriers recycle numbers:
 * each parcel that reuses one is a new generation (activities/shipment/tracking-numbers.ts); the newest takes the
 * number's scans, except those dated before it was handed over.
 */
export class TrackingNumberOwner {
  [OptionalProps]?: 'generation';
  id!: number;
  carrier!: string;
  trackingNumber!: string;
  shipmentId!: string;
  /** 1 for the first parcel with this number (and every row from before generations). */
  generation: number = 1;
  orderId?: string;
  /** When the warehouse handed the parcel over (its shipped event); scans dated earlier are an older parcel's. */
  handedOverAt?: Date;
  /** The claim that chose this row (order workflow + warehouse event): a retried claim finds it again. */
  claimKey?: string;
}

export const TrackingNumberOwnerSchema = new EntitySchema<TrackingNumberOwner>({
  class: TrackingNumberOwner,
  tableName: 'tracking_numbers',
  uniques: [{ properties: ['carrier', 'trackingNumber', 'generation'] }, { properties: ['claimKey'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    carrier: { type: 'string', length: 32 },
    trackingNumber: { type: 'string', length: 64 },
    shipmentId: { type: 'string', length: 191 },
    generation: { type: 'integer', default: 1 },
    orderId: { type: 'string', length: 64, nullable: true },
    handedOverAt: { type: 'datetime', length: 3, nullable: true },
    claimKey: { type: 'string', length: 191, nullable: true },
  },
});

export const ShipmentSchema = new EntitySchema<Shipment>({
  class: Shipment,
  tableName: 'shipments',
  indexes: [{ properties: ['orderId'] }, { properties: ['carrier', 'trackingNumber'] }],
  properties: {
    id: { type: 'string', primary: true, length: 191 },
    orderId: { type: 'string', length: 64 },
    carrier: { type: 'string', length: 32 },
    trackingNumber: { type: 'string', length: 64 },
    stage: { type: 'string', length: 32 },
    exceptionKind: { type: 'string', length: 48, nullable: true },
    direction: { type: 'string', length: 8, default: 'outbound' },
    items: { type: JsonColumn, nullable: true },
    deliveredAt: { type: 'datetime', length: 3, nullable: true },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});

export const TrackingEventRecordSchema = new EntitySchema<TrackingEventRecord>({
  class: TrackingEventRecord,
  tableName: 'tracking_events',
  // Provider event ids are unique per parcel at least (our generic format leaves them to the sender).
  uniques: [{ properties: ['shipmentId', 'provider', 'eventId'] }],
  indexes: [{ properties: ['shipmentId', 'occurredAt'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    shipmentId: { type: 'string', length: 191 },
    provider: { type: 'string', length: 32 },
    eventId: { type: 'string', length: 191 },
    status: { type: 'string', length: 32 },
    exceptionKind: { type: 'string', length: 48, nullable: true },
    milestone: { type: 'string', length: 48, nullable: true },
    occurredAt: { type: 'datetime', length: 3 },
    description: { type: 'string', length: 500, nullable: true },
    location: { type: 'string', length: 200, nullable: true },
    receivedAt: { type: 'datetime', length: 3 },
  },
});

export const UnmatchedWebhookEventSchema = new EntitySchema<UnmatchedWebhookEvent>({
  class: UnmatchedWebhookEvent,
  tableName: 'unmatched_webhook_events',
  uniques: [{ properties: ['contentHash'] }],
  // Lookups by parcel (replay, filtered list); the operators' list, newest first; the retention prune.
  indexes: [{ properties: ['carrier', 'trackingNumber', 'replayedAt'] }, { properties: ['replayedAt', 'receivedAt'] }, { properties: ['receivedAt'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    provider: { type: 'string', length: 32 },
    carrier: { type: 'string', length: 32 },
    trackingNumber: { type: 'string', length: 64 },
    reason: { type: 'string', length: 32 },
    events: { type: JsonColumn },
    payload: { type: JsonColumn },
    contentHash: { type: 'string', length: 64, columnType: 'char(64)' },
    deliveries: { type: 'integer', default: 1 },
    receivedAt: { type: 'datetime', length: 3 },
    lastReceivedAt: { type: 'datetime', length: 3 },
    replayedAt: { type: 'datetime', length: 3, nullable: true },
    replayedInto: { type: 'string', length: 191, nullable: true },
  },
});
