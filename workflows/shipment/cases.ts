import { condition, log, metricMeter, patched } from '@temporalio/workflow';
import { createCaseKit, type ShipmentContext } from './case-kit';
import { createCustomsCases } from './customs-cases';
import { createDeliveryCases } from './delivery-cases';
import type { ExceptionCase, ShipmentCarriedState } from './messages';

export type { ShipmentContext } from './case-kit';

/**
 * The exception paths of a parcel. Each exception opens a case that knows what it waits for (customer, carrier,
 * operator), reminds and escalates on the policy's timers, and ends resolved, redirected, claimed, or returned to
 * sender with a refund. Customer messages carry signed action links where the customer can act. Customs holds
 * live in customs-cases.ts, what goes wrong at the door in delivery-cases.ts; what they share in case-kit.ts.
 */
export function createCaseHandlers(ctx: ShipmentContext) {
  const kit = createCaseKit(ctx);
  const { input, view, policy, notify, params, state } = kit;
  const customs = createCustomsCases(kit);
  const delivery = createDeliveryCases(kit);

  /** Customs inspections and stalled parcels wait for the carrier; operators hear when it takes too long. */
  async function waitForCarrier(c: ExceptionCase, template: 'customs_inspection' | 'parcel_delayed', escalation: string) {
    notify(template, `${c.seq}`, params());
    if (!c.escalated && !(await kit.closedWithin(c, kit.remaining(c, policy.customsEscalateAfter)))) {
      c.escalated = true;
      kit.alert(c, escalation, `parcel ${input.trackingNumber}: ${c.kind.replace(/_/g, ' ')} since ${c.since}`);
    }
    await condition(() => !kit.isOpen(c));
  }

  async function runCase(c: ExceptionCase) {
    switch (c.kind) {
      case 'customs_documents_required':
      case 'customs_duties_owed':
        return customs.customerCustomsHold(c);
      case 'customs_inspection':
        c.waitingFor = 'carrier';
        return waitForCarrier(c, 'customs_inspection', 'customs_inspection_escalated');
      case 'customs_prohibited':
        notify('customs_prohibited', `${c.seq}`, params());
        return kit.returnToSender(c, 'refused_by_customs', 'refused by customs');
      case 'address_problem':
        return delivery.addressProblem(c);
      case 'lost':
      case 'damaged':
        return delivery.lostOrDamaged(c);
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

  return {
    /** Opens a case for a new exception and closes the one the parcel has moved past. */
    openNewCases() {
      delivery.onAttempts();
      const current = kit.openCase();
      const exception = view.exception;
      if (current && current.kind !== exception?.kind) current.outcome = 'resolved'; // the parcel has moved past it
      // A case that already ended for this very exception (a lost parcel's claim filed) is not opened again.
      const handled = exception && view.cases.some((c) => c.kind === exception.kind && c.since === exception.since && c.outcome);
      if (exception && kit.openCase()?.kind !== exception.kind && !(handled && patched('one-case-per-exception'))) {
        const c: ExceptionCase = { seq: view.cases.length + 1, kind: exception.kind, since: exception.since, waitingFor: 'customer', remindersSent: 0, escalated: false, actions: [], openedAt: kit.now() };
        view.cases.push(c);
        // Metrics and logs from a workflow are not re-emitted on replay.
        metricMeter.createCounter('aftercart_exceptions_opened_total', 'cases', 'Parcel exception cases opened, by kind.').add(1, { kind: c.kind });
        log.info('exception case opened', { kind: c.kind, case: c.seq, trackingNumber: input.trackingNumber });
        ctx.casePath(runCase(c));
      }
      if (view.stage === 'returned_to_sender') kit.resolveOnce({ action: 'refund', reason: 'returned_to_sender' });
    },

    /** A run that continued as new picks up the paths of the cases still open. */
    resume() {
      for (const c of view.cases.filter(kit.isOpen)) ctx.casePath(runCase(c));
    },

    /** What the next run needs to go on exactly where this one stops. */
    carried(): Pick<ShipmentCarriedState, 'notified' | 'resolutionGiven' | 'attemptsHandled'> {
      return { notified: [...state.notified], resolutionGiven: state.resolutionGiven, attemptsHandled: state.attemptsHandled };
    },

    /** Nothing new from the carrier for declareLostAfter: the parcel is lost (claim, then reship or refund). */
    onSilence() {
      ctx.record({ eventId: `aftercart:lost:${view.events.length}`, status: 'exception', exceptionKind: 'lost', occurredAt: kit.now(), description: `no news from the carrier for ${policy.declareLostAfter}: declared lost` });
    },

    onStalled(quietMs: number) {
      ctx.record({ eventId: `aftercart:stalled:${view.events.length}`, status: 'exception', exceptionKind: 'stalled', occurredAt: kit.now(), description: `no carrier scan for ${Math.round(quietMs / 60000)} minutes, and the carrier had no news` });
    },

    refuseCustomsAction: customs.refuseCustomsAction,
    onCustomsAction: customs.onCustomsAction,
    refuseAddressCorrection: delivery.refuseAddressCorrection,
    onAddressCorrection: delivery.onAddressCorrection,
  };
}
