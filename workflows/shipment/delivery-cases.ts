import { condition } from '@temporalio/workflow';
import { refusal } from '../shared/refusal';
import type { CaseKit } from './case-kit';
import { shipmentRefusals, type AddressCorrection, type ExceptionCase, type ShipmentView } from './messages';
import { isFinalStage } from './tracking';

/**
 * What goes wrong at the door and on the way: an address problem the customer corrects, failed delivery attempts
 * that end at a pickup point or back with the sender, and a lost or damaged parcel (a claim, then a refund or a
 * replacement).
 */
export function createDeliveryCases(kit: CaseKit) {
  const { input, view, policy, partner, notify, params, parcel, state } = kit;

  async function addressProblem(c: ExceptionCase) {
    notify('address_problem', `${c.seq}`, params(), { scope: 'address', shipmentId: input.shipmentId });
    if (!c.escalated && !(await kit.closedWithin(c, kit.remaining(c, policy.addressCorrectionWait), () => c.actions.length > 0))) {
      c.escalated = true;
      kit.alert(c, 'address_problem_unresolved', `parcel ${input.trackingNumber}: the customer has not corrected the address`);
    }
    await condition(() => !kit.isOpen(c));
  }

  async function lostOrDamaged(c: ExceptionCase) {
    const kind = c.kind === 'lost' ? 'lost' : 'damaged';
    const { claimId } = await partner.fileCarrierClaim.executeWithOptions({ summary: `File a ${kind} claim with ${input.carrier}` }, [
      { ...parcel, idempotencyKey: `${input.shipmentId}:claim:${kind}`, kind, items: input.items },
    ]);
    c.actions.push({ action: `claim_filed:${claimId}`, by: 'operator', at: kit.now() });
    c.outcome = 'claim_filed';
    const action = policy.lostOrDamagedResolution;
    kit.resolveOnce({ action, reason: kind });
    notify(kind === 'lost' ? 'parcel_lost' : 'parcel_damaged', '', params({ resolution: action === 'reship' ? 'We are sending a replacement.' : 'We are refunding it.' }));
  }

  /** After the last failed attempt the parcel goes to a pickup point, or back to us (refund). */
  function onAttempts() {
    while (state.attemptsHandled < view.failedAttempts) {
      state.attemptsHandled += 1;
      const attempt = state.attemptsHandled;
      const detail = [...view.events].reverse().find((e) => e.exceptionKind === 'failed_attempt')?.description ?? 'nobody was home';
      notify('failed_attempt', `${attempt}`, params({ attempt: `${attempt}`, maxAttempts: `${policy.maxDeliveryAttempts}`, detail }));
      if (attempt !== policy.maxDeliveryAttempts) continue;
      const c = kit.openCase();
      if (policy.afterFailedAttempts === 'pickup_point') {
        if (c) c.outcome = 'redirected';
        kit.ctx.background(
          partner.requestCarrierRedirect.executeWithOptions({ summary: 'Redirect the parcel to a pickup point' }, [{ ...parcel, idempotencyKey: `${input.shipmentId}:redirect:pickup_point`, to: 'pickup_point' }]),
        );
        notify('redirected_to_pickup', '', params({ maxAttempts: `${policy.maxDeliveryAttempts}` }));
      } else {
        kit.returnToSender(c, 'delivery_failed', `${attempt} failed delivery attempts`);
      }
    }
  }

  return {
    addressProblem,
    lostOrDamaged,
    onAttempts,

    refuseAddressCorrection(): void {
      if (isFinalStage(view.stage)) throw refusal(shipmentRefusals.finished, 'the parcel has already reached a final stage');
      if (kit.openCase()?.kind !== 'address_problem') throw refusal(shipmentRefusals.noAddressProblem, 'the carrier has not reported an address problem');
    },

    onAddressCorrection(correction: AddressCorrection): ShipmentView {
      const c = kit.openCase()!;
      c.actions.push({ action: 'address_corrected', by: correction.by, at: kit.now(), ...(correction.keyId && { keyId: correction.keyId }) });
      c.waitingFor = 'carrier';
      kit.ctx.background(
        partner.requestCarrierRedirect.executeWithOptions({ summary: 'Ask the carrier to deliver to the corrected address' }, [
          { ...parcel, idempotencyKey: `${input.shipmentId}:redirect:address:${c.seq}:${c.actions.length}`, to: 'address', address: { ...correction.address } },
        ]),
      );
      return view;
    },
  };
}
