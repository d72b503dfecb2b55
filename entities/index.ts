import { CustomerSchema } from './customer';
import { OrderItemSchema, OrderSchema } from './order';
import { OutboundMessageSchema } from './outbound-message';

export { Customer } from './customer';
export { Order, OrderItem } from './order';
export { OutboundMessage } from './outbound-message';

export const entities = [OrderSchema, OrderItemSchema, CustomerSchema, OutboundMessageSchema];
