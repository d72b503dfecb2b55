import { normalizePolicy } from '../policy';
import type { RecordedShipmentInput, ShipmentInput } from './messages';

/**
 * A shipment's input in today's shape. Shipments started before requestors, directions and policy groups
 * existed carry `orderWorkflowId` and a flat policy: they report to their order and are outbound. Pure, so a
 * recorded history replays with the same answer.
 */
export function normalizeShipmentInput(recorded: RecordedShipmentInput): ShipmentInput {
  const policy = normalizePolicy(recorded.policy);
  const groups = { shipment: policy.shipment, activities: policy.activities };
  if ('requestorWorkflowId' in recorded) return { ...recorded, policy: groups };
  const { orderWorkflowId, ...rest } = recorded;
  return { ...rest, requestorWorkflowId: orderWorkflowId, direction: 'outbound', policy: groups };
}
