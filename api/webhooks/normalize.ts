import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { limits } from '../../workflows/shared/limits';
import type { ExceptionKind, Milestone, TrackingEvent, TrackingStatus } from '../../workflows/shipment/tracking';
import { milestoneFromMessage, refineExceptionKind } from './carrier-messages';
import { WebhookPayloadError, type ProviderName } from './types';

/** One row of a provider's mapping table: what a provider status (or sub-status) means in our taxonomy. */
export interface StatusMapping {
  status: TrackingStatus;
  exceptionKind?: ExceptionKind;
  milestone?: Milestone;
  /** The code says "held" but not why: let the scan message pick the customs kind. */
  refineByMessage?: true;
}

export type MappingTable = Readonly<Record<string, StatusMapping>>;

/** Own keys only, so a status called "constructor" cannot reach Object.prototype. */
export function lookup(table: MappingTable, key: string | null | undefined): StatusMapping | undefined {
  return key && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** "USPS" -> "usps", "DHL Express" -> "dhl_express", AfterShip "dhl-global-mail" -> "dhl_global_mail". */
export function carrierCode(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

export const carrierName = z.string().refine((value) => carrierCode(value) !== '', 'must name a carrier');
export const trackingNumber = z.string().trim().min(1, 'must not be empty');

const isoPattern = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Carrier times as UTC ISO-8601. A time without an offset (AfterShip passes carrier-local times through) is
 * read as UTC rather than in the server's zone, so every machine derives the same event time and event id.
 */
export function toUtcIso(value: string): string | undefined {
  const match = isoPattern.exec(value.trim());
  if (!match) return undefined;
  const [, date, time = '00:00:00', zone] = match;
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const at = Date.parse(`${date}T${time}${offset}`);
  return Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

export const carrierTimestamp = z.string().transform((value, ctx) => {
  const iso = toUtcIso(value);
  if (!iso) ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date-time' });
  return iso ?? '';
});

/**
 * How deeply a JSON text nests arrays and objects, counted on the text (no recursion, so a body nested a
 * million levels deep costs one pass and no stack).
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return deepest;
}

/** A webhook body as JSON, refused (naming the body) when it is not JSON or nests deeper than we keep. */
export function parseJson(rawBody: string): unknown {
  if (jsonDepth(rawBody) > limits.webhookDepth) {
    throw new WebhookPayloadError([{ field: '(body)', reason: `nests deeper than ${limits.webhookDepth} levels` }]);
  }
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError([{ field: '(body)', reason: 'is not valid JSON' }]);
  }
}

/** A provider's list of checkpoints: bounded, as every webhook request is (lib/limits.ts). */
export const checkpointList = <T extends z.ZodType>(item: T) => z.array(item).max(limits.eventsPerWebhook);

/** Every schema problem becomes a WebhookPayloadError naming the field, as a 400 problem document would. */
export function validate<T extends z.ZodType>(json: unknown, schema: T): z.output<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new WebhookPayloadError(result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', reason: issue.message })));
  }
  return result.data;
}

/** For fields a payload may omit only when it carries checkpoints: the top-level status then needs a time. */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw new WebhookPayloadError([{ field, reason: 'is required when there are no checkpoints' }]);
  return value;
}

export function joinLocation(...parts: (string | null | undefined)[]): string | undefined {
  const present = parts.map((part) => part?.trim()).filter((part): part is string => !!part);
  return present.length > 0 ? present.join(', ') : undefined;
}

/** One checkpoint as the provider described it, before it becomes a TrackingEvent. */
export interface Checkpoint {
  provider: ProviderName;
  trackingNumber: string;
  /** The provider's own id for this checkpoint, when it has one. */
  providerEventId?: string;
  occurredAt: string;
  providerStatus: string;
  providerSubstatus?: string | null;
  mapping: StatusMapping;
  message?: string | null;
  location?: string;
}

/**
 * Provider id when there is one, else a hash of what identifies the scan. Only identity goes into the hash,
 * never message text or location, so a re-sent history (or a carrier re-wording a scan) keeps its ids.
 */
export function eventIdOf(checkpoint: Checkpoint): string {
  if (checkpoint.providerEventId) return `${checkpoint.provider}:${checkpoint.providerEventId}`;
  const identity = [checkpoint.trackingNumber, checkpoint.occurredAt, checkpoint.providerStatus, checkpoint.providerSubstatus ?? ''];
  return `${checkpoint.provider}:${createHash('sha256').update(identity.join('\u001f')).digest('hex').slice(0, 32)}`;
}

export function toTrackingEvent(checkpoint: Checkpoint): TrackingEvent {
  const { mapping } = checkpoint;
  const message = checkpoint.message?.trim() || undefined;
  const kind = mapping.exceptionKind ?? 'other';
  const event: TrackingEvent = {
    eventId: eventIdOf(checkpoint),
    provider: checkpoint.provider,
    status: mapping.status,
    occurredAt: checkpoint.occurredAt,
  };
  if (mapping.status === 'exception') event.exceptionKind = mapping.refineByMessage ? refineExceptionKind(kind, message) : kind;
  const milestone = mapping.milestone ?? (mapping.status === 'in_transit' ? milestoneFromMessage(message) : undefined);
  if (milestone) event.milestone = milestone;
  if (message) event.description = message;
  if (checkpoint.location) event.location = checkpoint.location;
  return event;
}

/** Providers repeat the current status inside the history; one event per id is enough. */
export function uniqueById(events: TrackingEvent[]): TrackingEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId));
}

/** Trackers carry the signer once, not per scan: it belongs on the latest delivered checkpoint. */
export function withSigner(events: TrackingEvent[], signedBy: string | null | undefined): TrackingEvent[] {
  const signer = signedBy?.trim();
  if (!signer) return events;
  const latest = events.reduce<TrackingEvent | undefined>(
    (found, event) => (event.status === 'delivered' && (!found || Date.parse(event.occurredAt) >= Date.parse(found.occurredAt)) ? event : found),
    undefined,
  );
  return events.map((event) => (event === latest ? { ...event, signedBy: signer } : event));
}
