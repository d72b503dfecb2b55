import { msToNumber } from '@temporalio/common/lib/time';
import { ChildWorkflowFailure, ParentClosePolicy, condition, patched, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import { Carrier, CustomerId, DestinationCountry, JourneyStage, OrderId, TrackingNumbers } from '../search-attributes';
import type { PartnerActivities } from '../shared/activity-profiles';
import { stepRefused, type Steps } from '../shared/steps';
import { claimShipmentId } from '../shipment/claim';
import type { ParcelResolution } from '../shipment/messages';
import { shipmentWorkflow } from '../shipment/workflow';
import { isCrossBorder, type Journey } from './journey';
import type { FulfillmentEvent, OrderJourneyPolicy, ShippedParcel } from './messages';

export interface ParcelContext {
  journey: Journey;
  workflowId: string;
  policy: OrderJourneyPolicy;
  partner: PartnerActivities;
  steps: Steps;
  publish: () => void;
}

/**
 * The shipment id of a parcel the warehouse handed over. Carriers recycle tracking numbers: a number whose newest
 * parcel belongs to another order or has ended starts a new generation (`shipment-<carrier>-<number>-g<n>`),
 * chosen in MySQL under a key of this journey and the warehouse event, so a retry gets the same answer.
 */
export async function chooseShipmentId({ journey, workflowId, policy }: ParcelContext, parcel: ShippedParcel, event: FulfillmentEvent): Promise<string> {
  const shipmentId = await claimShipmentId(policy.activities, {
    carrier: parcel.carrier,
    trackingNumber: parcel.trackingNumber,
    orderId: journey.input.orderId,
    handedOverAt: event.occurredAt,
    claimKey: `${workflowId}:${event.eventId}:${parcel.carrier}/${parcel.trackingNumber}`,
  });
  journey.assignShipment(parcel, shipmentId);
  return shipmentId;
}

/** Starts the child shipment that follows one parcel and reports back to this journey. */
export function startShipmentChild({ journey, workflowId, policy }: ParcelContext, parcel: ShippedParcel, shipmentId: string): Promise<ChildWorkflowHandle<typeof shipmentWorkflow>> {
  const input = journey.input;
  // Journeys started before an address change reached their shipments used the address the order began with.
  const destination = patched('shipments-follow-address') ? journey.view.shippingAddress : input.shippingAddress;
  return startChild(shipmentWorkflow, {
    workflowId: shipmentId,
    args: [
      {
        shipmentId,
        orderId: input.orderId,
        requestorWorkflowId: workflowId,
        direction: 'outbound',
        customerId: input.customer.id,
        carrier: parcel.carrier,
        trackingNumber: parcel.trackingNumber,
        items: parcel.items,
        destinationCountry: destination.country,
        crossBorder: isCrossBorder(input, destination),
        policy: { shipment: policy.shipment, activities: policy.activities },
      },
    ],
    typedSearchAttributes: [
      { key: OrderId, value: input.orderId },
      { key: CustomerId, value: input.customer.id },
      { key: DestinationCountry, value: destination.country },
      { key: JourneyStage, value: 'shipped' },
      { key: Carrier, value: [parcel.carrier] },
      { key: TrackingNumbers, value: [parcel.trackingNumber] },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: `Parcel ${parcel.carrier} ${parcel.trackingNumber} of order ${input.orderId}`,
  });
}

/**
 * Watches a started shipment to its end, as a step: a shipment workflow that fails, is terminated or times out
 * is a recorded outcome (NeedsAttention, a critical alert) and the order stops waiting for that parcel. An
 * operator retries (a new run follows the parcel, claiming the scans kept meanwhile) or settles the parcel.
 * Not awaited by the journey's end: a delivered parcel's shipment keeps taking late scans after the order ends.
 */
export function followShipment(ctx: ParcelContext, parcel: ShippedParcel, shipmentId: string, first: ChildWorkflowHandle<typeof shipmentWorkflow>): Promise<void> {
  const { journey, steps, publish } = ctx;
  return steps.run({
    stepId: `shipment-${shipmentId}`,
    kind: 'shipment',
    what: `Follow parcel ${parcel.carrier} ${parcel.trackingNumber}`,
    attempt: async (keySuffix, answered) => {
      answered(); // the parcel's own timers bound how long it runs
      journey.shipmentFailed(shipmentId, undefined); // at once: the journey waits for this parcel again
      const child = keySuffix ? await startShipmentChild(ctx, parcel, shipmentId) : first;
      try {
        await child.result();
      } catch (error) {
        if (!(error instanceof ChildWorkflowFailure)) throw error;
        throw stepRefused(`the shipment workflow ended without finishing (${error.cause?.message || error.message})`);
      }
    },
    succeeded: () => undefined,
    failed: (reason) => {
      journey.shipmentFailed(shipmentId, reason);
      publish();
    },
    settled: () => {
      journey.shipmentSettled(shipmentId);
      publish();
    },
  });
}

/**
 * Asks the warehouse to reship a parcel that did not arrive, as a step with a deadline: the replacement must ship
 * within order.reshipConfirmWithin. A refusal or a missed deadline is a recorded outcome; an operator retries
 * (the warehouse is asked again, under a new key) or settles it, and then the order no longer waits for those
 * units.
 */
export function reshipParcel(ctx: ParcelContext, shipmentId: string, reason: ParcelResolution['reason']): Promise<void> {
  const { journey, workflowId, policy, partner, steps, publish } = ctx;
  const parcel = journey.view.parcels.find((p) => p.shipmentId === shipmentId)!;
  const what = `Reship parcel ${parcel.trackingNumber}`;
  return steps.run({
    stepId: `reship-${shipmentId}`,
    kind: 'reship',
    what,
    attempt: async (keySuffix, answered) => {
      journey.reship(shipmentId, 'requested');
      publish();
      await partner.reshipParcel.executeWithOptions({ summary: `Ask the warehouse to reship parcel ${parcel.trackingNumber}` }, [
        { idempotencyKey: `${workflowId}:reship:${shipmentId}${keySuffix}`, workflowId, orderId: journey.input.orderId, shipmentId, items: parcel.items, reason },
      ]);
      answered();
      if (!(await condition(() => journey.allUnitsShipped(), msToNumber(policy.order.reshipConfirmWithin)))) {
        throw stepRefused(`the warehouse has not shipped the replacement within ${policy.order.reshipConfirmWithin}`);
      }
    },
    succeeded: () => journey.reship(shipmentId, 'shipped'),
    failed: () => journey.reship(shipmentId, 'failed'),
    settled: () => journey.reship(shipmentId, 'settled'),
  });
}
