import { JsonColumn } from './json-column';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';

export type OutboundStatus = 'pending' | 'sent' | 'sandbox';

/**
 * Every notification and partner call, keyed by an idempotency key derived from the workflow and step.
 * A retried activity finds its row and does not call the partner twice; the same key travels in the
 * Idempotency-Key header, so a crash between the call and the row update is deduplicated by the partner.
 */
export class OutboundMessage {
  [OptionalProps]?: 'status' | 'attempts' | 'createdAt';
  id!: number;
  idempotencyKey!: string;
  partner!: string;
  kind!: string;
  workflowId?: string;
  request!: Record<string, unknown>;
  response?: Record<string, unknown>;
  status: OutboundStatus = 'pending';
  attempts: number = 0;
  createdAt: Date = new Date();
  completedAt?: Date;
}

export const OutboundMessageSchema = new EntitySchema<OutboundMessage>({
  class: OutboundMessage,
  tableName: 'outbound_messages',
  indexes: [{ properties: ['workflowId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    idempotencyKey: { type: 'string', length: 191, unique: true },
    partner: { type: 'string', length: 32 },
    kind: { type: 'string', length: 64 },
    workflowId: { type: 'string', length: 191, nullable: true },
    request: { type: JsonColumn },
    response: { type: JsonColumn, nullable: true },
    status: { type: 'string', length: 16 },
    attempts: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime', length: 3 },
    completedAt: { type: 'datetime', length: 3, nullable: true },
  },
});
