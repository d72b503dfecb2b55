import { msToNumber } from '@temporalio/common/lib/time';
import { condition, log, metricMeter, patched } from '@temporalio/workflow';
import { activityProfiles } from '../shared/activity-profiles';
import { createOperatorAlerts } from '../shared/alerts';
import { createNotifier, type Notify } from '../shared/notifier';
import { refusal } from '../shared/refusal';
import {
  shipmentRefusals,
  type AddressCorrection,
  type CustomsAction,
  type ExceptionCase,
  type ParcelResolution,
  type ShipmentCarriedState,
  type ShipmentInput,
  type ShipmentView,
} from './messages';
import { isFinalStage, type TrackingEvent } from './tracking';

export interface ShipmentContext {
  input: ShipmentInput;
  view: ShipmentView;
  /** Adds an event of our own (provider "aftercart") to the timeline, e.g. "returned to sender after abandonment". */
  record(event: Omit<TrackingEvent, 'provider'>): void;
  flag(reason: string): void;
  /** Tells the requestor to move money or goods for this parcel (once; outbound parcels only). */
  resolve(resolution: ParcelResolution): void;
  /** One-shot work (messages, alerts, partner calls): settled before the shipment continues as new. */
  background(work: Promise<unknown>): void;
  /** A case's path: abandoned when the shipment continues as new, and resumed by the next run from the case. */
  casePath(work: Promise<unknown>): void;
}

const CUSTOMER_CUSTOMS_HOLDS = ['customs_documents_required', 'customs_duties_owed'];

/**
 * The exception paths of a parcel. Each exception opens a case that knows what it waits for (customer, carrier,
 * operator), reminds and escalates on the policy's timers, and ends resolved, redirected, claimed, or returned to
 * sender with a refund. Customer messages carry signed action links where the customer can act.
 */
export function createCaseHandlers(ctx: ShipmentContext) {
  const { input, view } = ctx;
  const { partner } = activityProfiles(input.policy.activities);
  const policy = input.policy.shipment;
  const outbound = input.direction === 'outbound';
  const parcel = { shipmentId: input.shipmentId, carrier: input.carrier, trackingNumber: input.trackingNumber };
  const carried = input.carried;
  const notified = new Set(carried?.notified ?? []);
  const notifyCustomer = createNotifier({
    workflowId: input.shipmentId,
    customerId: input.customerId,
    orderId: input.orderId,
    partner,
    track: ctx.background,
    onFailure: (template) => ctx.flag(`notification_failed:${template}`),
    sent: notified,
  });
  // A return parcel's customer hears from the returns journey, not from its carrier's scans.
  const notify: Notify = (...args) => {
    if (outbound) notifyCustomer(...args);
  };
  const params = (extra: Record<string, string> = {}) => ({ trackingNumber: input.trackingNumber, carrier: input.carrier, ...extra });
  const alertOperators = createOperatorAlerts({ workflowId: input.shipmentId, partner, track: ctx.background, flag: ctx.flag });
  const alert = (c: ExceptionCase, kind: string, summary: string) => alertOperators(kind, summary, `${c.seq}`);
  const now = () => new Date().toISOString();
  const openCase = () => view.cases.find((c) => !c.outcome);
  const isOpen = (c: ExceptionCase) => !c.outcome;
  let resolutionGiven = carried?.resolutionGiven ?? false;
  let attemptsHandled = carried?.attemptsHandled ?? 0;
  /** When a case opened; its timers count from here. Older cases (no openedAt) start their timers now. */
  const openedAt = (c: ExceptionCase) => (c.openedAt ? Date.parse(c.openedAt) : Date.now());
  const remaining = (c: ExceptionCase, duration: string) => openedAt(c) + msToNumber(duration) - Date.now();

  /** A return parcel that comes back, is lost or is damaged is for its requestor to settle: no refund or reship. */
  const resolveOnce = (resolution: ParcelResolution) => {
    if (resolutionGiven || !outbound) return;
    resolutionGiven = true;
    ctx.resolve(resolution);
  };

  /** Ends the parcel's journey here: back to the sender, and the order refunds it. */
  const returnToSender = (c: ExceptionCase | undefined, reason: ParcelResolution['reason'], description: string) => {
    if (c) c.outcome = reason === 'abandoned_at_customs' ? 'abandoned' : 'returned_to_sender';
    ctx.record({ eventId: `aftercart:returned:${c?.seq ?? 0}`, status: 'returned_to_sender', occurredAt: now(), description });
    tellPartnersItGoesBack(c, reason);
    resolveOnce({ action: 'refund', reason });
    notify('parcel_returned', '', params({ reason: description }));
  };

  /**
   * The customs broker hears that the parcel is abandoned, the carrier that it goes back instead of another
   * attempt: otherwise they go on holding or re-delivering a parcel the customer was refunded for.
   */
  const tellPartnersItGoesBack = (c: ExceptionCase | undefined, reason: ParcelResolution['reason']) => {
    if (reason !== 'abandoned_at_customs' && reason !== 'delivery_failed') return;
    if (!patched('tell-partners-on-return')) return; // older shipments refunded without telling them
    const scope = `${c?.seq ?? 0}`;
    ctx.background(
      reason === 'abandoned_at_customs'
        ? partner.tellCustomsBroker.executeWithOptions({ summary: 'Tell the customs broker: abandoned, return to sender' }, [{ ...parcel, idempotencyKey: `${input.shipmentId}:customs:abandon:${scope}`, action: 'abandon' }])
        : partner.requestCarrierRedirect.executeWithOptions({ summary: 'Ask the carrier to return the parcel to the sender' }, [{ ...parcel, idempotencyKey: `${input.shipmentId}:redirect:sender:${scope}`, to: 'sender' }]),
    );
  };

  /** Waits until the case closes, or `ms` passes; true when it closed. */
  const closedWithin = (c: ExceptionCase, ms: number, also: () => boolean = () => false) =>
    condition(() => !isOpen(c) || also(), Number.isFinite(ms) ? Math.max(ms, 1) : undefined);

  async function customerCustomsHold(c: ExceptionCase) {
    const kind = c.kind === 'customs_documents_required' ? 'customs_documents_required' : 'customs_duties_owed';
    const link = { scope: 'customs' as const, shipmentId: input.shipmentId };
    notify(kind, `${c.seq}`, params(), link);
    const opened = openedAt(c);
    const escalateAt = opened + msToNumber(policy.customsEscalateAfter);
    const abandonAt = opened + msToNumber(policy.customsAbandonAfter);
    let nextReminderAt = opened + msToNumber(policy.customsReminderInterval) * (c.remindersSent + 1);
    while (isOpen(c)) {
      const waitingOnCustomer = c.waitingFor === 'customer';
      const deadlines = [
        !c.escalated ? escalateAt : Infinity,
        waitingOnCustomer ? abandonAt : Infinity,
        waitingOnCustomer && c.remindersSent < policy.customsMaxReminders ? nextReminderAt : Infinity,
      ];
      const next = Math.min(...deadlines);
      const actions = c.actions.length;
      if (await closedWithin(c, next - Date.now(), () => c.actions.length > actions)) continue;
      if (waitingOnCustomer && Date.now() >= abandonAt) {
        returnToSender(c, 'abandoned_at_customs', 'unclaimed at customs');
        break;
      }
      if (!c.escalated && Date.now() >= escalateAt) {
        c.escalated = true;
        alert(c, 'customs_hold_escalated', `parcel ${input.trackingNumber} held at customs (${c.kind.replace(/_/g, ' ')}) since ${c.since}`);
      }
      if (waitingOnCustomer && c.remindersSent < policy.customsMaxReminders && Date.now() >= nextReminderAt) {
        c.remindersSent += 1;
        nextReminderAt += msToNumber(policy.customsReminderInterval);
        notify('customs_reminder', `${c.seq}:${c.remindersSent}`, params(), link);
      }
    }
  }

  async function waitForCarrier(c: ExceptionCase, template: 'customs_inspection' | 'parcel_delayed', escalation: string) {
    notify(template, `${c.seq}`, params());
    if (!c.escalated && !(await closedWithin(c, remaining(c, policy.customsEscalateAfter)))) {
      c.escalated = true;
      alert(c, escalation, `parcel ${input.trackingNumber}: ${c.kind.replace(/_/g, ' ')} since ${c.since}`);
    }
    await condition(() => !isOpen(c));
  }

  async function addressProblem(c: ExceptionCase) {
    notify('address_problem', `${c.seq}`, params(), { scope: 'address', shipmentId: input.shipmentId });
    if (!c.escalated && !(await closedWithin(c, remaining(c, policy.addressCorrectionWait), () => c.actions.length > 0))) {
      c.escalated = true;
      alert(c, 'address_problem_unresolved', `parcel ${input.trackingNumber}: the customer has not corrected the address`);
    }
    await condition(() => !isOpen(c));
  }

  async function lostOrDamaged(c: ExceptionCase) {
    const kind = c.kind === 'lost' ? 'lost' : 'damaged';
    const { claimId } = await partner.fileCarrierClaim.executeWithOptions({ summary: `File a ${kind} claim with ${input.carrier}` }, [
      { ...parcel, idempotencyKey: `${input.shipmentId}:claim:${kind}`, kind, items: input.items },
    ]);
    c.actions.push({ action: `claim_filed:${claimId}`, by: 'operator', at: now() });
    c.outcome = 'claim_filed';
    const action = policy.lostOrDamagedResolution;
    resolveOnce({ action, reason: kind });
    notify(kind === 'lost' ? 'parcel_lost' : 'parcel_damaged', '', params({ resolution: action === 'reship' ? 'We are sending a replacement.' : 'We are refunding it.' }));
  }

  async function runCase(c: ExceptionCase) {
    switch (c.kind) {
      case 'customs_documents_required':
      case 'customs_duties_owed':
        return customerCustomsHold(c);
      case 'customs_inspection':
        c.waitingFor = 'carrier';
        return waitForCarrier(c, 'customs_inspection', 'customs_inspection_escalated');
      case 'customs_prohibited':
        notify('customs_prohibited', `${c.seq}`, params());
        return returnToSender(c, 'refused_by_customs', 'refused by customs');
      case 'address_problem':
        return addressProblem(c);
      case 'lost':
      case 'damaged':
        return lostOrDamaged(c);
      case 'stalled':
        c.waitingFor = 'carrier';
        ctx.flag('stalled');
        return waitForCarrier(c, 'parcel_delayed', 'stalled_escalated');
      case 'failed_attempt':
        c.waitingFor = 'carrier'; // counted and acted on in onAttempts
        return;
      default:
        notify('shipment_exception', `${c.seq}`, params({ exception: view.exception?.description ?? c.kind.replace(/_/g, ' ') }));
    }
  }

  /** After the last failed attempt the parcel goes to a pickup point, or back to us (refund). */
  function onAttempts() {
    while (attemptsHandled < view.failedAttempts) {
      attemptsHandled += 1;
      const attempt = attemptsHandled;
      const detail = [...view.events].reverse().find((e) => e.exceptionKind === 'failed_attempt')?.description ?? 'nobody was home';
      notify('failed_attempt', `${attempt}`, params({ attempt: `${attempt}`, maxAttempts: `${policy.maxDeliveryAttempts}`, detail }));
      if (attempt !== policy.maxDeliveryAttempts) continue;
      const c = openCase();
      if (policy.afterFailedAttempts === 'pickup_point') {
        if (c) c.outcome = 'redirected';
        ctx.background(
          partner.requestCarrierRedirect.executeWithOptions({ summary: 'Redirect the parcel to a pickup point' }, [{ ...parcel, idempotencyKey: `${input.shipmentId}:redirect:pickup_point`, to: 'pickup_point' }]),
        );
        notify('redirected_to_pickup', '', params({ maxAttempts: `${policy.maxDeliveryAttempts}` }));
      } else {
        returnToSender(c, 'delivery_failed', `${attempt} failed delivery attempts`);
      }
    }
  }

  return {
    /** Opens a case for a new exception and closes the one the parcel has moved past. */
    openNewCases() {
      onAttempts();
      const current = openCase();
      const exception = view.exception;
      if (current && current.kind !== exception?.kind) current.outcome = 'resolved'; // the parcel has moved past it
      // A case that already ended for this very exception (a lost parcel's claim filed) is not opened again.
      const handled = exception && view.cases.some((c) => c.kind === exception.kind && c.since === exception.since && c.outcome);
      if (exception && openCase()?.kind !== exception.kind && !(handled && patched('one-case-per-exception'))) {
        const c: ExceptionCase = { seq: view.cases.length + 1, kind: exception.kind, since: exception.since, waitingFor: 'customer', remindersSent: 0, escalated: false, actions: [], openedAt: now() };
        view.cases.push(c);
        // Metrics and logs from a workflow are not re-emitted on replay.
        metricMeter.createCounter('aftercart_exceptions_opened_total', 'cases', 'Parcel exception cases opened, by kind.').add(1, { kind: c.kind });
        log.info('exception case opened', { kind: c.kind, case: c.seq, trackingNumber: input.trackingNumber });
        ctx.casePath(runCase(c));
      }
      if (view.stage === 'returned_to_sender') resolveOnce({ action: 'refund', reason: 'returned_to_sender' });
    },

    /** A run that continued as new picks up the paths of the cases still open. */
    resume() {
      for (const c of view.cases.filter(isOpen)) ctx.casePath(runCase(c));
    },

    /** What the next run needs to go on exactly where this one stops. */
    carried(): Pick<ShipmentCarriedState, 'notified' | 'resolutionGiven' | 'attemptsHandled'> {
      return { notified: [...notified], resolutionGiven, attemptsHandled };
    },

    /** Nothing new from the carrier for declareLostAfter: the parcel is lost (claim, then reship or refund). */
    onSilence() {
      ctx.record({ eventId: `aftercart:lost:${view.events.length}`, status: 'exception', exceptionKind: 'lost', occurredAt: now(), description: `no news from the carrier for ${policy.declareLostAfter}: declared lost` });
    },

    onStalled(quietMs: number) {
      ctx.record({ eventId: `aftercart:stalled:${view.events.length}`, status: 'exception', exceptionKind: 'stalled', occurredAt: now(), description: `no carrier scan for ${Math.round(quietMs / 60000)} minutes, and the carrier had no news` });
    },

    refuseCustomsAction(action: CustomsAction): void {
      const c = openCase();
      if (isFinalStage(view.stage)) throw refusal(shipmentRefusals.finished, 'the parcel has already reached a final stage');
      if (!c || !c.kind.startsWith('customs_')) throw refusal(shipmentRefusals.noCustomsHold, 'the parcel is not held at customs');
      const fits =
        action.action === 'abandon' ? CUSTOMER_CUSTOMS_HOLDS.includes(c.kind) || c.kind === 'customs_inspection' :
        action.action === 'documents_provided' ? c.kind === 'customs_documents_required' :
        c.kind === 'customs_duties_owed';
      if (!fits) throw refusal(shipmentRefusals.actionDoesNotFit, `${action.action} does not resolve a ${c.kind.replace(/_/g, ' ')} hold`);
    },

    onCustomsAction(action: CustomsAction): ShipmentView {
      const c = openCase()!;
      c.actions.push({ action: action.action, by: action.by, at: now(), ...(action.keyId && { keyId: action.keyId }) });
      if (action.action === 'abandon') {
        returnToSender(c, 'abandoned_at_customs', `abandoned at customs by the ${action.by}`);
      } else {
        c.waitingFor = 'carrier';
        ctx.background(
          partner.tellCustomsBroker.executeWithOptions({ summary: `Tell the customs broker: ${action.action.replace(/_/g, ' ')}` }, [
            { ...parcel, idempotencyKey: `${input.shipmentId}:customs:${action.action}:${c.seq}`, action: action.action },
          ]),
        );
      }
      return view;
    },

    refuseAddressCorrection(): void {
      if (isFinalStage(view.stage)) throw refusal(shipmentRefusals.finished, 'the parcel has already reached a final stage');
      if (openCase()?.kind !== 'address_problem') throw refusal(shipmentRefusals.noAddressProblem, 'the carrier has not reported an address problem');
    },

    onAddressCorrection(correction: AddressCorrection): ShipmentView {
      const c = openCase()!;
      c.actions.push({ action: 'address_corrected', by: correction.by, at: now(), ...(correction.keyId && { keyId: correction.keyId }) });
      c.waitingFor = 'carrier';
      ctx.background(
        partner.requestCarrierRedirect.executeWithOptions({ summary: 'Ask the carrier to deliver to the corrected address' }, [
          { ...parcel, idempotencyKey: `${input.shipmentId}:redirect:address:${c.seq}:${c.actions.length}`, to: 'address', address: { ...correction.address } },
        ]),
      );
      return view;
    },
  };
}
