import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refund } from '../../entities';
import type { OrderOutcome, OrderView } from '../../workflows/order/messages';
import type { StepView } from '../../workflows/shared/steps';
import { createHarness, eventually, TEST_KEYS, TEST_OPERATOR_KEY, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

const getOrder = async (orderId: string) => (await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body;
const refundsAtPartner = (orderId: string) => h.partners.refundsFor(orderId);
const alerts = (orderId: string, kind: string) => h.partners.effectsOf('ops').filter((a) => a.body.workflow_id === `order-${orderId}` && a.body.kind === kind);
const ledger = (orderId: string) => h.orm.em.fork().find(Refund, { orderId }, { orderBy: { id: 'asc' } });
const operator = (orderId: string, stepId: string, body: Record<string, unknown>, key: string = TEST_OPERATOR_KEY) =>
  h.api<StepView & { reason?: string }>('POST', `/v1/orders/${orderId}/steps/${stepId}`, body, { Authorization: `Bearer ${key}` });

async function cancelledOrder(overrides: Record<string, unknown> = {}) {
  const body = orderBody(overrides);
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  expect((await h.api('POST', `/v1/orders/${body.orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(200);
  return body;
}

/** Waits until the cancellation refund has been refused and the journey shows it. */
async function refusedRefund(orderId: string) {
  return eventually(async () => {
    const view = await getOrder(orderId);
    expect(view.cancellation?.refundStatus).toBe('failed');
    return view;
  });
}

describe('a payments partner refusing a cancellation refund', () => {
  it('402: the refusal is recorded with its reason, flagged and alerted once; the journey goes on and an operator settles it', async () => {
    h.partners.failNext('payments', 402, 1, 'Your card was declined.');
    const { orderId } = await cancelledOrder();
    const view = await refusedRefund(orderId);

    expect(view.cancellation?.refundFailure).toMatch(/HTTP 402: Your card was declined\./);
    expect(view.cancellation?.stockReleased).toBe(true);
    expect(view.needsAttention).toBe(true);
    expect(view.attentionReasons).toContain('refund_refused');
    expect(view.steps.find((s) => s.stepId === 'cancel-refund')).toMatchObject({ status: 'failed', attempt: 1, reason: expect.stringContaining('Your card was declined.') });
    await eventually(() => expect(alerts(orderId, 'refund_refused')).toHaveLength(1));
    expect(alerts(orderId, 'refund_refused')[0].body).toMatchObject({ severity: 'critical' });
    expect(await ledger(orderId)).toMatchObject([{ status: 'failed', amountMinor: 3399, failureReason: expect.stringContaining('HTTP 402') }]);
    const handle = h.client.workflow.getHandle(`order-${orderId}`);
    expect((await handle.describe()).status.name).toBe('RUNNING'); // waiting for an operator, not failed

    // Only operators act on steps, and settling by hand says what was done.
    expect((await operator(orderId, 'cancel-refund', { action: 'settle', note: 'x' }, TEST_KEYS.storefront)).status).toBe(403);
    const noNote = await operator(orderId, 'cancel-refund', { action: 'settle' });
    expect([noNote.status, noNote.body.reason]).toEqual([409, 'note_required']);
    expect((await operator(orderId, 'no-such-step', { action: 'retry' })).body.reason).toBe('unknown_step');
    const settled = await operator(orderId, 'cancel-refund', { action: 'settle', note: 'refunded by bank transfer' });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'settled', note: 'refunded by bank transfer' });

    const outcome: OrderOutcome = await handle.result();
    expect(outcome.result).toBe('cancelled');
    const final = await getOrder(orderId);
    expect(final.cancellation).toMatchObject({ refundStatus: 'settled', stockReleased: true });
    expect(final.needsAttention).toBe(false);
    expect(refundsAtPartner(orderId)).toHaveLength(0);
  });

  it('400, then an operator retry after the partner recovers: exactly one refund goes through', async () => {
    h.partners.failNext('payments', 400, 1, 'No such payment_intent.');
    const { orderId, payment } = await cancelledOrder();
    await refusedRefund(orderId);
    await eventually(() => expect(alerts(orderId, 'refund_refused')).toHaveLength(1));

    const retried = await operator(orderId, 'cancel-refund', { action: 'retry', note: 'payment intent fixed' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'running', attempt: 2 });
    const outcome: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
    expect(outcome.result).toBe('cancelled');

    const refunds = refundsAtPartner(orderId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ idempotencyKey: `order-${orderId}:cancel:refund:retry-1`, body: { amount: 3399, payment_intent: payment.paymentId } });
    expect((await ledger(orderId)).map((r) => [r.idempotencyKey, r.status, r.amountMinor])).toEqual([
      [`order-${orderId}:cancel:refund`, 'failed', 3399],
      [`order-${orderId}:cancel:refund:retry-1`, 'succeeded', 3399],
    ]);
    const final = await getOrder(orderId);
    expect(final.cancellation).toMatchObject({ refundStatus: 'refunded', refundMinor: 3399 });
    expect(final.needsAttention).toBe(false);
    expect((await operator(orderId, 'cancel-refund', { action: 'retry' })).status).toBe(409);
  });

  it('5xx for a while: operators hear it is still retrying, then the refund goes through once', async () => {
    h.partners.failNext('payments', 503, 6);
    const { orderId } = await cancelledOrder({ policy: { activities: { stepAlertAfter: '2 seconds' } } });
    await eventually(() => expect(alerts(orderId, 'refund_still_retrying')).toHaveLength(1), 30_000);
    expect(alerts(orderId, 'refund_still_retrying')[0].body).toMatchObject({ severity: 'warning' });

    const outcome: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
    expect(outcome.result).toBe('cancelled');
    expect(refundsAtPartner(orderId)).toHaveLength(1);
    expect(h.partners.calls('payments', (c) => c.idempotencyKey === `order-${orderId}:cancel:refund`).length).toBeGreaterThanOrEqual(7);
    expect((await ledger(orderId)).map((r) => r.status)).toEqual(['succeeded']);
    const final = await getOrder(orderId);
    expect(final.cancellation?.refundStatus).toBe('refunded');
    expect(final.attentionReasons).not.toContain('refund_still_retrying');
    expect(alerts(orderId, 'refund_refused')).toHaveLength(0);
  });
});
