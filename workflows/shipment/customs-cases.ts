import { msToNumber } from '@temporalio/common/lib/time';
import { refusal } from '../shared/refusal';
import type { CaseKit } from './case-kit';
import { shipmentRefusals, type CustomsAction, type ExceptionCase, type ShipmentView } from './messages';
import { isFinalStage } from './tracking';

const CUSTOMER_CUSTOMS_HOLDS = ['customs_documents_required', 'customs_duties_owed'];

/**
 * Customs holds the customer resolves (documents required, duties owed): a message with a signed action link,
 * reminders, escalation to operators, and abandonment (return to sender, refund) when nobody acts in time.
 * Customer and operator actions arrive through the customsAction update.
 */
export function createCustomsCases(kit: CaseKit) {
  const { input, view, policy, partner, notify, params, parcel } = kit;

  async function customerCustomsHold(c: ExceptionCase) {
    const kind = c.kind === 'customs_documents_required' ? 'customs_documents_required' : 'customs_duties_owed';
    const link = { scope: 'customs' as const, shipmentId: input.shipmentId };
    notify(kind, `${c.seq}`, params(), link);
    const opened = kit.openedAt(c);
    const escalateAt = opened + msToNumber(policy.customsEscalateAfter);
    const abandonAt = opened + msToNumber(policy.customsAbandonAfter);
    let nextReminderAt = opened + msToNumber(policy.customsReminderInterval) * (c.remindersSent + 1);
    while (kit.isOpen(c)) {
      const waitingOnCustomer = c.waitingFor === 'customer';
      const deadlines = [
        !c.escalated ? escalateAt : Infinity,
        waitingOnCustomer ? abandonAt : Infinity,
        waitingOnCustomer && c.remindersSent < policy.customsMaxReminders ? nextReminderAt : Infinity,
      ];
      const next = Math.min(...deadlines);
      const actions = c.actions.length;
      if (await kit.closedWithin(c, next - Date.now(), () => c.actions.length > actions)) continue;
      if (waitingOnCustomer && Date.now() >= abandonAt) {
        kit.returnToSender(c, 'abandoned_at_customs', 'unclaimed at customs');
        break;
      }
      if (!c.escalated && Date.now() >= escalateAt) {
        c.escalated = true;
        kit.alert(c, 'customs_hold_escalated', `parcel ${input.trackingNumber} held at customs (${c.kind.replace(/_/g, ' ')}) since ${c.since}`);
      }
      if (waitingOnCustomer && c.remindersSent < policy.customsMaxReminders && Date.now() >= nextReminderAt) {
        c.remindersSent += 1;
        nextReminderAt += msToNumber(policy.customsReminderInterval);
        notify('customs_reminder', `${c.seq}:${c.remindersSent}`, params(), link);
      }
    }
  }

  return {
    customerCustomsHold,

    refuseCustomsAction(action: CustomsAction): void {
      const c = kit.openCase();
      if (isFinalStage(view.stage)) throw refusal(shipmentRefusals.finished, 'the parcel has already reached a final stage');
      if (!c || !c.kind.startsWith('customs_')) throw refusal(shipmentRefusals.noCustomsHold, 'the parcel is not held at customs');
      const fits =
        action.action === 'abandon' ? CUSTOMER_CUSTOMS_HOLDS.includes(c.kind) || c.kind === 'customs_inspection' :
        action.action === 'documents_provided' ? c.kind === 'customs_documents_required' :
        c.kind === 'customs_duties_owed';
      if (!fits) throw refusal(shipmentRefusals.actionDoesNotFit, `${action.action} does not resolve a ${c.kind.replace(/_/g, ' ')} hold`);
    },

    onCustomsAction(action: CustomsAction): ShipmentView {
      const c = kit.openCase()!;
      c.actions.push({ action: action.action, by: action.by, at: kit.now(), ...(action.keyId && { keyId: action.keyId }) });
      if (action.action === 'abandon') {
        kit.returnToSender(c, 'abandoned_at_customs', `abandoned at customs by the ${action.by}`);
      } else {
        c.waitingFor = 'carrier';
        kit.ctx.background(
          partner.tellCustomsBroker.executeWithOptions({ summary: `Tell the customs broker: ${action.action.replace(/_/g, ' ')}` }, [
            { ...parcel, idempotencyKey: `${input.shipmentId}:customs:${action.action}:${c.seq}`, action: action.action },
          ]),
        );
      }
      return view;
    },
  };
}
