import { msToNumber } from '@temporalio/common/lib/time';
import { condition, getExternalWorkflowHandle, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { orderParcelProgressSignal } from '../order/messages';
import { shipmentStatusQuery, trackingEventSignal, type ShipmentInput, type ShipmentView } from './messages';
import { furthestStage, insertByTime, isFinalStage, stageOfEvent, type TrackingEvent } from './tracking';

/**
 * One parcel, `shipment-<carrier>-<trackingNumber>`. Takes normalized carrier events (signals), deduplicates
 * them by event id, keeps them ordered by event time, only ever moves forward, and reports each change of stage
 * or exception to its order. After the parcel reaches a final stage it keeps listening for a grace period, so
 * late or duplicate scans still land in the timeline, then completes.
 */
export async function shipmentWorkflow(input: ShipmentInput): Promise<ShipmentView> {
  const seenEventIds = new Set<string>();
  const view: ShipmentView = {
    shipmentId: input.shipmentId,
    carrier: input.carrier,
    trackingNumber: input.trackingNumber,
    stage: 'shipped',
    events: [],
  };
  let changed = false;

  setHandler(trackingEventSignal, (event: TrackingEvent) => {
    if (seenEventIds.has(event.eventId)) return;
    seenEventIds.add(event.eventId);
    view.events = insertByTime(view.events, event);
    const next = furthestStage(view.stage, stageOfEvent(event));
    if (next !== view.stage) {
      view.stage = next;
      changed = true;
    }
    if (event.signedBy && !view.signedBy) {
      view.signedBy = event.signedBy;
      changed = true;
    }
    if (event.status === 'exception' && event.exceptionKind && !isFinalStage(view.stage)) {
      view.exception = { kind: event.exceptionKind, description: event.description, since: event.occurredAt };
      changed = true;
    } else if (view.exception && stageOfEvent(event) && Date.parse(event.occurredAt) > Date.parse(view.exception.since)) {
      view.exception = undefined; // a later normal scan means the parcel moves again
      changed = true;
    }
  });
  setHandler(shipmentStatusQuery, () => view);

  const order = getExternalWorkflowHandle(input.orderWorkflowId);
  const report = async () => {
    changed = false;
    await order.signal(orderParcelProgressSignal, {
      shipmentId: input.shipmentId,
      stage: view.stage,
      at: view.events.at(-1)?.occurredAt ?? new Date().toISOString(),
      signedBy: view.signedBy,
      exception: view.exception && { kind: view.exception.kind, description: view.exception.description },
    });
  };

  while (!isFinalStage(view.stage)) {
    setCurrentDetails(`Parcel ${view.stage.replace(/_/g, ' ')}; waiting for the next carrier scan.`);
    await condition(() => changed);
    await report();
  }
  setCurrentDetails(`Parcel ${view.stage.replace(/_/g, ' ')}; keeping the timeline open for late scans.`);
  // Late scans after the final stage are kept in the timeline; a signature may still arrive.
  const graceEnds = Date.now() + msToNumber(input.policy.shipmentLateEventGrace);
  while (Date.now() < graceEnds) {
    if (await condition(() => changed, graceEnds - Date.now())) await report();
  }
  return view;
}
