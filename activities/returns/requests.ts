import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { msToNumber } from '@temporalio/common/lib/time';
import { Order, OrderItem, Payment, ReturnItem, ReturnRequest, Shipment, StockLevel, releasedReturnStatuses } from '../../entities';
import type { Orm } from '../../lib/database';
import type { ReturnInput, ReturnReason, ReturnResolution } from '../../workflows/returns/messages';
import { returnWorkflowId } from '../../workflows/returns/messages';
import type { ReturnPolicyGroups } from '../../workflows/returns/messages';
import { exchangeIneligibilities, ineligibilities, reviewReason } from './eligibility';

export interface ReturnRequestCommand {
  rmaId: string;
  orderId: string;
  lines: { sku: string; quantity: number; reason: ReturnReason; comment?: string }[];
  resolution: ReturnResolution;
  idempotencyKey?: string;
  requestHash: string;
  policy: ReturnPolicyGroups;
  by?: string;
}

export type ReturnRequestOutcome =
  | { kind: 'unknown_order' }
  | { kind: 'conflict'; detail: string }
  /** The answer to give (first time or repeat); `start` is the workflow input when the request holds units. */
  | { kind: 'answered'; created: boolean; answer: ReturnRequest['answer']; start?: ReturnInput };

/**
 * Decides a return request in one transaction under the order's row lock, so two requests racing for the same
 * units are serialized: the second sees the first one's units as held. The answer (201 approved, 202 held for
 * review, 422 ineligible with every reason) is stored with the request, and a repeat with the same RMA id (or
 * Idempotency-Key) gets it again; a repeat with a different body is a conflict.
 */
export async function decideReturnRequest(orm: Orm, command: ReturnRequestCommand, now = new Date()): Promise<ReturnRequestOutcome> {
  const repeat = await findRepeat(orm, command);
  if (repeat) return repeat;
  try {
    return await orm.em.fork().transactional(async (em) => {
      const order = await em.findOne(Order, { id: command.orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!order) return { kind: 'unknown_order' as const };
      const again = await em.findOne(ReturnRequest, { rmaId: command.rmaId });
      if (again) return repeatOf(again, command);
      const policy = command.policy.returns;
      const orderLines = await em.find(OrderItem, { order: order.id });
      const parcels = await em.find(Shipment, { orderId: order.id, direction: 'outbound' });
      const holding = await em.find(ReturnRequest, { orderId: order.id, status: { $nin: releasedReturnStatuses } });
      const heldItems = holding.length ? await em.find(ReturnItem, { rmaId: { $in: holding.map((r) => r.rmaId) } }) : [];
      const heldUnits = new Map<string, number>();
      for (const item of heldItems) heldUnits.set(item.sku, (heldUnits.get(item.sku) ?? 0) + item.quantity);

      const lineFacts = orderLines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, returnable: l.returnable }));
      const reasons = ineligibilities(command.lines, {
        orderStage: order.stage,
        orderLines: lineFacts,
        parcels: parcels.map((p) => ({ items: p.items ?? [], deliveredAt: p.deliveredAt ?? undefined })),
        heldUnits,
        now,
        returnWindowMs: msToNumber(policy.returnWindow),
      });
      if (command.resolution.type === 'exchange') {
        const stock = await em.findOne(StockLevel, { sku: command.resolution.sku });
        const exchangeStock = stock ? { unitPriceMinor: stock.unitPriceMinor, currency: stock.currency, available: stock.onHand - stock.reserved } : undefined;
        reasons.push(...exchangeIneligibilities(command.lines, lineFacts, { sku: command.resolution.sku, orderCurrency: order.currency, stock: exchangeStock }));
      }
      const base = { rmaId: command.rmaId, orderId: order.id, customerId: order.customerId, idempotencyKey: command.idempotencyKey, requestHash: command.requestHash, resolution: command.resolution.type, exchangeSku: command.resolution.type === 'exchange' ? command.resolution.sku : undefined };
      if (reasons.length > 0) {
        const answer = {
          status: 422,
          body: { type: 'about:blank', title: 'Unprocessable Content', status: 422, reason: 'return_ineligible', detail: `The return cannot be accepted: ${reasons.map((r) => r.reason).join(', ')}.`, rmaId: command.rmaId, reasons },
        };
        em.create(ReturnRequest, { ...base, status: 'ineligible', answer });
        return { kind: 'answered' as const, created: true, answer };
      }

      const lines = command.lines.map((line) => ({ ...line, unitPriceMinor: orderLines.find((l) => l.sku === line.sku)!.unitPriceMinor }));
      const requestedMinor = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
      const since = new Date(now.getTime() - msToNumber(policy.excessiveReturnsWindow));
      const recentReturns = await em.count(ReturnRequest, { customerId: order.customerId, createdAt: { $gte: since }, status: { $ne: 'ineligible' } });
      const review = reviewReason(requestedMinor, recentReturns, policy);
      const payment = await em.findOne(Payment, { orderId: order.id });
      const links = { self: `/v1/returns/${command.rmaId}` };
      const workflowId = returnWorkflowId(command.rmaId);
      const answer = review
        ? { status: 202, body: { rmaId: command.rmaId, workflowId, status: 'pending_review', reason: review, reviewBy: new Date(now.getTime() + msToNumber(policy.reviewTimeout)).toISOString(), then: `without a review by then the request is ${policy.reviewTimeoutDecision === 'approve' ? 'approved' : 'rejected'}`, links } }
        : { status: 201, body: { rmaId: command.rmaId, workflowId, status: 'approved', next: 'A prepaid return label follows by message and in GET /v1/returns/{rmaId}; the warehouse expects the units.', refundAt: policy.refundAt, links } };
      for (const line of lines) em.create(ReturnItem, { rmaId: command.rmaId, orderId: order.id, ...line });
      const start: ReturnInput = {
        rmaId: command.rmaId,
        orderId: order.id,
        customerId: order.customerId,
        currency: order.currency,
        payment: { paymentId: payment?.paymentId ?? `order-${order.id}`, capturedMinor: payment?.capturedMinor ?? order.totalMinor },
        shippingMinor: Math.max(0, (payment?.capturedMinor ?? order.totalMinor) - order.totalMinor),
        customerCountry: order.destinationCountry,
        lines,
        resolution: command.resolution,
        decision: review ? { status: 'pending_review', reason: review } : { status: 'approved' },
        requestedAt: now.toISOString(),
        policy: command.policy,
        by: command.by,
      };
      // The workflow input is kept with the answer: a repeat after a crash before the start starts it then.
      em.create(ReturnRequest, { ...base, status: review ? 'pending_review' : 'approved', requestedMinor, answer: { ...answer, start } });
      return { kind: 'answered' as const, created: true, answer, start };
    });
  } catch (error) {
    // The same Idempotency-Key or RMA id committed by a concurrent request: answer as its repeat.
    if (error instanceof UniqueConstraintViolationException) return (await findRepeat(orm, command)) ?? { kind: 'conflict', detail: 'A concurrent request holds this RMA id or Idempotency-Key.' };
    throw error;
  }
}

async function findRepeat(orm: Orm, command: ReturnRequestCommand): Promise<ReturnRequestOutcome | undefined> {
  const em = orm.em.fork();
  const existing = (await em.findOne(ReturnRequest, { rmaId: command.rmaId })) ?? (command.idempotencyKey ? await em.findOne(ReturnRequest, { idempotencyKey: command.idempotencyKey }) : null);
  return existing ? repeatOf(existing, command) : undefined;
}

function repeatOf(existing: ReturnRequest, command: ReturnRequestCommand): ReturnRequestOutcome {
  if (existing.requestHash !== command.requestHash || existing.orderId !== command.orderId) {
    return { kind: 'conflict', detail: `Return ${existing.rmaId} already exists with a different request body.` };
  }
  const { start, ...answer } = existing.answer;
  return { kind: 'answered', created: false, answer, start };
}
