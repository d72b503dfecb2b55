import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { allHandlersFinished, condition, patched, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { fitSearchAttributeList } from '../shared/limits';
import { normalizePolicy } from '../policy';
import { Carrier, ExceptionKind, JourneyStage, NeedsAttention, TrackingNumbers } from '../search-attributes';
import { activityProfiles } from '../shared/activity-profiles';
import { createOperatedSteps } from '../shared/operated';
import { Background } from '../shared/background';
import { createNotifier } from '../shared/notifier';
import { operatorStepUpdate } from '../shared/steps';
import { deliveredEvent, tellCustomer } from '../customer/tell';
import { shipmentProgressSignal, shipmentWorkflowId } from '../shipment/messages';
import { startFeedbackAfterDelivery } from '../feedback/start';
import { handOffToPostPurchase } from './handoff';
import { refundParcel } from './refunds';
import { compensateCancellation } from './cancellation';
import { alertWhileParcelsWaitForConfirmation } from './confirmation';
import { currentDetails } from './details';
import { Journey, describeStage } from './journey';
import { chooseShipmentId, followShipment, reshipParcel, startShipmentChild, type ParcelContext } from './parcels';
import {
  cancelOrderUpdate,
  changeShippingAddressUpdate,
  fulfillmentEventUpdate,
  orderStatusQuery,
  type OrderInput,
  type OrderOutcome,
  type ShippedParcel,
} from './messages';

/**
 * The order journey, `order-<orderId>`: confirmed -> picking -> packed -> shipped (one child shipment per parcel)
 * -> in transit -> out for delivery -> delivered -> signed for, or cancelled before the first parcel ships.
 */
export async function orderJourneyWorkflow(input: OrderInput): Promise<OrderOutcome> {
  const workflowId = workflowInfo().workflowId;
  const policy = normalizePolicy(input.policy);
  const { database, partner } = activityProfiles(policy.activities);
  const journey = new Journey(input);
  // First, before any handler is set: an update delivered with the start runs as soon as its handler is.
  journey.record({ at: input.placedAt, what: 'Order confirmed', source: 'storefront', by: input.by });
  const startedAt = Date.now();
  const shipBy = new Date(startedAt + msToNumber(policy.order.shipBySla)).toISOString();
  const promisedBy = new Date(startedAt + msToNumber(policy.order.promisedDelivery)).toISOString();
  // Read by the tracking page ("arriving by", "late"); state only, no command, so replay is unaffected.
  journey.view.promisedBy = promisedBy;
  const background = new Background();
  let addressChanges = 0;
  let recorded = false; // projections wait until the order row exists
  let publishedStage = '';
  let publishedAddress = input.shippingAddress;
  let projectionVersion = 0;

  // Customer messages read the contact details from the order record, so they wait until it exists.
  // Journeys started before messages were put in causal order sent them all once the order row existed.
  const causalMessages = patched('messages-in-causal-order');
  let confirmed = false; // the confirmation was sent (or refused for good)
  let confirmationSentAt = Date.now();
  let watchingConfirmation = false;
  const notifyOnce = createNotifier({
    workflowId,
    customerId: input.customer.id,
    orderId: input.orderId,
    partner,
    // Nothing about a parcel, a delay or a cancellation reaches the customer before the confirmation has.
    ready: (template) => recorded && (template === 'order_confirmed' || confirmed || !causalMessages),
    settled: (template) => {
      if (template === 'order_confirmed') confirmed = true;
    },
    track: background.add,
    onFailure: (template, reason) => journey.record({ at: now(), what: `Could not send "${template}" to the customer`, source: 'aftercart', detail: reason }),
  });

  const { alertOperators, steps } = createOperatedSteps({ workflowId, partner, subject: journey, stepAlertAfter: policy.activities.stepAlertAfter, track: background.add, changed: () => publish() });

  /** Keeps search attributes, current details and the MySQL projection in step with the journey. */
  const publish = () => {
    const parcels = journey.view.parcels;
    // Lists are cut to Temporal's per-value size (a longer one fails the workflow task); values that fit are
    // unchanged, so recorded histories replay as before.
    upsertSearchAttributes([
      { key: JourneyStage, value: journey.stage },
      { key: NeedsAttention, value: journey.view.needsAttention },
      { key: Carrier, value: fitSearchAttributeList([...new Set(parcels.map((p) => p.carrier))]) },
      { key: TrackingNumbers, value: fitSearchAttributeList(parcels.map((p) => p.trackingNumber)) },
      { key: ExceptionKind, value: parcels.find((p) => p.exception)?.exception?.kind ?? journey.view.attentionReasons[0] ?? null },
    ]);
    setCurrentDetails(currentDetails(journey, shipBy, promisedBy));
    if (recorded && (journey.stage !== publishedStage || journey.view.shippingAddress !== publishedAddress)) {
      publishedStage = journey.stage;
      publishedAddress = journey.view.shippingAddress;
      background.add(
        database.projectOrder.executeWithOptions({ summary: `Project stage ${describeStage(journey.stage)} to MySQL` }, [
          { orderId: input.orderId, version: ++projectionVersion, stage: journey.stage, shippingAddress: publishedAddress },
        ]),
      );
    }
  };

  const parcels: ParcelContext = { journey, workflowId, policy, partner, steps, publish: () => publish() };
  const startShipment = async (parcel: ShippedParcel, shipmentId: string) => {
    try {
      const child = await startShipmentChild(parcels, parcel, shipmentId);
      // Journeys started before shipments had an outcome never looked at a child's result.
      if (patched('shipment-outcome')) void followShipment(parcels, parcel, shipmentId, child);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      alertOperators('shipment_id_in_use', `tracking number ${parcel.trackingNumber} is already tracked by another shipment`);
      publish();
    }
  };

  setHandler(orderStatusQuery, () => journey.view);
  setHandler(operatorStepUpdate, (action) => steps.apply(action), { validator: (action) => steps.refuse(action) });

  setHandler(
    cancelOrderUpdate,
    ({ reason, by }) => {
      if (!journey.cancelled) {
        journey.cancel(reason, now(), by);
        publish();
      }
      return journey.view;
    },
    {
      validator: (_request) => {
        if (journey.cancelled) return; // asking again is answered with the same result
        const refusal = journey.refuseChange();
        if (refusal) throw refusal;
      },
    },
  );

  setHandler(
    changeShippingAddressUpdate,
    ({ address, by }) => {
      journey.view.shippingAddress = address;
      addressChanges += 1;
      journey.record({ at: now(), what: `Shipping address changed to ${address.city}, ${address.country}`, source: 'storefront', by });
      background.add(
        partner.sendAddressToWarehouse.executeWithOptions({ summary: 'Send the new shipping address to the warehouse' }, [
          { idempotencyKey: `${workflowId}:address:${addressChanges}`, workflowId, orderId: input.orderId, address },
        ]),
      );
      publish();
      return journey.view;
    },
    {
      validator: (_request) => {
        const refusal = journey.refuseChange();
        if (refusal) throw refusal;
      },
    },
  );

  setHandler(
    fulfillmentEventUpdate,
    async (event) => {
      if (journey.isDuplicate(event)) return { eventId: event.eventId, duplicate: true, stage: journey.stage };
      const shipped = journey.applyFulfillment(event);
      publish();
      const ship = async (parcel: ShippedParcel) => {
        // Journeys started before recycled numbers had generations used the number's first id.
        const shipmentId = patched('tracking-number-generations') ? await chooseShipmentId(parcels, parcel, event) : shipmentWorkflowId(parcel.carrier, parcel.trackingNumber);
        notifyOnce('parcel_shipped', shipmentId, { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber });
        // A shipment speaks to the customer itself: it starts once the customer record exists and the confirmation
        // went out. Scans that arrive meanwhile are kept and replayed into it when it starts.
        // Journeys started before this watch waited for a retrying confirmation without telling anyone.
        if (causalMessages && !confirmed && !watchingConfirmation && patched('alert-while-parcels-wait-for-confirmation')) {
          watchingConfirmation = true;
          background.add(alertWhileParcelsWaitForConfirmation({ journey, confirmed: () => confirmed, sentAt: confirmationSentAt, stepAlertAfter: policy.activities.stepAlertAfter, alertOperators, publish }));
        }
        if (causalMessages) await condition(() => confirmed);
        return startShipment(parcel, shipmentId);
      };
      // The warehouse's answer does not wait for the shipments to start (the start commands are durable with the
      // update): started one after the other inside the update, fifty parcels took longer than the API's deadline.
      if (patched('parcel-starts-in-background')) for (const parcel of shipped) background.add(ship(parcel));
      else for (const parcel of shipped) await ship(parcel);
      return { eventId: event.eventId, duplicate: false, stage: journey.stage };
    },
    {
      validator: (event) => {
        const refusal = journey.refuseFulfillment(event);
        if (refusal) throw refusal;
      },
    },
  );

  setHandler(shipmentProgressSignal, (progress) => {
    const { stageChanged, resolution } = journey.applyParcelProgress(progress);
    const parcel = journey.view.parcels.find((p) => p.shipmentId === progress.shipmentId);
    if (!parcel) return;
    const params = { trackingNumber: parcel.trackingNumber, carrier: parcel.carrier };
    if (stageChanged && (parcel.stage === 'out_for_delivery' || parcel.stage === 'available_for_pickup')) notifyOnce('out_for_delivery', parcel.shipmentId, params);
    if (stageChanged && (parcel.stage === 'delivered' || parcel.stage === 'signed_for')) notifyOnce('delivered', parcel.shipmentId, params);
    if (resolution?.action === 'refund') background.add(refundParcel({ journey, workflowId, partner, steps, notifyOnce, publish }, parcel.shipmentId));
    if (resolution?.action === 'reship' && patched('reship-deadline')) {
      background.add(reshipParcel(parcels, parcel.shipmentId, resolution.reason));
    } else if (resolution?.action === 'reship') {
      background.add(
        partner.reshipParcel.executeWithOptions({ summary: `Ask the warehouse to reship parcel ${parcel.trackingNumber}` }, [
          { idempotencyKey: `${workflowId}:reship:${parcel.shipmentId}`, workflowId, orderId: input.orderId, shipmentId: parcel.shipmentId, items: parcel.items, reason: resolution.reason },
        ]),
      );
    }
    publish();
  });

  // Confirmation.
  publish();
  await database.recordOrder.executeWithOptions({ summary: `Record order ${input.orderId} in MySQL` }, [input]);
  recorded = true;
  publishedStage = 'confirmed';
  publish();
  confirmationSentAt = Date.now();
  notifyOnce('order_confirmed', '');
  if (patched('customer-order-placed')) {
    background.add(
      tellCustomer(database, input.customer.id, { type: 'order_placed', eventId: `${workflowId}:placed`, at: input.placedAt, orderId: input.orderId, currency: input.currency, items: input.items, destinationCountry: input.shippingAddress.country }),
    );
  }

  // Ship-by SLA: the warehouse must hand over the first parcel in time.
  background.add(
    (async () => {
      if (await condition(() => journey.shipped || journey.finished(), msToNumber(policy.order.shipBySla))) return;
      journey.record({ at: now(), what: 'Ship-by deadline missed', source: 'aftercart', detail: `due ${shipBy}` });
      alertOperators('ship_by_sla_breached', `order ${input.orderId} not shipped by ${shipBy}`);
      notifyOnce('ship_delayed', '');
      publish();
    })(),
  );
  // Promised delivery: tell the customer before they have to ask.
  background.add(
    (async () => {
      if (await condition(() => journey.finished(), msToNumber(policy.order.promisedDelivery))) return;
      journey.record({ at: now(), what: 'Promised delivery date passed', source: 'aftercart', detail: `promised by ${promisedBy}` });
      notifyOnce('delivery_delayed', '');
      publish();
    })(),
  );

  await condition(() => journey.finished());

  if (journey.cancelled) {
    await compensateCancellation(journey, workflowId, input, partner, steps);
    notifyOnce('order_cancelled', '', { refund: journey.view.cancellation?.refundStatus === 'refunded' ? 'Your refund is on its way.' : '' });
    publish();
  } else if (journey.missingSignatures()) {
    // Proof of delivery often follows the delivery scan; give it a moment before calling it missing.
    const signed = await condition(() => !journey.missingSignatures(), msToNumber(policy.order.signatureGrace));
    if (!signed) {
      journey.record({ at: now(), what: 'Delivered without the required signature', source: 'aftercart' });
      alertOperators('signature_missing', `order ${input.orderId} was delivered without the required signature`);
      publish();
    }
  }

  await background.settle();
  // A refused step keeps the journey open, within the policy's wait, for an operator to retry or settle it.
  const operatorWaitEnds = Date.now() + msToNumber(policy.activities.failedStepWait);
  // An operator's retry of a reship or a shipment gives the journey a parcel to wait for again.
  while (steps.failed().length > 0 || !journey.finished()) {
    if (!(await condition(() => steps.failed().length === 0 && journey.finished(), Math.max(operatorWaitEnds - Date.now(), 1)))) {
      journey.record({ at: now(), what: 'Journey closed with a refused step nobody retried or settled', source: 'aftercart', detail: steps.failed().map((s) => s.stepId).join(', ') || 'parcels still open' });
      break;
    }
    await background.settle();
  }
  await condition(allHandlersFinished);
  journey.view.completed = true;
  setCurrentDetails(`Journey ended: ${describeStage(journey.stage)}.`);
  const outcome = handOffToPostPurchase(journey, promisedBy);
  if (patched('customer-handoff')) {
    const delivered = deliveredEvent(outcome);
    if (delivered) await tellCustomer(database, outcome.customerId, delivered);
  }
  // Journeys recorded before the feedback hand-off end without starting one (their histories replay).
  if (patched('feedback-handoff')) await startFeedbackAfterDelivery(outcome, { feedback: policy.feedback, service: policy.service, activities: policy.activities });
  return outcome;
}

function now(): string {
  return new Date().toISOString();
}
