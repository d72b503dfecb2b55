import { msToNumber } from '@temporalio/common/lib/time';
import { condition, patched } from '@temporalio/workflow';
import type { AlertOperators } from '../shared/alerts';
import { returnsPolicy } from './policy';
import type { ReturnContext } from './settlement';

/** Returns recorded before the receipt had a deadline waited without one; their histories replay without it. */
export const receiptDeadlinePatch = 'returns-receipt-deadline';

const overdueReason = 'return_receipt_overdue';

/**
 * Waits for the warehouse's receipt once the label is used. The policy's receiptExpectedWithin counts from the
 * return parcel's delivery to the warehouse, or from its first scan while it shows no delivery (a later delivery
 * moves the deadline). When it passes, operators are told once, the return is flagged with a plain current details
 * line, and it goes on waiting: a return never ends without its receipt. The flag clears when the receipt comes.
 */
export async function awaitReceipt(ctx: ReturnContext, expectedWithin: string | undefined, alertOperators: AlertOperators): Promise<void> {
  const { rc } = ctx;
  const received = () => rc.view.receipt !== undefined;
  if (!patched(receiptDeadlinePatch)) {
    await condition(received);
    return;
  }
  // Returns started before the policy had this key carry none: the production value applies.
  const within = msToNumber(expectedWithin ?? returnsPolicy.receiptExpectedWithin);
  const countedFrom = () => rc.view.parcel?.deliveredAt ?? rc.view.parcel?.firstScanAt;
  while (!received()) {
    const since = countedFrom();
    if (since === undefined) {
      await condition(() => received() || countedFrom() !== undefined);
      continue;
    }
    const dueAt = Date.parse(since) + within;
    if (await condition(() => received() || countedFrom() !== since, Math.max(dueAt - Date.now(), 1))) continue;
    const delivered = rc.view.parcel?.deliveredAt !== undefined;
    const where = delivered ? `parcel delivered to the warehouse on ${since}` : `parcel first scanned on ${since} and not shown delivered`;
    rc.view.receiptOverdue = { since, dueAt: new Date(dueAt).toISOString(), delivered };
    rc.record({ at: new Date().toISOString(), what: 'No receipt from the warehouse in time; operators told', source: 'aftercart', detail: `${where}, no receipt since` });
    alertOperators(overdueReason, `return ${rc.input.rmaId}: ${where}, no receipt since`);
    ctx.publish();
    await condition(received);
    rc.view.receiptOverdue = undefined;
    rc.unflag(overdueReason);
    ctx.publish();
  }
}
