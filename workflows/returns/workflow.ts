import { msToNumber } from '@temporalio/common/lib/time';
import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ExceptionKind, NeedsAttention, ReturnStatus } from '../search-attributes';
import { activityProfiles } from '../shared/activity-profiles';
import { createOperatedSteps } from '../shared/operated';
import { Background } from '../shared/background';
import { createNotifier } from '../shared/notifier';
import { operatorStepUpdate } from '../shared/steps';
import { tellCustomerReturned } from '../customer/tell';
import { feedbackAfterReturn } from '../feedback/start';
import { shipmentProgressSignal } from '../shipment/messages';
import { currentDetails } from './details';
import { recordReceiptUpdate, returnStatusQuery, reviewReturnUpdate, type ReturnInput, type ReturnView } from './messages';
import { returnParcelShipmentId, startReturnParcel } from './parcel';
import { awaitReceipt } from './receipt-deadline';
import { ReturnCase } from './return-case';
import { moveMoney, restock, startExchange, type ReturnContext } from './settlement';

/**
 * One return, `return-<rmaId>`: approved at once under policy or after an operator's review (with a timeout),
 * then in parallel a label, the warehouse's pre-notice and the expected stock; the return parcel is tracked by a
 * shipment in its return direction; an unused label expires the return. After the warehouse's receipt, money
 * (refund or store credit) and stock move in parallel, each exactly once; an exchange starts a replacement order.
 */
export async function returnWorkflow(input: ReturnInput): Promise<ReturnView> {
  const workflowId = workflowInfo().workflowId;
  const policy = input.policy;
  const { partner } = activityProfiles(policy.activities);
  const rc = new ReturnCase(input);
  const background = new Background();
  const units = input.lines.reduce((sum, line) => sum + line.quantity, 0);
  rc.record({ at: input.requestedAt, what: `Return requested: ${units} unit(s), ${input.resolution.type.replace('_', ' ')}`, source: 'storefront', by: input.by });
  let projectionVersion = 0;

  const notify = createNotifier({
    workflowId,
    customerId: input.customerId,
    orderId: input.orderId,
    partner,
    track: background.add,
    onFailure: (template, reason) => rc.record({ at: now(), what: `Could not send "${template}" to the customer`, source: 'aftercart', detail: reason }),
  });
  const { alertOperators, steps } = createOperatedSteps({ workflowId, partner, subject: rc, stepAlertAfter: policy.activities.stepAlertAfter, track: background.add, changed: () => publish() });

  /** Search attributes, current details and the MySQL projection (status, and the view for later answers). */
  const publish = () => {
    upsertSearchAttributes([
      { key: ReturnStatus, value: rc.status },
      { key: NeedsAttention, value: rc.view.needsAttention },
      { key: ExceptionKind, value: rc.view.attentionReasons[0] ?? null },
    ]);
    setCurrentDetails(currentDetails(rc));
    background.add(
      partner.projectReturn.executeWithOptions({ summary: `Project return status ${rc.status} to MySQL` }, [
        { rmaId: input.rmaId, version: ++projectionVersion, status: rc.status, view: JSON.parse(JSON.stringify(rc.view)) as Record<string, unknown> },
      ]),
    );
  };
  const ctx: ReturnContext = { rc, workflowId, partner, steps, notify, publish };

  setHandler(returnStatusQuery, () => rc.view);
  setHandler(operatorStepUpdate, (action) => steps.apply(action), { validator: (action) => steps.refuse(action) });
  setHandler(
    reviewReturnUpdate,
    (review) => {
      rc.decide(review.decision === 'approve' ? 'approved' : 'rejected', 'operator', now(), review.reason);
      rc.record({ at: now(), what: review.decision === 'approve' ? 'Approved by an operator' : 'Rejected by an operator', source: 'operator', detail: review.reason, by: review.by });
      publish();
      return rc.view;
    },
    {
      validator: (review) => {
        const refused = rc.refuseReview(review);
        if (refused) throw refused;
      },
    },
  );
  setHandler(
    recordReceiptUpdate,
    (receipt) => {
      if (rc.isRepeatedReceipt(receipt)) return rc.view;
      rc.applyReceipt(receipt, now());
      const found = rc.view.lines.map((l) => `${l.sku}: ${Object.entries(l.conditions ?? {}).map(([c, n]) => `${n} ${c}`).join(', ')}`).join('; ');
      rc.record({ at: now(), what: `Received and inspected (receipt ${receipt.receiptId})`, source: 'warehouse', detail: found, by: receipt.by });
      publish();
      return rc.view;
    },
    {
      validator: (receipt) => {
        const refused = rc.refuseReceipt(receipt);
        if (refused) throw refused;
      },
    },
  );
  setHandler(shipmentProgressSignal, (progress) => {
    const parcel = rc.view.parcel;
    if (!parcel || progress.shipmentId !== parcel.shipmentId) return;
    parcel.stage = progress.stage;
    if (progress.stage === 'delivered' && !parcel.deliveredAt) parcel.deliveredAt = progress.at;
    if (!parcel.firstScanAt) {
      parcel.firstScanAt = progress.at;
      rc.record({ at: progress.at, what: 'Return parcel scanned by the carrier', source: 'carrier', detail: progress.stage.replace(/_/g, ' ') });
      if (rc.status === 'awaiting_parcel') rc.setStatus('in_transit');
    }
    if ((progress.stage === 'lost' || progress.stage === 'returned_to_sender') && !rc.view.receipt) {
      alertOperators(`return_parcel_${progress.stage}`, `the return parcel of ${input.rmaId} is ${progress.stage.replace(/_/g, ' ')}`);
    }
    publish();
  });

  // Approval: at once under policy, or an operator's review that falls back to the policy's default.
  if (input.decision.status === 'approved') {
    rc.decide('approved', 'policy', input.requestedAt);
  } else {
    const until = new Date(Date.now() + msToNumber(policy.returns.reviewTimeout)).toISOString();
    rc.view.review = { reason: input.decision.reason, until };
    rc.record({ at: now(), what: 'Held for review', source: 'aftercart', detail: input.decision.reason });
    notify('return_under_review', '', { rmaId: input.rmaId, reviewBy: until });
  }
  publish();
  if (rc.status === 'pending_review' && !(await condition(() => rc.status !== 'pending_review', msToNumber(policy.returns.reviewTimeout)))) {
    const outcome = policy.returns.reviewTimeoutDecision === 'approve' ? 'approved' : 'rejected';
    rc.decide(outcome, 'review_timeout', now(), `nobody reviewed it within ${policy.returns.reviewTimeout}`);
    rc.record({ at: now(), what: `Review timed out: ${outcome} by policy`, source: 'aftercart' });
    alertOperators('return_review_timed_out', `return ${input.rmaId} was not reviewed within ${policy.returns.reviewTimeout}; ${outcome} by policy`);
    publish();
  }

  if (rc.status === 'rejected') {
    notify('return_rejected', '', { rmaId: input.rmaId, reason: rc.view.decision?.reason ?? '' });
  } else {
    await approved(ctx);
  }

  publish();
  await background.settle();
  // A refused step keeps the return open, within the policy's wait, for an operator to retry or settle it.
  const operatorWaitEnds = Date.now() + msToNumber(policy.activities.failedStepWait);
  while (steps.failed().length > 0) {
    if (!(await condition(() => steps.failed().length === 0, Math.max(operatorWaitEnds - Date.now(), 1)))) break;
    await background.settle();
  }
  await condition(allHandlersFinished);
  rc.view.completed = true;
  setCurrentDetails(`Return ended: ${rc.status.replace(/_/g, ' ')}.`);
  publish();
  // Money settled (an operator's retry included): the customer's facts count the return, once by rmaId. Returns
  // that ended before this hand-off end without it.
  if (rc.status === 'completed' && patched('customer-returned')) background.add(tellCustomerReturned(rc.view, input.currency, policy.activities));
  await background.settle();
  return rc.view;

  /** From approval to the end: label, parcel, receipt, then money and stock. */
  async function approved({ rc }: ReturnContext): Promise<void> {
    const items = input.lines.map(({ sku, quantity }) => ({ sku, quantity }));
    if (policy.returns.refundAt === 'approval') background.add(moveMoney(ctx, 'requested'));
    const expected = Promise.all(
      items.map((item) =>
        partner.moveStock.executeWithOptions({ summary: `Expect ${item.quantity} ${item.sku} back` }, [
          { idempotencyKey: `${workflowId}:stock:${item.sku}:expected_inbound`, workflowId, sku: item.sku, kind: 'expected_inbound', quantity: item.quantity },
        ]),
      ),
    ).then(() => rc.view.stock.push(...items.map((i) => ({ ...i, kind: 'expected_inbound' as const }))));
    const labelled = steps.run({
      stepId: 'return-label',
      kind: 'return_label',
      what: 'Get a return label from the carrier',
      attempt: (keySuffix) =>
        partner.createReturnLabel.executeWithOptions({ summary: `Return label for ${input.rmaId}` }, [
          { idempotencyKey: `${workflowId}:label${keySuffix}`, workflowId, rmaId: input.rmaId, orderId: input.orderId, fromCountry: input.customerCountry, items },
        ]),
      succeeded: (label) => {
        const expiresAt = new Date(Date.now() + msToNumber(policy.returns.labelValidFor)).toISOString();
        rc.view.label = { ...label, expiresAt };
        rc.setStatus('awaiting_parcel');
        rc.record({ at: now(), what: `Return label issued: ${label.carrier} ${label.trackingNumber}`, source: 'aftercart', detail: `valid until ${expiresAt}` });
        publish();
      },
    });
    await Promise.all([expected, labelled]);
    const label = rc.view.label;
    if (!label) return; // refused and settled by an operator without a label: nothing more to wait for
    notify('return_label', '', { rmaId: input.rmaId, carrier: label.carrier, trackingNumber: label.trackingNumber, labelUrl: label.labelUrl, expiresAt: label.expiresAt });
    background.add(
      partner.preNotifyWarehouse.executeWithOptions({ summary: `Pre-notify the warehouse of return ${input.rmaId}` }, [
        { idempotencyKey: `${workflowId}:warehouse-notice`, workflowId, rmaId: input.rmaId, orderId: input.orderId, items, carrier: label.carrier, trackingNumber: label.trackingNumber },
      ]),
    );
    // A recycled label number gets a shipment of its own: the view, progress signals and the label's expiry use it.
    const shipmentId = await returnParcelShipmentId(input, workflowId, label);
    rc.view.parcel = { shipmentId, stage: 'shipped' };
    await startReturnParcel(input, workflowId, label, shipmentId, items);
    publish();

    // The label must be used (a first scan, or the warehouse receives it) before it expires.
    const used = () => rc.view.parcel?.firstScanAt !== undefined || rc.view.receipt !== undefined;
    if (!(await condition(used, Math.max(Date.parse(label.expiresAt) - Date.now(), 1)))) {
      rc.setStatus('expired');
      rc.record({ at: now(), what: 'Return label expired unused; the units are free again', source: 'aftercart', detail: `label valid until ${label.expiresAt}` });
      notify('return_expired', '', { rmaId: input.rmaId, expiresAt: label.expiresAt });
      // The parcel's shipment stops listening; one that already ended has nothing to stop.
      background.add(getExternalWorkflowHandle(shipmentId).cancel().catch(() => undefined));
      background.add(
        Promise.all(
          items.map((item) =>
            partner.moveStock.executeWithOptions({ summary: `No longer expect ${item.quantity} ${item.sku}` }, [
              { idempotencyKey: `${workflowId}:stock:${item.sku}:inbound_cancelled`, workflowId, sku: item.sku, kind: 'inbound_cancelled', quantity: item.quantity },
            ]),
          ),
        ),
      );
      return;
    }
    if (policy.returns.refundAt === 'first_scan' && !rc.view.receipt) background.add(moveMoney(ctx, 'requested'));
    publish();
    await awaitReceipt(ctx, policy.returns.receiptExpectedWithin, alertOperators);

    // Money and stock in parallel, each once; an exchange starts its replacement order.
    await Promise.all([moveMoney(ctx, 'inspected'), restock(ctx), startExchange(ctx, { order: policy.order, shipment: policy.shipment, activities: policy.activities })]);
    await background.settle();
    rc.setStatus('completed');
    rc.record({ at: now(), what: 'Return completed', source: 'aftercart' });
    notify('return_completed', '', { rmaId: input.rmaId, outcome: outcomeText(rc) });
    // The order's feedback request stops asking about what went back (or one about the return starts). Returns
    // recorded before this hand-off end without it, so their histories replay.
    if (patched('feedback-after-return')) {
      const lines = input.lines.map(({ sku, quantity }) => ({ sku, quantity }));
      background.add(feedbackAfterReturn({ orderId: input.orderId, customerId: input.customerId, rmaId: input.rmaId, lines, returnedSkus: [...new Set(lines.map((l) => l.sku))], policy: { activities: policy.activities } }));
    }
  }
}

function outcomeText(rc: ReturnCase): string {
  const money = rc.view.money;
  if (rc.view.exchange) return `Your exchange ${rc.view.exchange.quantity} x ${rc.view.exchange.sku} is on its way as order ${rc.view.exchange.orderId}.`;
  if (!money) return '';
  const amount = `${((money.amountMinor ?? money.breakdown.totalMinor) / 100).toFixed(2)} ${money.breakdown.currency}`;
  if (money.status === 'refunded') return `We refunded ${amount}.`;
  if (money.status === 'credited') return `We added ${amount} to your store credit.`;
  return '';
}

function now(): string {
  return new Date().toISOString();
}
