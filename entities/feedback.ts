import { JsonColumn } from './json-column';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';

/** One customer's answers about one order. Unique per order: MySQL refuses a second submission. */
export class Feedback {
  [OptionalProps]?: 'createdAt' | 'lowScore';
  id!: number;
  orderId!: string;
  customerId!: string;
  deliveryRating!: number;
  packagingRating!: number;
  serviceRating!: number;
  nps!: number;
  /** Free text: personal data (erasure clears it, the ratings stay). */
  comment?: string | null;
  lowScore: boolean = false;
  submittedAt!: Date;
  createdAt: Date = new Date();
}

/** One product rating of one order line: the per-sku aggregates are read from these. */
export class ProductRating {
  [OptionalProps]?: 'createdAt';
  id!: number;
  orderId!: string;
  sku!: string;
  rating!: number;
  submittedAt!: Date;
  createdAt: Date = new Date();
}

/** The journey's facts about one delivered parcel, for the carrier scorecard (one row per shipment). */
export class CarrierDelivery {
  [OptionalProps]?: 'createdAt' | 'exceptionCount' | 'exceptionKinds';
  id!: number;
  shipmentId!: string;
  orderId!: string;
  carrier!: string;
  shippedAt?: Date | null;
  deliveredAt?: Date | null;
  onTime?: boolean | null;
  exceptionCount: number = 0;
  exceptionKinds: string[] = [];
  daysInTransit?: number | null;
  createdAt: Date = new Date();
}

export const FeedbackSchema = new EntitySchema<Feedback>({
  class: Feedback,
  tableName: 'feedback',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    orderId: { type: 'string', length: 64, unique: true },
    customerId: { type: 'string', length: 64, index: true },
    deliveryRating: { type: 'tinyint' },
    packagingRating: { type: 'tinyint' },
    serviceRating: { type: 'tinyint' },
    nps: { type: 'tinyint' },
    comment: { type: 'text', nullable: true },
    lowScore: { type: 'boolean', default: false },
    submittedAt: { type: 'datetime', length: 3 },
    createdAt: { type: 'datetime', length: 3 },
  },
});

export const ProductRatingSchema = new EntitySchema<ProductRating>({
  class: ProductRating,
  tableName: 'product_ratings',
  uniques: [{ properties: ['orderId', 'sku'] }],
  indexes: [{ properties: ['sku', 'submittedAt'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    orderId: { type: 'string', length: 64 },
    sku: { type: 'string', length: 64 },
    rating: { type: 'tinyint' },
    submittedAt: { type: 'datetime', length: 3 },
    createdAt: { type: 'datetime', length: 3 },
  },
});

export const CarrierDeliverySchema = new EntitySchema<CarrierDelivery>({
  class: CarrierDelivery,
  tableName: 'carrier_deliveries',
  indexes: [{ properties: ['carrier'] }, { properties: ['orderId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    shipmentId: { type: 'string', length: 191, unique: true },
    orderId: { type: 'string', length: 64 },
    carrier: { type: 'string', length: 32 },
    shippedAt: { type: 'datetime', length: 3, nullable: true },
    deliveredAt: { type: 'datetime', length: 3, nullable: true },
    onTime: { type: 'boolean', nullable: true },
    exceptionCount: { type: 'integer', default: 0 },
    exceptionKinds: { type: JsonColumn },
    daysInTransit: { type: 'double', nullable: true },
    createdAt: { type: 'datetime', length: 3 },
  },
});
