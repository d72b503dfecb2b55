import { msToNumber } from '@temporalio/common/lib/time';
import { condition, patched } from '@temporalio/workflow';
import { activityProfiles } from '../shared/activity-profiles';
import { createOperatorAlerts } from '../shared/alerts';
import { createNotifier, type Notify } from '../shared/notifier';
import type { ExceptionCase, ParcelResolution, ShipmentInput, ShipmentView } from './messages';
import type { TrackingEvent } from './tracking';

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

/**
 * What every exception path of a parcel uses: its messages (outbound parcels only), operator alerts, the cases'
 * timers, and the one way a parcel's journey ends with money moving (resolveOnce, returnToSender).
 */
export function createCaseKit(ctx: ShipmentContext) {
  const { input, view } = ctx;
  const { partner } = activityProfiles(input.policy.activities);
  const outbound = input.direction === 'outbound';
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
  const alertOperators = createOperatorAlerts({ workflowId: input.shipmentId, partner, track: ctx.background, flag: ctx.flag });
  /** Carried across continue-as-new (ShipmentCarriedState). */
  const state = { notified, resolutionGiven: carried?.resolutionGiven ?? false, attemptsHandled: carried?.attemptsHandled ?? 0 };
  const isOpen = (c: ExceptionCase) => !c.outcome;
  /** When a case opened; its timers count from here. Older cases (no openedAt) start their timers now. */
  const openedAt = (c: ExceptionCase) => (c.openedAt ? Date.parse(c.openedAt) : Date.now());

  const kit = {
    ctx,
    input,
    view,
    partner,
    policy: input.policy.shipment,
    state,
    notify,
    parcel: { shipmentId: input.shipmentId, carrier: input.carrier, trackingNumber: input.trackingNumber },
    params: (extra: Record<string, string> = {}) => ({ trackingNumber: input.trackingNumber, carrier: input.carrier, ...extra }),
    alert: (c: ExceptionCase, kind: string, summary: string) => alertOperators(kind, summary, `${c.seq}`),
    now: () => new Date().toISOString(),
    openCase: () => view.cases.find((c) => !c.outcome),
    isOpen,
    openedAt,
    remaining: (c: ExceptionCase, duration: string) => openedAt(c) + msToNumber(duration) - Date.now(),
    /** Waits until the case closes, or `ms` passes; true when it closed. */
    closedWithin: (c: ExceptionCase, ms: number, also: () => boolean = () => false) =>
      condition(() => !isOpen(c) || also(), Number.isFinite(ms) ? Math.max(ms, 1) : undefined),

    /** A return parcel that comes back, is lost or is damaged is for its requestor to settle: no refund or reship. */
    resolveOnce(resolution: ParcelResolution) {
      if (state.resolutionGiven || !outbound) return;
      state.resolutionGiven = true;
      ctx.resolve(resolution);
    },

    /** Ends the parcel's journey here: back to the sender, and the order refunds it. */
    returnToSender(c: ExceptionCase | undefined, reason: ParcelResolution['reason'], description: string) {
      if (c) c.outcome = reason === 'abandoned_at_customs' ? 'abandoned' : 'returned_to_sender';
      ctx.record({ eventId: `aftercart:returned:${c?.seq ?? 0}`, status: 'returned_to_sender', occurredAt: kit.now(), description });
      tellPartnersItGoesBack(c, reason);
      kit.resolveOnce({ action: 'refund', reason });
      notify('parcel_returned', '', kit.params({ reason: description }));
    },
  };

  /**
   * The customs broker hears that the parcel is abandoned, the carrier that it goes back instead of another
   * attempt: otherwise they go on holding or re-delivering a parcel the customer was refunded for.
   */
  const tellPartnersItGoesBack = (c: ExceptionCase | undefined, reason: ParcelResolution['reason']) => {
    if (reason !== 'abandoned_at_customs' && reason !== 'delivery_failed') return;
    if (!patched('tell-partners-on-return')) return; // older shipments refunded without telling them
    const scope = `${c?.seq ?? 0}`;
    const parcel = kit.parcel;
    ctx.background(
      reason === 'abandoned_at_customs'
        ? partner.tellCustomsBroker.executeWithOptions({ summary: 'Tell the customs broker: abandoned, return to sender' }, [{ ...parcel, idempotencyKey: `${input.shipmentId}:customs:abandon:${scope}`, action: 'abandon' }])
        : partner.requestCarrierRedirect.executeWithOptions({ summary: 'Ask the carrier to return the parcel to the sender' }, [{ ...parcel, idempotencyKey: `${input.shipmentId}:redirect:sender:${scope}`, to: 'sender' }]),
    );
  };

  return kit;
}

export type CaseKit = ReturnType<typeof createCaseKit>;
