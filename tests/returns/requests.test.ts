import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReturnItem, ReturnRequest } from '../../entities';
import type { OrderView } from '../../workflows/order/messages';
import { createHarness, eventually, listWorkflows, type ApiBody, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { returns } from '../support/returns';

let h: Harness;
let r: ReturnType<typeof returns>;
beforeAll(async () => {
  h = await createHarness(__filename);
  r = returns(h);
});
afterAll(() => h?.close());

const DAY = 24 * 60 * 60 * 1000;
type Reasons = { reasons: Record<string, unknown>[] } & ApiBody;

describe('a return request is answered at once', () => {
  it('an eligible request inside the window is approved (201) with its RMA id, and the order lists it', async () => {
    const { orderId } = await r.deliveredOrder();
    const answer = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }], { rmaId: `rma-${orderId}` });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ rmaId: `rma-${orderId}`, status: 'approved', workflowId: `return-rma-${orderId}`, refundAt: 'receipt' });
    const order = (await h.api<OrderView & { returns: { rmaId: string; status: string; lines: unknown[] }[] }>('GET', `/v1/orders/${orderId}`)).body;
    expect(order.returns).toMatchObject([{ rmaId: `rma-${orderId}`, lines: [{ sku: 'MUG-BLUE', quantity: 1, reason: 'changed_mind' }] }]);
  });

  it('422 lists every reason with its data: not delivered, final sale, unknown sku, more units than ordered', async () => {
    const { orderId } = await r.shippedOrder({ items: [{ sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1250 }, { sku: 'SALE-SOCKS', quantity: 1, unitPriceMinor: 500, returnable: false }], payment: { paymentId: `pi-${Date.now()}`, capturedMinor: 3000 } });
    const notDelivered = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }, { sku: 'SALE-SOCKS', quantity: 1 }, { sku: 'NOPE', quantity: 1 }]);
    expect(notDelivered.status).toBe(422);
    expect(notDelivered.headers.get('content-type')).toContain('application/problem+json');
    expect((notDelivered.body as Reasons).reasons).toEqual([
      { reason: 'not_delivered', sku: 'MUG-BLUE' },
      { reason: 'item_not_returnable', sku: 'SALE-SOCKS' },
      { reason: 'not_delivered', sku: 'SALE-SOCKS' },
      { reason: 'unknown_sku', sku: 'NOPE' },
    ]);

    const delivered = await r.deliveredOrder({ items: [{ sku: 'MUG-BLUE', quantity: 2, unitPriceMinor: 1250 }, { sku: 'SALE-SOCKS', quantity: 1, unitPriceMinor: 500, returnable: false }] });
    const tooMany = await r.request(delivered.orderId, [{ sku: 'MUG-BLUE', quantity: 3 }, { sku: 'SALE-SOCKS', quantity: 1 }]);
    expect(tooMany.status).toBe(422);
    expect((tooMany.body as Reasons).reasons).toEqual([
      { reason: 'quantity_exceeds_returnable', sku: 'MUG-BLUE', requested: 3, delivered: 2, alreadyReturnedOrOpen: 0, left: 2 },
      { reason: 'item_not_returnable', sku: 'SALE-SOCKS' },
    ]);
    // Refused requests hold nothing.
    expect(await h.orm.em.fork().count(ReturnItem, { orderId: delivered.orderId })).toBe(0);
  });

  it('422 after the window closed, with the date it closed counted from the delivery of the parcel', async () => {
    const { orderId } = await r.deliveredOrder({}, 40 * DAY);
    const answer = await r.request(orderId, [{ sku: 'TEA-EARLGREY', quantity: 1 }]);
    expect(answer.status).toBe(422);
    const [reason] = (answer.body as Reasons).reasons as { reason: string; closedAt: string; deliveredAt: string }[];
    expect(reason.reason).toBe('return_window_closed');
    expect(Date.parse(reason.closedAt) - Date.parse(reason.deliveredAt)).toBe(30 * DAY);
    expect(Math.abs(Date.parse(reason.closedAt) - (Date.now() - 10 * DAY))).toBeLessThan(60_000);
  });

  it('422 for a cancelled order', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    expect((await h.api('POST', `/v1/orders/${body.orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(200);
    const answer = await eventually(async () => {
      const attempt = await r.request(body.orderId, [{ sku: 'MUG-BLUE', quantity: 1 }], {}, { 'Idempotency-Key': `cancelled-${body.orderId}-${Date.now()}` });
      expect((attempt.body as Reasons).reasons?.[0]).toEqual({ reason: 'order_cancelled' });
      return attempt;
    });
    expect(answer.status).toBe(422);
    expect((answer.body as Reasons).reasons).toContainEqual({ reason: 'not_delivered', sku: 'MUG-BLUE' });
  });

  it('units already in an open return are not available again: the answer says how many are left', async () => {
    const { orderId } = await r.deliveredOrder();
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }])).status).toBe(201);
    const second = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }]);
    expect(second.status).toBe(422);
    expect((second.body as Reasons).reasons).toEqual([{ reason: 'quantity_exceeds_returnable', sku: 'MUG-BLUE', requested: 2, delivered: 2, alreadyReturnedOrOpen: 1, left: 1 }]);
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }])).status).toBe(201);
  });

  it('two requests racing for the same units: one wins, the other is told none are left', async () => {
    const { orderId } = await r.deliveredOrder();
    const answers = await Promise.all([1, 2, 3].map(() => r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }])));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422]);
    for (const lost of answers.filter((a) => a.status === 422)) {
      expect((lost.body as Reasons).reasons).toEqual([{ reason: 'quantity_exceeds_returnable', sku: 'MUG-BLUE', requested: 2, delivered: 2, alreadyReturnedOrOpen: 2, left: 0 }]);
    }
    const held = await h.orm.em.fork().find(ReturnItem, { orderId });
    expect(held.map((i) => i.quantity)).toEqual([2]);
  });

  it('repeats with the same Idempotency-Key or RMA id get the same answer and start one workflow; another body is a 409', async () => {
    const { orderId } = await r.deliveredOrder();
    const key = { 'Idempotency-Key': `idem-${orderId}` };
    const first = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }], {}, key);
    const again = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }], {}, key);
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    const other = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 2 }], {}, key);
    expect([other.status, other.body.reason]).toEqual([409, 'id_reused_with_different_body']);

    const byRma = await Promise.all([1, 2].map(() => r.request(orderId, [{ sku: 'TEA-EARLGREY', quantity: 1 }], { rmaId: `tea-${orderId}` })));
    expect(byRma.map((a) => a.status)).toEqual([201, 201]);
    expect(await h.orm.em.fork().count(ReturnRequest, { orderId })).toBe(2);
    const runs = await eventually(async () => {
      const found = await listWorkflows(h, `WorkflowType = "returnWorkflow" AND OrderId = "${orderId}"`);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(runs.map((run) => run.workflowId).sort()).toEqual([`return-${(first.body as { rmaId: string }).rmaId}`, `return-tea-${orderId}`].sort());

    const refused = await r.request(orderId, [{ sku: 'NOPE', quantity: 1 }], { rmaId: `nope-${orderId}` });
    expect(await r.request(orderId, [{ sku: 'NOPE', quantity: 1 }], { rmaId: `nope-${orderId}` })).toMatchObject({ status: 422, body: { reasons: (refused.body as Reasons).reasons } });
  });

  it('bad input is a 400 naming the field and changes nothing; an unknown order is a 404', async () => {
    const { orderId } = await r.deliveredOrder();
    const bad = await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1, reason: 'bored' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0].field).toBe('lines.0.reason');
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 0 }])).body.errors?.[0].field).toBe('lines.0.quantity');
    expect(await h.orm.em.fork().count(ReturnRequest, { orderId })).toBe(0);
    expect((await r.request('no-such-order', [{ sku: 'MUG-BLUE', quantity: 1 }])).status).toBe(404);
  });

  it('GET /v1/orders/{orderId} answers from MySQL with its returns once the journey history is gone', async () => {
    const { orderId, shipmentId } = await r.deliveredOrder();
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }], { rmaId: `gone-${orderId}` })).status).toBe(201);
    await h.client.workflow.getHandle(`order-${orderId}`).terminate('test: history expires');
    await h.client.workflowService.deleteWorkflowExecution({ namespace: h.config.temporal.namespace, workflowExecution: { workflowId: `order-${orderId}` } });
    const order = await eventually(async () => {
      const answer = await h.api<OrderView & { fromRecords?: boolean; returns: { rmaId: string }[] }>('GET', `/v1/orders/${orderId}`);
      expect(answer.status).toBe(200);
      expect(answer.body.fromRecords).toBe(true);
      return answer.body;
    }, 120_000); // Temporal deletes histories in the background: slow on a loaded machine
    expect(order.parcels).toMatchObject([{ shipmentId, stage: 'delivered', items: [{ sku: 'MUG-BLUE', quantity: 2 }, { sku: 'TEA-EARLGREY', quantity: 1 }] }]);
    expect(order.returns.map((x) => x.rmaId)).toEqual([`gone-${orderId}`]);
    // Eligibility never needed the workflow: another unit can still be returned.
    expect((await r.request(orderId, [{ sku: 'MUG-BLUE', quantity: 1 }])).status).toBe(201);
  }, 180_000);
});
