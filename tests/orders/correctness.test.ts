import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../entities';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
});
afterAll(() => h?.close());

describe('a retried partner call', () => {
  it('sends the identical stored request, even when what it was built from changed between attempts', async () => {
    h.partners.failNext('notifications', 503, 1);
    const body = orderBody();
    const key = `order-${body.orderId}:notify:order_confirmed`;
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    await eventually(() => expect(h.partners.calls('notifications', (c) => c.idempotencyKey === key)).toHaveLength(1), 20_000, 20);
    // The customer changes their address book entry while the message waits for its retry.
    await h.orm.em.fork().nativeUpdate(Customer, { id: body.customer.id }, { email: 'someone-else@example.com', locale: 'de' });

    await eventually(() => expect(h.partners.effectsOf('notifications').filter((c) => c.idempotencyKey === key)).toHaveLength(1));
    const [refused, retried] = h.partners.calls('notifications', (c) => c.idempotencyKey === key);
    expect(retried.body).toEqual(refused.body);
    expect(retried.body).toMatchObject({ to: 'ada@example.com', locale: 'en' });
  });
});
