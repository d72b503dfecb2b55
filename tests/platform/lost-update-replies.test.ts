import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Feedback } from '../../entities';
import type { OrderView } from '../../workflows/order/messages';
import { answers, feedbackSteps } from '../feedback/support';
import { createHarness, type Harness } from '../support/harness';
import { appLosingReplies } from '../support/lost-replies';
import { orderBody } from '../support/orders';

/**
 * Temporal can take an update, and the update can end the workflow, while the API never sees the reply. The API
 * then asks Temporal for that update's outcome by its id: the caller is told what happened to their change, not
 * that the journey has ended. Only an update Temporal never took is refused as `journey_completed`.
 */
let h: Harness;
let lossy: ReturnType<typeof appLosingReplies>;
beforeAll(async () => {
  h = await createHarness(__filename);
  lossy = appLosingReplies(h);
});
afterAll(() => h?.close());

const placeOrder = async () => {
  const body = orderBody();
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  return body;
};
const journeyOf = (orderId: string) => h.client.workflow.getHandle(`order-${orderId}`);
const cancel = (orderId: string, headers: Record<string, string> = {}) => lossy.api<OrderView & { reason?: string }>('POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' }, headers);

describe('a cancellation whose reply was lost while the journey ended', () => {
  it('the call timed out: 200 with the cancelled order (not 503), refunded once', async () => {
    const { orderId } = await placeOrder();
    lossy.loseNextReply(`order-${orderId}`, 'timeout');
    const cancelled = await cancel(orderId);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ orderId, stage: 'cancelled' });
    expect((await journeyOf(orderId).describe()).status.name).toBe('COMPLETED');
    expect(h.partners.refundsFor(orderId)).toHaveLength(1);
  });

  it("the retry found the workflow closed: 200 with the cancelled order under the caller's Idempotency-Key", async () => {
    const { orderId } = await placeOrder();
    lossy.loseNextReply(`order-${orderId}`, 'not_found');
    const cancelled = await cancel(orderId, { 'Idempotency-Key': `cancel-${orderId}` });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ orderId, stage: 'cancelled', cancellation: { refundStatus: 'pending' } }); // the answer the update gave
    // The caller's own retry, on a journey that has ended, is answered the same.
    const again = await h.api<OrderView>('POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' }, { 'Idempotency-Key': `cancel-${orderId}` });
    expect([again.status, again.body.stage]).toEqual([200, 'cancelled']);
    expect(h.partners.refundsFor(orderId)).toHaveLength(1);
  });
});

describe('an update Temporal never took', () => {
  it('to a journey that has ended: 409 journey_completed, also when the call timed out', async () => {
    const { orderId } = await placeOrder();
    expect((await cancel(orderId)).status).toBe(200);
    await journeyOf(orderId).result();
    const plain = await cancel(orderId);
    expect([plain.status, plain.body.reason]).toEqual([409, 'journey_completed']);
    lossy.loseNextReply(`order-${orderId}`, 'unsent');
    const timedOut = await cancel(orderId);
    expect([timedOut.status, timedOut.body.reason]).toEqual([409, 'journey_completed']);
  });

  it('to a journey still running: 503 to retry, and the order is unchanged', async () => {
    const { orderId } = await placeOrder();
    lossy.loseNextReply(`order-${orderId}`, 'unsent');
    const timedOut = await cancel(orderId);
    expect([timedOut.status, timedOut.body.reason]).toEqual([503, 'workflow_service_unavailable']);
    expect(timedOut.headers.get('retry-after')).toBe('5');
    expect((await h.api<OrderView>('GET', `/v1/orders/${orderId}`)).body.stage).toBe('confirmed');
  });
});

describe('a feedback answer whose reply was lost as the request closed', () => {
  it('201 with the receipt (not "already received"); a second answer is still 409 already_submitted', async () => {
    const f = feedbackSteps(h);
    const { orderId } = await f.deliveredOrder();
    const token = f.token(orderId);
    lossy.loseNextReply(`feedback-${orderId}`, 'not_found');
    const taken = await lossy.api('POST', `/v1/feedback/${token}`, answers(), { Authorization: '' });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ orderId, status: 'submitted', lowScore: false });
    expect(await h.orm.em.fork().count(Feedback, { orderId })).toBe(1);

    const second = await f.submit(token, answers({ nps: 3 }));
    expect([second.status, second.body.reason]).toEqual([409, 'already_submitted']);
  });
});
