import { Order, ReturnItem, ReturnRequest, Shipment, StockLevel } from '../../entities';
import type { Orm } from '../../lib/database';

/** Reads for the API that must answer after the workflows' histories are gone (retention is days, returns take weeks). */

/** An order's returns, newest first, as MySQL knows them. */
export async function returnsOfOrder(orm: Orm, orderId: string) {
  const em = orm.em.fork();
  const rows = await em.find(ReturnRequest, { orderId }, { orderBy: { createdAt: 'desc' } });
  const items = rows.length ? await em.find(ReturnItem, { rmaId: { $in: rows.map((r) => r.rmaId) } }) : [];
  return rows.map((row) => {
    const view = row.view as { money?: { status: string; amountMinor?: number } } | undefined;
    return {
      rmaId: row.rmaId,
      status: row.status,
      resolution: row.resolution,
      requestedAt: row.createdAt.toISOString(),
      lines: items.filter((i) => i.rmaId === row.rmaId).map(({ sku, quantity, reason }) => ({ sku, quantity, reason })),
      ...(view?.money && { money: { status: view.money.status, amountMinor: view.money.amountMinor } }),
      links: { self: `/v1/returns/${row.rmaId}` },
    };
  });
}

/** A return as MySQL knows it: the workflow's last projection, or the refused request. */
export async function returnFromRecords(orm: Orm, rmaId: string) {
  const em = orm.em.fork();
  const row = await em.findOne(ReturnRequest, { rmaId });
  if (!row) return undefined;
  if (row.view) return { ...row.view, status: row.status };
  const items = await em.find(ReturnItem, { rmaId });
  const reasons = (row.answer.body.reasons as unknown[] | undefined) ?? undefined;
  return {
    rmaId: row.rmaId,
    orderId: row.orderId,
    customerId: row.customerId,
    status: row.status,
    resolution: { type: row.resolution, ...(row.exchangeSku && { sku: row.exchangeSku }) },
    lines: items.map(({ sku, quantity, reason, comment, unitPriceMinor }) => ({ sku, quantity, reason, comment: comment ?? undefined, unitPriceMinor })),
    stock: [],
    needsAttention: false,
    attentionReasons: [],
    steps: [],
    timeline: [{ at: row.createdAt.toISOString(), what: row.status === 'ineligible' ? 'Return request refused: not eligible' : 'Return requested', source: 'storefront' }],
    completed: row.status === 'ineligible',
    ...(reasons && { reasons }),
  };
}

/** An order journey as MySQL knows it, for when its workflow's history is gone. */
export async function orderFromRecords(orm: Orm, orderId: string) {
  const em = orm.em.fork();
  const order = await em.findOne(Order, { id: orderId });
  if (!order) return undefined;
  const parcels = await em.find(Shipment, { orderId, direction: 'outbound' }, { orderBy: { createdAt: 'asc' } });
  return {
    orderId: order.id,
    customerId: order.customerId,
    stage: order.stage,
    needsAttention: false,
    attentionReasons: [],
    shippingAddress: order.shippingAddress,
    parcels: parcels.map((p) => ({ shipmentId: p.id, carrier: p.carrier, trackingNumber: p.trackingNumber, items: p.items ?? [], stage: p.stage, ...(p.deliveredAt && { deliveredAt: p.deliveredAt.toISOString() }) })),
    timeline: [],
    steps: [],
    completed: true,
    /** Answered from MySQL records: the journey's workflow history is no longer kept. */
    fromRecords: true,
  };
}

export function stockView(stock: StockLevel) {
  const { sku, onHand, reserved, expectedInbound, reorderPoint, reorderQuantity, replenishmentOpen, unitPriceMinor, currency } = stock;
  const price = unitPriceMinor !== undefined && unitPriceMinor !== null && currency ? { unitPriceMinor, currency } : {};
  return { sku, onHand, reserved, expectedInbound, available: onHand - reserved, reorderPoint, reorderQuantity, replenishmentOpen, ...price };
}
