import { CustomerSchema } from './customer';
import { OrderItemSchema, OrderSchema } from './order';
import { OutboundMessageSchema } from './outbound-message';
import { PaymentSchema, RefundSchema } from './payment';
import { InventoryLedgerEntrySchema, StockLevelSchema } from './inventory';
import { ReturnItemSchema, ReturnRequestSchema, StoreCreditEntrySchema } from './returns';
import { ShipmentSchema, TrackingEventRecordSchema, TrackingNumberOwnerSchema, UnmatchedWebhookEventSchema } from './shipment';

export { Customer } from './customer';
export { Order, OrderItem } from './order';
export { OutboundMessage } from './outbound-message';
export { Payment, Refund, type RefundStatus } from './payment';
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
  ReturnRequestSchema,
  ReturnItemSchema,
  StoreCreditEntrySchema,
  StockLevelSchema,
  InventoryLedgerEntrySchema,
];
