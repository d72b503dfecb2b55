import { msToNumber } from '@temporalio/common/lib/time';
import { condition, getExternalWorkflowHandle, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { activityProfiles } from '../activity-profiles';
import { orderParcelProgressSignal } from '../order/messages';
import { shipmentStatusQuery, trackingEventsSignal, type ShipmentInput, type ShipmentView } from './messages';
import { furthestStage, insertByTime, isFinalStage, stageOfEvent, type TrackingEvent } from './tracking';

/**
 * One parcel, `shipment-<carrier>-<trackingNumber>`. Takes normalized carrier events, deduplicates them by event
 * id, keeps them ordered by event time, only ever moves forward, and reports each change of stage or exception
 * to its order. After a final stage it keeps listening for a grace period, so late scans (and a late proof of
 * delivery) still land, then completes.
 */
export async function shipmentWorkflow(input: ShipmentInput): Promise<ShipmentView> {
  const { database } = activityProfiles(input.policy);
  const seenEventIds = new Set<string>();
  const view: ShipmentView = { shipmentId: input.shipmentId, carrier: input.carrier, trackingNumber: input.trackingNumber, stage: 'shipped', events: [] };
  let unrecorded: TrackingEvent[] = [];
  let changed = false;

  const accept = (events: TrackingEvent[]) => {
    for (const event of events) {
      if (seenEventIds.has(event.eventId)) {
        // Carriers re-send a delivery scan with the proof of delivery added later: keep the signer.
        const known = view.events.find((e) => e.eventId === event.eventId);
        if (known && event.signedBy && !known.signedBy) known.signedBy = event.signedBy;
        continue;
      }
      seenEventIds.add(event.eventId);
      unrecorded.push(event);
      view.events = insertByTime(view.events, event);
    }
    changed = rederive(view) || changed;
  };

  setHandler(trackingEventsSignal, ({ events }) => accept(events));
  setHandler(shipmentStatusQuery, () => view);

  const order = getExternalWorkflowHandle(input.orderWorkflowId);
  const flush = async () => {
    if (unrecorded.length) {
      const events = unrecorded;
      unrecorded = [];
      await database.recordTrackingEvents.executeWithOptions({ summary: `Record ${events.length} carrier event(s)` }, [{ shipmentId: input.shipmentId, events }]);
    }
    if (!changed) return;
    changed = false;
    await database.projectShipment.executeWithOptions({ summary: `Project stage ${view.stage}` }, [{ shipmentId: input.shipmentId, stage: view.stage, exceptionKind: view.exception?.kind }]);
    await order.signal(orderParcelProgressSignal, {
      shipmentId: input.shipmentId,
      stage: view.stage,
      at: view.events.at(-1)?.occurredAt ?? new Date().toISOString(),
      signedBy: view.signedBy,
      exception: view.exception && { kind: view.exception.kind, description: view.exception.description },
    });
  };

  // Carrier scans often arrive before the warehouse says "shipped": pick up what was kept for this parcel.
  accept(await database.openShipment.executeWithOptions({ summary: 'Record the shipment and claim early carrier events' }, [input]));
  await flush();

  while (!isFinalStage(view.stage)) {
    setCurrentDetails(`Parcel **${view.stage.replace(/_/g, ' ')}**${view.exception ? ` with exception ${view.exception.kind}` : ''}; waiting for the next carrier scan.`);
    await condition(() => changed || unrecorded.length > 0);
    await flush();
  }
  setCurrentDetails(`Parcel **${view.stage.replace(/_/g, ' ')}**; keeping the timeline open for late scans until the grace period ends.`);
  const graceEnds = Date.now() + msToNumber(input.policy.shipmentLateEventGrace);
  while (Date.now() < graceEnds) {
    if (await condition(() => changed || unrecorded.length > 0, graceEnds - Date.now())) await flush();
  }
  return view;
}

/** Recomputes stage, signature and exception from the ordered events; true when anything changed. */
function rederive(view: ShipmentView): boolean {
  const before = JSON.stringify([view.stage, view.signedBy, view.exception]);
  let stage = view.stage;
  let exception: ShipmentView['exception'];
  for (const event of view.events) {
    stage = furthestStage(stage, stageOfEvent(event));
    if (event.signedBy) view.signedBy ??= event.signedBy;
    if (event.status === 'exception' && event.exceptionKind) exception = { kind: event.exceptionKind, description: event.description, since: event.occurredAt };
    else if (stageOfEvent(event)) exception = undefined; // a later normal scan means the parcel moves again
  }
  view.stage = stage;
  view.exception = isFinalStage(stage) ? undefined : exception;
  return JSON.stringify([view.stage, view.signedBy, view.exception]) !== before;
}
