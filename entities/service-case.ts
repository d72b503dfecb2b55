import { EntitySchema, OptionalProps } from '@mikro-orm/core';

/** Projection of a service follow-up for lists and reports; the workflow `service-<caseId>` owns its state. */
export class ServiceCase {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'projectionVersion';
  id!: string;
  customerId!: string;
  orderId?: string | null;
  origin!: string;
  status!: string;
  ticketId?: string | null;
  firstResponseDueBy!: Date;
  firstRespondedAt?: Date | null;
  resolvedAt?: Date | null;
  customerAnswer?: string | null;
  needsAttention!: boolean;
  /** Highest case revision written; an older projection arriving late is ignored. */
  projectionVersion: number = 0;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const ServiceCaseSchema = new EntitySchema<ServiceCase>({
  class: ServiceCase,
  tableName: 'service_cases',
  indexes: [{ properties: ['customerId'] }, { properties: ['status'] }],
  properties: {
    id: { type: 'string', primary: true, length: 191 },
    customerId: { type: 'string', length: 64 },
    orderId: { type: 'string', length: 64, nullable: true },
    origin: { type: 'string', length: 16 },
    status: { type: 'string', length: 16 },
    ticketId: { type: 'string', length: 128, nullable: true },
    firstResponseDueBy: { type: 'datetime', length: 3 },
    firstRespondedAt: { type: 'datetime', length: 3, nullable: true },
    resolvedAt: { type: 'datetime', length: 3, nullable: true },
    customerAnswer: { type: 'string', length: 16, nullable: true },
    needsAttention: { type: 'boolean', default: false },
    projectionVersion: { type: 'integer', default: 0 },
    createdAt: { type: 'datetime', length: 3 },
    updatedAt: { type: 'datetime', length: 3, onUpdate: () => new Date() },
  },
});
