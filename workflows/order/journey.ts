import type { ApplicationFailure } from '@temporalio/common';
import { flagAttention, unflagAttention } from '../shared/attention';
import { limits } from '../shared/limits';
import { refusal } from '../shared/refusal';
import type { TimelineEntry } from '../shared/types';
import { shipmentWorkflowId, type ParcelProgress, type ParcelResolution } from '../shipment/messages';
import { furthestStage, isDelivered, isFinalStage, type ParcelStage } from '../shipment/tracking';
import {
  refusalReasons,
  type FulfillmentEvent,
  type JourneyStage,
  type OrderInput,
  type OrderView,
  type ParcelView,
  type ReshipStatus,
  type ShippedParcel,
} from './messages';

/**
 * The order journey's state and its rules, free of Temporal calls so they read (and test) as plain code.
 * The workflow owns one Journey and wires messages and timers to it.
 */
export class Journey {
  readonly view: OrderView;
  private readonly seenFulfillmentEvents = new Set<string>();
  private fulfillmentStage: 'confirmed' | 'picking' | 'packed' = 'confirmed';

  constructor(readonly input: OrderInput) {
    this.view = {
      orderId: input.orderId,
      customerId: input.customer.id,
      stage: 'confirmed',
      needsAttention: false,
      attentionReasons: [],
      shippingAddress: input.shippingAddress,
      parcels: [],
      timeline: [],
      steps: [],
      completed: false,
    };
  }

  get stage(): JourneyStage {
    return this.view.stage;
  }

  get cancelled(): boolean {
    return this.view.cancellation !== undefined;
  }

  get shipped(): boolean {
    return this.view.parcels.length > 0;
  }

  record(entry: TimelineEntry): void {
    this.view.timeline.push(entry);
  }

  flag(reason: string): void {
    flagAttention(this.view, reason);
  }

  unflag(reason: string): void {
    unflagAttention(this.view, reason);
  }

  /** Why a cancel or address change must be refused now, if it must. */
  refuseChange(): ApplicationFailure | undefined {
    if (this.cancelled) return refusal(refusalReasons.cancelled, 'the order is cancelled');
    if (this.shipped) return refusal(refusalReasons.alreadyShipped, 'the first parcel has already shipped');
    return undefined;
  }

  isDuplicate(event: FulfillmentEvent): boolean {
    return this.seenFulfillmentEvents.has(event.eventId);
  }

  refuseFulfillment(event: FulfillmentEvent): ApplicationFailure | undefined {
    if (this.isDuplicate(event)) return undefined;
    if (this.cancelled) return refusal(refusalReasons.cancelled, 'the order is cancelled');
    if (event.type !== 'shipped') return undefined;
    // Validators do not run on replay, so a new bound here leaves recorded histories as they were.
    if (this.view.parcels.length + event.parcels.length > limits.parcelsPerOrder) {
      return refusal(refusalReasons.tooManyParcels, `an order ships in at most ${limits.parcelsPerOrder} parcels; ${this.view.parcels.length} already shipped`);
    }
    const shipping = new Map<string, number>();
    for (const parcel of event.parcels) {
      if (this.view.parcels.some((p) => p.carrier === parcel.carrier && p.trackingNumber === parcel.trackingNumber)) {
        return refusal(refusalReasons.parcelAlreadyShipped, `parcel ${parcel.carrier} ${parcel.trackingNumber} has already shipped`);
      }
      for (const item of parcel.items) shipping.set(item.sku, (shipping.get(item.sku) ?? 0) + item.quantity);
    }
    for (const [sku, quantity] of shipping) {
      const ordered = this.orderedQuantity(sku);
      if (ordered === 0) return refusal(refusalReasons.unknownSku, `sku ${sku} is not part of this order`);
      const remaining = ordered - this.shippedQuantity(sku);
      if (quantity > remaining) {
        return refusal(refusalReasons.quantityExceedsOrder, `sku ${sku}: ${quantity} shipped but only ${remaining} of ${ordered} left to ship`);
      }
    }
    return undefined;
  }

  /** The shipment id chosen for a parcel whose carrier recycled its tracking number (`...-g<n>`). */
  assignShipment(parcel: ShippedParcel, shipmentId: string): void {
    const first = shipmentWorkflowId(parcel.carrier, parcel.trackingNumber);
    const shipped = [...this.view.parcels].reverse().find((p) => p.carrier === parcel.carrier && p.trackingNumber === parcel.trackingNumber && p.shipmentId === first);
    if (shipped) shipped.shipmentId = shipmentId;
  }

  /** Applies a warehouse event; returns the parcels it shipped (empty for other events). */
  applyFulfillment(event: FulfillmentEvent): ShippedParcel[] {
    this.seenFulfillmentEvents.add(event.eventId);
    if (event.type === 'shipped') {
      for (const parcel of event.parcels) {
        this.view.parcels.push({ shipmentId: shipmentWorkflowId(parcel.carrier, parcel.trackingNumber), carrier: parcel.carrier, trackingNumber: parcel.trackingNumber, items: parcel.items, stage: 'shipped', shippedAt: event.occurredAt });
        const units = parcel.items.reduce((sum, item) => sum + item.quantity, 0);
        this.record({ at: event.occurredAt, what: `Parcel shipped with ${parcel.carrier} (${parcel.trackingNumber}), ${units} unit(s)`, source: 'warehouse', by: event.by });
      }
      this.restage();
      return event.parcels;
    }
    const next = event.type === 'picking_started' ? 'picking' : 'packed';
    if (next === 'packed' || this.fulfillmentStage === 'confirmed') this.fulfillmentStage = next;
    this.record({ at: event.occurredAt, what: next === 'picking' ? 'Warehouse started picking' : 'Order packed', source: 'warehouse', by: event.by });
    this.restage();
    return [];
  }

  /** Applies a shipment's report; returns what changed so the workflow can notify and move money once. */
  applyParcelProgress(progress: ParcelProgress): { stageChanged: boolean; resolution?: ParcelResolution } {
    const parcel = this.view.parcels.find((p) => p.shipmentId === progress.shipmentId);
    if (!parcel) return { stageChanged: false };
    const stage = furthestStage(parcel.stage, progress.stage);
    const stageChanged = stage !== parcel.stage;
    parcel.stage = stage;
    parcel.signedBy = parcel.signedBy ?? progress.signedBy;
    const newException = !!progress.exception && progress.exception.kind !== parcel.exception?.kind;
    parcel.exception = progress.exception;
    if (newException && progress.exception) parcel.exceptionKinds = [...(parcel.exceptionKinds ?? []), progress.exception.kind];
    if (stageChanged && isDelivered(stage) && !parcel.deliveredAt) parcel.deliveredAt = progress.at;
    if (stageChanged) {
      const signer = stage === 'signed_for' && parcel.signedBy ? `, signed by ${parcel.signedBy}` : '';
      this.record({ at: progress.at, what: `Parcel ${parcel.trackingNumber} ${describeStage(stage)}${signer}`, source: 'carrier' });
    }
    if (newException && progress.exception) {
      this.record({ at: progress.at, what: `Parcel ${parcel.trackingNumber} exception: ${describeStage(progress.exception.kind)}`, source: 'carrier', detail: progress.exception.description });
    }
    if (progress.needsAttention) this.flag('parcel_needs_attention');
    let resolution: ParcelResolution | undefined;
    if (progress.resolution && !parcel.resolution) {
      resolution = progress.resolution;
      parcel.resolution = { ...resolution };
      this.record({ at: progress.at, what: `Parcel ${parcel.trackingNumber}: ${resolution.action} (${describeStage(resolution.reason)})`, source: 'aftercart' });
    }
    this.restage();
    return { stageChanged, resolution };
  }

  /**
   * What a parcel's items were paid; 0 once its refund has started. The refunds ledger (activities/payments)
   * caps every refund at what is left of the captured payment, whichever lifecycle asks.
   */
  parcelValue(shipmentId: string): number {
    const parcel = this.view.parcels.find((p) => p.shipmentId === shipmentId);
    if (!parcel || parcel.resolution?.refundStatus) return 0;
    const price = (sku: string) => this.input.items.find((i) => i.sku === sku)?.unitPriceMinor ?? 0;
    return parcel.items.reduce((sum, item) => sum + item.quantity * price(item.sku), 0);
  }

  /** What the journey itself refunded so far (journeys started before the refunds ledger capped with this). */
  refundedSoFar(): number {
    return this.view.parcels.reduce((sum, p) => sum + (p.resolution?.refundMinor ?? 0), 0) + (this.view.cancellation?.refundMinor ?? 0);
  }

  refunding(shipmentId: string, amountMinor: number): void {
    const parcel = this.parcel(shipmentId);
    parcel.resolution = { ...(parcel.resolution ?? { action: 'refund', reason: 'returned_to_sender' }), refundMinor: amountMinor, refundStatus: 'pending' };
  }

  refunded(shipmentId: string, result: { status: 'refunded' | 'nothing_left'; refundId: string; amountMinor: number }, at: string): void {
    const parcel = this.parcel(shipmentId);
    parcel.resolution = { ...parcel.resolution!, refundStatus: result.status, refundId: result.refundId || undefined, refundMinor: result.amountMinor };
    const what = result.status === 'refunded' ? `Refunded ${result.amountMinor} ${this.input.currency} for parcel ${parcel.trackingNumber}` : `Nothing left of the payment to refund for parcel ${parcel.trackingNumber}`;
    this.record({ at, what, source: 'aftercart', detail: result.refundId || undefined });
  }

  refundRefused(shipmentId: string, reason: string): void {
    const parcel = this.parcel(shipmentId);
    parcel.resolution = { ...parcel.resolution!, refundStatus: 'failed', refundFailure: reason };
  }

  refundSettled(shipmentId: string): void {
    const parcel = this.parcel(shipmentId);
    parcel.resolution = { ...parcel.resolution!, refundStatus: 'settled' };
  }

  cancel(reason: string, at: string, by?: string): void {
    this.view.cancellation = { reason, refundMinor: this.input.payment.capturedMinor, refundStatus: 'pending', stockReleased: false };
    this.record({ at, what: 'Order cancelled', source: 'storefront', detail: reason, by });
    this.restage();
  }

  reship(shipmentId: string, status: ReshipStatus): void {
    const parcel = this.parcel(shipmentId);
    parcel.resolution = { ...parcel.resolution!, reshipStatus: status };
    this.restage();
  }

  /** The parcel's shipment workflow ended without finishing (undefined: a new run follows it again). */
  shipmentFailed(shipmentId: string, reason: string | undefined): void {
    this.parcel(shipmentId).shipmentFailure = reason;
  }

  shipmentSettled(shipmentId: string): void {
    this.parcel(shipmentId).shipmentSettled = true;
  }

  allUnitsShipped(): boolean {
    return this.input.items.every((item) => this.shippedQuantity(item.sku) >= item.quantity);
  }

  /**
   * Cancelled, or every unit shipped and every parcel at a final stage; a parcel that did not arrive counts once
   * its shipment has said what to do about it (refund or reship).
   */
  finished(): boolean {
    return this.cancelled || (this.allUnitsShipped() && this.view.parcels.every((p) => (isFinalStage(p.stage) && (isDelivered(p.stage) || !!p.resolution)) || !!p.shipmentFailure || !!p.shipmentSettled));
  }

  missingSignatures(): boolean {
    return this.input.requiresSignature && this.view.parcels.some((p) => isDelivered(p.stage) && !p.signedBy);
  }

  private parcel(shipmentId: string) {
    return this.view.parcels.find((p) => p.shipmentId === shipmentId)!;
  }

  private orderedQuantity(sku: string): number {
    return this.input.items.filter((i) => i.sku === sku).reduce((sum, i) => sum + i.quantity, 0);
  }

  /**
   * Units in parcels on their way or delivered; a parcel being replaced gives its units back to ship again,
   * unless its reship failed or was settled (then nobody is waiting for a replacement any more).
   */
  private shippedQuantity(sku: string): number {
    const givenBack = (p: ParcelView) => p.resolution?.action === 'reship' && p.resolution.reshipStatus !== 'failed' && p.resolution.reshipStatus !== 'settled';
    return this.view.parcels.filter((p) => !givenBack(p)).flatMap((p) => p.items).filter((i) => i.sku === sku).reduce((sum, i) => sum + i.quantity, 0);
  }

  private restage(): void {
    this.view.stage = this.computeStage();
  }

  private computeStage(): JourneyStage {
    if (this.cancelled) return 'cancelled';
    const parcels = this.view.parcels;
    if (parcels.length === 0) return this.fulfillmentStage;
    if (!this.allUnitsShipped()) return 'partially_shipped';
    if (parcels.every((p) => p.stage === 'signed_for')) return 'signed_for';
    if (parcels.every((p) => isDelivered(p.stage))) return 'delivered';
    if (parcels.some((p) => isDelivered(p.stage))) return 'partially_delivered';
    if (parcels.every((p) => isFinalStage(p.stage))) return 'not_delivered';
    const order: ParcelStage[] = ['shipped', 'in_transit', 'out_for_delivery'];
    const slowest = Math.min(...parcels.map((p) => Math.max(0, order.indexOf(p.stage === 'available_for_pickup' ? 'out_for_delivery' : p.stage))));
    return order[slowest] as JourneyStage;
  }
}

export function isCrossBorder(input: OrderInput, destination = input.shippingAddress): boolean {
  return !!input.originCountry && input.originCountry !== destination.country;
}

export function describeStage(stage: string): string {
  return stage.replace(/_/g, ' ');
}
