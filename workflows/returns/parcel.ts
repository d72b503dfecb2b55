import { ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import { CustomerId, OrderId } from '../search-attributes';
import { claimShipmentId } from '../shipment/claim';
import { shipmentWorkflowId } from '../shipment/messages';
import { shipmentWorkflow } from '../shipment/workflow';
import type { ReturnInput } from './messages';

interface ReturnLabelRef {
  carrier: string;
  trackingNumber: string;
}

/**
 * The shipment id of the return parcel. Carriers recycle tracking numbers: the label's number may have followed an
 * outbound parcel (of any order) or another return before, so the return claims its shipment like any new parcel
 * (`shipment-<carrier>-<number>`, or `-g<n>` for a recycled number), owned by its order and under a key of this
 * return workflow, so a retry gets the same answer; the generation dates from the claim (the label's issue).
 * Returns started before this claim used the number's first id, so their histories replay.
 */
export async function returnParcelShipmentId(input: ReturnInput, workflowId: string, label: ReturnLabelRef): Promise<string> {
  if (!patched('return-parcel-generations')) return shipmentWorkflowId(label.carrier, label.trackingNumber);
  return claimShipmentId(input.policy.activities, {
    carrier: label.carrier,
    trackingNumber: label.trackingNumber,
    orderId: input.orderId,
    handedOverAt: new Date().toISOString(),
    claimKey: `${workflowId}:return-parcel:${label.carrier}/${label.trackingNumber}`,
    direction: 'return',
  });
}

/** Starts the shipment, in its return direction, that follows the return parcel and reports to this return. */
export async function startReturnParcel(input: ReturnInput, workflowId: string, label: ReturnLabelRef, shipmentId: string, items: { sku: string; quantity: number }[]): Promise<void> {
  const policy = input.policy;
  await startChild(shipmentWorkflow, {
    workflowId: shipmentId,
    args: [
      {
        shipmentId,
        orderId: input.orderId,
        requestorWorkflowId: workflowId,
        direction: 'return',
        customerId: input.customerId,
        carrier: label.carrier,
        trackingNumber: label.trackingNumber,
        items,
        destinationCountry: input.customerCountry,
        crossBorder: false,
        policy: { shipment: policy.shipment, activities: policy.activities },
      },
    ],
    typedSearchAttributes: [
      { key: OrderId, value: input.orderId },
      { key: CustomerId, value: input.customerId },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: `Return parcel ${label.carrier} ${label.trackingNumber} of ${input.rmaId}`,
  });
}
