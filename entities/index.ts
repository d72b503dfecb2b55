import { CustomerSchema } from './customer';
import { LoyaltyLedgerEntrySchema, RfmBoundariesSchema } from './loyalty';
import { CarrierDeliverySchema, FeedbackSchema, ProductRatingSchema } from './feedback';
import { OrderItemSchema, OrderSchema } from './order';
import { OutboundMessageSchema } from './outbound-message';
import { PaymentSchema, RefundSchema } from './payment';
import { ServiceCaseSchema } from './service-case';
import { InventoryLedgerEntrySchema, StockLevelSchema } from './inventory';
import { ReturnItemSchema, ReturnRequestSchema, StoreCreditEntrySchema } from './returns';
import { ShipmentSchema, TrackingEventRecordSchema, TrackingNumberOwnerSchema, UnmatchedWebhookEventSchema } from './shipment';

export { Customer } from './customer';
export { LoyaltyLedgerEntry, RfmBoundariesRecord } from './loyalty';
export { CarrierDelivery, Feedback, ProductRating } from './feedback';
export { Order, OrderItem } from './order';
export { OutboundMessage } from './outbound-message';
export { Payment, Refund, type RefundStatus } from './payment';
export { ServiceCase } from './service-case';
export { InventoryLedgerEntry, StockLevel, type InventoryMovement } from './inventory';
export { ReturnItem, ReturnRequest, StoreCreditEntry, releasedReturnStatuses } from './returns';
export { Shipment, TrackingEventRecord, TrackingNumberOwner, UnmatchedWebhookEvent } from './shipment';

export const entities = [
  OrderSchema,
  OrderItemSchema,
  CustomerSchema,
  OutboundMessageSchema,
  ShipmentSchema,
  TrackingEventRecordSchema,
  UnmatchedWebhookEventSchema,
  TrackingNumberOwnerSchema,
  PaymentSchema,
  RefundSchema,
  LoyaltyLedgerEntrySchema,
  RfmBoundariesSchema,
  FeedbackSchema,
  ProductRatingSchema,
  CarrierDeliverySchema,
  ServiceCaseSchema,
  ReturnRequestSchema,
  ReturnItemSchema,
  StoreCreditEntrySchema,
  StockLevelSchema,
  InventoryLedgerEntrySchema,
];
