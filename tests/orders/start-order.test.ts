import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order, OrderItem, Payment } from '../../entities';
import { CustomerId, JourneyStage, OrderId } from '../../workflows/search-attributes';
import type { OrderView } from '../../workflows/order/messages';
import { request as httpRequest } from 'node:http';
import { createHarness, eventually, listWorkflows, TEST_KEYS, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { serveHarness } from '../support/serve';

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

describe('POST /v1/orders', () => {
  it('starts a journey once: the same body again answers 200 with the same result', async () => {
    const body = orderBody();
    const first = await h.api('POST', '/v1/orders', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ orderId: body.orderId, workflowId: `order-${body.orderId}`, status: 'accepted' });

    const reordered = { ...body, items: body.items, currency: body.currency, extraFieldIgnored: true };
    const again = await h.api('POST', '/v1/orders', reordered);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const runs = await listWorkflows(h, `WorkflowId = 'order-${body.orderId}'`);
    expect(runs).toHaveLength(1);
  });

  it('refuses the same orderId with a different body with 409', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const changed = await h.api('POST', '/v1/orders', { ...body, currency: 'USD' });
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toContain('application/problem+json');
    expect(changed.body.reason).toBe('id_reused_with_different_body');
  });

  it('answers an invalid body with a 400 problem naming each field, and starts nothing', async () => {
    const body = orderBody({ currency: 'euro', items: [{ sku: 'MUG', quantity: 0, unitPriceMinor: 100 }] });
    const response = await h.api('POST', '/v1/orders', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors?.map((e) => e.field).sort()).toEqual(['currency', 'items.0.quantity']);
    await expect(h.client.workflow.getHandle(`order-${body.orderId}`).describe()).rejects.toThrow();
  });

  it('answers malformed JSON with 400 and a non-JSON body with 415', async () => {
    const malformed = await h.request('/v1/orders', { method: 'POST', headers: { Authorization: 'Bearer test-key-0123456789', 'Content-Type': 'application/json' }, body: '{"orderId":' });
    expect(malformed.status).toBe(400);
    const text = await h.request('/v1/orders', { method: 'POST', headers: { Authorization: 'Bearer test-key-0123456789', 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toContain('application/problem+json');
  });

  it('requires an API key', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body, { Authorization: '' })).status).toBe(401);
    const wrong = await h.api('POST', '/v1/orders', body, { Authorization: 'Bearer not-the-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    await expect(h.client.workflow.getHandle(`order-${body.orderId}`).describe()).rejects.toThrow();
  });

  it('rejects a body over the size limit with 413', async () => {
    const huge = orderBody({ padding: 'x'.repeat(h.config.bodyLimitBytes + 1) });
    expect((await h.api('POST', '/v1/orders', huge)).status).toBe(413);
  });

  it('over real HTTP, refuses a body over the limit with 413 whether it declares its length or streams it chunked', async () => {
    const { port, stop } = await serveHarness(h);
    try {
      const post = (body: string, chunked: boolean) =>
        new Promise<number>((resolve, reject) => {
          const headers: Record<string, string> = { Authorization: `Bearer ${TEST_KEYS.all}`, 'Content-Type': 'application/json' };
          if (!chunked) headers['Content-Length'] = String(Buffer.byteLength(body));
          const sent = httpRequest({ host: '127.0.0.1', port, path: '/v1/orders', method: 'POST', headers }, (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          });
          sent.on('error', reject);
          // Chunked: written in pieces, so the size is only known while the body streams.
          if (chunked) for (let at = 0; at < body.length; at += 4096) sent.write(body.slice(at, at + 4096));
          sent.end(chunked ? undefined : body);
        });
      const huge = (orderId: string) => JSON.stringify(orderBody({ orderId, padding: 'x'.repeat(h.config.bodyLimitBytes + 1) }));
      const declared = orderBody();
      expect(await post(huge(`huge-declared-${declared.orderId}`), false)).toBe(413);
      expect(await post(huge(`huge-chunked-${declared.orderId}`), true)).toBe(413);
      expect(await post(JSON.stringify(declared), false)).toBe(201);
      const chunked = orderBody();
      expect(await post(JSON.stringify(chunked), true)).toBe(201);
      for (const refused of [`huge-declared-${declared.orderId}`, `huge-chunked-${declared.orderId}`]) {
        await expect(h.client.workflow.getHandle(`order-${refused}`).describe()).rejects.toThrow();
      }
    } finally {
      await stop();
    }
  });

  it('records the order, its items, its payment and the customer in MySQL', async () => {
    const body = orderBody();
    await h.api('POST', '/v1/orders', body);
    const order = await eventually(() => h.orm.em.fork().findOneOrFail(Order, { id: body.orderId }));
    expect(order).toMatchObject({ customerId: body.customer.id, currency: 'EUR', totalMinor: 3399, destinationCountry: 'DE', stage: 'confirmed' });
    const items = await h.orm.em.fork().find(OrderItem, { order: body.orderId }, { orderBy: { sku: 'asc' } });
    expect(items.map((i) => [i.sku, i.quantity])).toEqual([['MUG-BLUE', 2], ['TEA-EARLGREY', 1]]);
    const payment = await h.orm.em.fork().findOneOrFail(Payment, { paymentId: body.payment.paymentId });
    expect(payment).toMatchObject({ orderId: body.orderId, capturedMinor: 3399, currency: 'EUR' });
  });

  it('makes the journey findable by OrderId, CustomerId and JourneyStage', async () => {
    const body = orderBody();
    await h.api('POST', '/v1/orders', body);
    const description = await h.client.workflow.getHandle(`order-${body.orderId}`).describe();
    expect(description.typedSearchAttributes.get(OrderId)).toBe(body.orderId);
    expect(description.typedSearchAttributes.get(CustomerId)).toBe(body.customer.id);
    expect(description.typedSearchAttributes.get(JourneyStage)).toBe('confirmed');
    const found = await eventually(async () => {
      const runs = await listWorkflows(h, `OrderId = '${body.orderId}' AND JourneyStage = 'confirmed'`);
      expect(runs).toHaveLength(1);
      return runs;
    });
    expect(found[0].workflowId).toBe(`order-${body.orderId}`);
  });
});

describe('GET /v1/orders/{orderId}', () => {
  it('answers from the workflow: stage, timeline and address', async () => {
    const body = orderBody();
    await h.api('POST', '/v1/orders', body);
    const response = await h.api<OrderView>('GET', `/v1/orders/${body.orderId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ orderId: body.orderId, stage: 'confirmed', parcels: [], completed: false });
    expect(response.body.timeline[0]).toMatchObject({ what: 'Order confirmed', source: 'storefront' });
  });

  it('answers 404 with a problem document for an unknown order', async () => {
    const response = await h.api('GET', '/v1/orders/no-such-order');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
