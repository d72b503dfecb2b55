import { StoreCreditEntry } from '../../entities';
import type { Orm } from '../../lib/database';
import type { RefundRequest } from './activities';
import { drawOnPayment, ensurePayment, lockPayment, type RefundCap } from './ledger';

export interface StoreCreditResult {
  /** credited: on the customer's ledger; nothing_left: the payment was refunded (or credited) in full already. */
  status: 'credited' | 'nothing_left';
  /** What was credited: the amount asked for, or less when the cap applied. */
  amountMinor: number;
  /** Set when the cap bound: captured, taken earlier, left. */
  cap?: RefundCap;
  /** The customer's store-credit balance in the currency. */
  balanceMinor: number;
}

/**
 * Store credit instead of a refund draws on the same captured payment as refunds: in one transaction under the
 * payment's row lock, a refunds-ledger row (method store_credit, settled at once: no partner is asked) and the
 * entry on the customer's store-credit ledger, both once per key. So credit plus later cash refunds of the order
 * never exceed what was captured.
 */
export async function creditFromPayment(orm: Orm, request: RefundRequest & { customerId: string }): Promise<StoreCreditResult> {
  await ensurePayment(orm, request);
  return orm.em.fork().transactional(async (em) => {
    const payment = await lockPayment(em, request);
    const reservation = await drawOnPayment(em, payment, request, { method: 'store_credit', status: 'succeeded', providerRefundId: `store-credit:${request.idempotencyKey}`.slice(0, 191), completedAt: new Date() });
    if (reservation.state === 'reserved') {
      em.create(StoreCreditEntry, { idempotencyKey: request.idempotencyKey, customerId: request.customerId, amountMinor: reservation.amountMinor, currency: request.currency, reference: request.workflowId });
    }
    await em.flush();
    const rows = await em.find(StoreCreditEntry, { customerId: request.customerId, currency: request.currency });
    const balanceMinor = rows.reduce((sum, row) => sum + row.amountMinor, 0);
    if (reservation.state === 'nothing_left') return { status: 'nothing_left', amountMinor: 0, cap: reservation.cap, balanceMinor };
    return { status: 'credited', amountMinor: reservation.amountMinor, cap: reservation.cap, balanceMinor };
  });
}

