import { TemporalFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { fitSearchAttributeList } from '../shared/limits';
import { Carrier, ExceptionKind, ExceptionSince, JourneyStage, NeedsAttention, TrackingNumbers } from '../search-attributes';
import { activityProfiles } from '../shared/activity-profiles';
import { Background } from '../shared/background';
import { createCaseHandlers, type ShipmentContext } from './cases';
import { normalizeShipmentInput } from './input';
import {
  addressCorrectionUpdate,
  customsActionUpdate,
  shipmentProgressSignal,
  shipmentStatusQuery,
  trackingEventsSignal,
  type ExceptionCase,
  type ParcelProgress,
  type ParcelResolution,
  type RecordedShipmentInput,
  type ShipmentView,
} from './messages';
import { furthestStage, insertByTime, isFinalStage, stageOfEvent, type TrackingEvent } from './tracking';

/**
 * One parcel, `shipment-<carrier>-<trackingNumber>`. Takes normalized carrier events, deduplicates them by event
 * id, keeps them ordered by event time, only ever moves forward, and reports each change to its requestor. Every
 * exception opens a case with its own path (cases.ts) that ends resolved, redirected, claimed or returned with a
 * refund, never silently. When webhooks go quiet it asks the carrier, then flags the parcel as stalled. After a
 * final stage it keeps listening for late scans for a grace period, then completes.
 */
export async function shipmentWorkflow(recorded: RecordedShipmentInput): Promise<ShipmentView> {
  const input = normalizeShipmentInput(recorded);
  const policy = input.policy.shipment;
  const { database } = activityProfiles(input.policy.activities);
  const carried = input.carried;
  const view: ShipmentView = carried?.view ?? {
    shipmentId: input.shipmentId,
    orderId: input.orderId,
    carrier: input.carrier,
    trackingNumber: input.trackingNumber,
    direction: input.direction,
    destinationCountry: input.destinationCountry,
    crossBorder: input.crossBorder,
    stage: 'shipped',
    legs: [],
    handoffs: [],
    cases: [],
    failedAttempts: 0,
    needsAttention: false,
    attentionReasons: [],
    events: [],
  };
  const seenEventIds = new Set(view.events.map((e) => e.eventId));
  let unrecorded: TrackingEvent[] = carried?.unrecorded ?? [];
  let changed = carried?.changed ?? false;
  let pendingResolution: ParcelResolution | undefined = carried?.pendingResolution;
  const background = new Background();
  const casePaths = new Background();
  const followed = new Set<string>(carried?.followed ?? []); // hand-off tracking numbers this shipment already follows
  let lastNewsAt = carried?.lastNewsAt ?? Date.now();

  const accept = (events: TrackingEvent[]) => {
    for (const event of events) {
      if (seenEventIds.has(event.eventId)) {
        // Carriers re-send a delivery scan with the proof of delivery added later: keep the signer.
        const known = view.events.find((e) => e.eventId === event.eventId);
        if (known && event.signedBy && !known.signedBy) {
          known.signedBy = event.signedBy;
          changed = true;
        }
        continue;
      }
      seenEventIds.add(event.eventId);
      if (event.provider !== 'aftercart') lastNewsAt = Date.now();
      unrecorded.push(event);
      view.events = insertByTime(view.events, event);
    }
    changed = rederive(view) || changed;
  };

  const context: ShipmentContext = {
    input,
    view,
    record: (event) => accept([{ provider: 'aftercart', ...event }]),
    flag: (reason) => {
      if (!view.attentionReasons.includes(reason)) view.attentionReasons.push(reason);
      view.needsAttention = true;
      changed = true;
    },
    resolve: (resolution) => {
      pendingResolution = resolution;
      changed = true;
    },
    background: background.add,
    casePath: casePaths.add,
  };
  const cases = createCaseHandlers(context);

  setHandler(trackingEventsSignal, ({ events }) => accept(events));
  setHandler(shipmentStatusQuery, () => view);
  setHandler(customsActionUpdate, (action) => cases.onCustomsAction(action), {
    validator: (action) => cases.refuseCustomsAction(action),
  });
  setHandler(addressCorrectionUpdate, (correction) => cases.onAddressCorrection(correction), {
    validator: (_correction) => cases.refuseAddressCorrection(),
  });

  const requestor = getExternalWorkflowHandle(input.requestorWorkflowId);
  const flush = async () => {
    if (unrecorded.length) {
      const events = unrecorded;
      unrecorded = [];
      await database.recordTrackingEvents.executeWithOptions({ summary: `Record ${events.length} carrier event(s)` }, [{ shipmentId: input.shipmentId, events }]);
    }
    for (const handoff of view.handoffs.filter((h) => !followed.has(`${h.carrier}/${h.trackingNumber}`))) {
      followed.add(`${handoff.carrier}/${handoff.trackingNumber}`);
      accept(await database.followHandoff.executeWithOptions({ summary: `Follow last-mile ${handoff.carrier} ${handoff.trackingNumber}` }, [{ shipmentId: input.shipmentId, ...handoff }]));
    }
    cases.openNewCases();
    if (!changed) return;
    changed = false;
    publish(view);
    await database.projectShipment.executeWithOptions({ summary: `Project stage ${view.stage}` }, [{ shipmentId: input.shipmentId, stage: view.stage, exceptionKind: view.exception?.kind }]);
    const resolution = pendingResolution;
    pendingResolution = undefined;
    await reportToRequestor({
      shipmentId: input.shipmentId,
      stage: view.stage,
      at: view.events.at(-1)?.occurredAt ?? new Date().toISOString(),
      signedBy: view.signedBy,
      exception: view.exception && { kind: view.exception.kind, description: view.exception.description },
      resolution,
      needsAttention: view.needsAttention,
    });
  };
  const reportToRequestor = (progress: ParcelProgress) =>
    requestor.signal(shipmentProgressSignal, progress).catch((error: unknown) => {
      // The requestor (an order journey, a return) has ended while this parcel still hears late scans: nothing left to tell it.
      if (error instanceof TemporalFailure && /not found/i.test(error.message)) return;
      throw error;
    });
  const somethingNew = () => changed || unrecorded.length > 0;

  // Shipments started before lifetimes were bounded poll forever and never continue as new.
  const bounded = patched('shipment-bounded-lifetime');
  if (carried) {
    publish(view);
    cases.resume();
  } else {
    // Carrier scans often arrive before the warehouse says "shipped": pick up what was kept for this parcel.
    accept(await database.openShipment.executeWithOptions({ summary: 'Record the shipment and claim early carrier events' }, [input]));
    publish(view);
  }
  await flush();

  /** Hands the state to a fresh run once the history is long; nothing in flight is lost (see ShipmentCarriedState). */
  const continueAsNewCarryingState = async () => {
    setCurrentDetails(`${describe(view)} Continuing as new to keep the history short.`);
    // Messages, alerts and partner calls finish here; events that arrive meanwhile are carried, not chased.
    await background.settle();
    await condition(allHandlersFinished);
    return continueAsNew<typeof shipmentWorkflow>({
      ...input,
      carried: { view, followed: [...followed], lastNewsAt, runs: (carried?.runs ?? 0) + 1, unrecorded, changed, pendingResolution, ...cases.carried() },
    });
  };
  const historyIsLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= policy.historyEventsBeforeContinueAsNew;
  };

  const quietLimit = msToNumber(input.crossBorder ? policy.crossBorderStalledAfter : policy.stalledAfter);
  while (!isFinalStage(view.stage)) {
    setCurrentDetails(describe(view));
    if (bounded && historyIsLong()) return continueAsNewCarryingState();
    if (await condition(somethingNew, quietLimit)) {
      await flush();
      continue;
    }
    // Webhooks went quiet: ask the carrier before calling the parcel stalled, and lost after long enough.
    const polled = await database.pollCarrier.executeWithOptions({ summary: 'Ask the carrier for news (polling fallback)' }, [input]);
    const before = view.events.length;
    accept(polled);
    if (view.events.length === before) {
      if (bounded && Date.now() - lastNewsAt >= msToNumber(policy.declareLostAfter)) cases.onSilence();
      else cases.onStalled(quietLimit);
    }
    await flush();
  }
  setCurrentDetails(`${describe(view)} Keeping the timeline open for late scans until the grace period ends.`);
  const graceEnds = Date.now() + msToNumber(policy.lateEventGrace);
  while (Date.now() < graceEnds) {
    if (await condition(somethingNew, graceEnds - Date.now())) await flush();
  }
  await casePaths.settle();
  await background.settle();
  await flush();
  await condition(allHandlersFinished);
  return view;
}

/** Recomputes stage, signature, legs and exception from the ordered events; true when anything changed. */
function rederive(view: ShipmentView): boolean {
  const before = JSON.stringify([view.stage, view.signedBy, view.exception, view.legs, view.handoffs, view.failedAttempts]);
  let stage = view.stage;
  let exception: ShipmentView['exception'];
  view.legs = [];
  view.failedAttempts = 0;
  for (const event of view.events) {
    stage = furthestStage(stage, stageOfEvent(event));
    if (event.signedBy) view.signedBy ??= event.signedBy;
    if (event.milestone && !view.legs.some((leg) => leg.milestone === event.milestone)) view.legs.push({ milestone: event.milestone, at: event.occurredAt });
    if (event.handoff && !view.handoffs.some((h) => h.trackingNumber === event.handoff!.trackingNumber && h.carrier === event.handoff!.carrier)) {
      view.handoffs.push({ ...event.handoff, at: event.occurredAt });
    }
    if (event.exceptionKind === 'failed_attempt') view.failedAttempts += 1;
    if (event.status === 'exception' && event.exceptionKind) exception = { kind: event.exceptionKind, description: event.description, since: exception?.kind === event.exceptionKind ? exception.since : event.occurredAt };
    else if (stageOfEvent(event) || event.milestone === 'customs_released') exception = undefined; // the parcel moves again
  }
  view.stage = stage;
  view.exception = isFinalStage(stage) && stage !== 'lost' ? undefined : exception;
  return JSON.stringify([view.stage, view.signedBy, view.exception, view.legs, view.handoffs, view.failedAttempts]) !== before;
}

function publish(view: ShipmentView): void {
  upsertSearchAttributes([
    { key: JourneyStage, value: view.stage },
    { key: Carrier, value: fitSearchAttributeList([...new Set([view.carrier, ...view.handoffs.map((h) => h.carrier)])]) },
    { key: TrackingNumbers, value: fitSearchAttributeList([view.trackingNumber, ...view.handoffs.map((h) => h.trackingNumber)]) },
    { key: ExceptionKind, value: view.exception?.kind ?? null },
    { key: ExceptionSince, value: view.exception ? new Date(view.exception.since) : null },
    { key: NeedsAttention, value: view.needsAttention },
  ]);
}

function describe(view: ShipmentView): string {
  const stage = `Parcel **${view.stage.replace(/_/g, ' ')}**`;
  const leg = view.legs.at(-1) ? `, last leg ${view.legs.at(-1)!.milestone.replace(/_/g, ' ')}` : '';
  const open: ExceptionCase | undefined = view.cases.find((c) => !c.outcome);
  if (open) {
    return `${stage}${leg}. Exception **${open.kind.replace(/_/g, ' ')}** since ${open.since}, waiting for the ${open.waitingFor}; ${open.remindersSent} reminder(s) sent${open.escalated ? ', escalated to operators' : ''}.`;
  }
  return `${stage}${leg}; waiting for the next carrier scan (last ${view.events.at(-1)?.occurredAt ?? 'none yet'}).`;
}

