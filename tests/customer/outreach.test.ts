import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Feedback, Order, OutboundMessage } from '../../entities';
import { signLink } from '../../lib/signed-links';
import { asKey, createHarness, uniqueId, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { customers } from './support';
import { seedCustomer, seedOrders } from './seed';

const WIN_BACK = '6 seconds';
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, {
    policy: {
      customer: {
        winBackChampions: WIN_BACK, winBackLoyal: WIN_BACK, winBackAtRisk: WIN_BACK, winBackOther: WIN_BACK, winBackHibernating: WIN_BACK,
        quietHoursStart: 0, quietHoursEnd: 0, marketingCap: 10,
      },
    },
  });
});
afterAll(() => h?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const consentToken = (customerId: string) => signLink({ scope: 'consent', sub: customerId, exp: Math.floor(Date.now() / 1000) + 3600 }, h.config.linkSigningKeys);
const placed = (orderId: string, skus: string[]) => ({
  type: 'order_placed' as const, eventId: `order-${orderId}:placed`, at: new Date().toISOString(), orderId, currency: 'EUR',
  items: skus.map((sku) => ({ sku, quantity: 1, unitPriceMinor: 1000 })), destinationCountry: 'DE',
});

describe('outreach', () => {
  it('sends one win-back with "frequently bought together" from real co-purchases, RFC 8058 headers and a working one-click unsubscribe', async () => {
    const c = customers(h);
    const sku = (name: string) => `${uniqueId('P')}-${name}`;
    const [A, B, C, D] = [sku('A'), sku('B'), sku('C'), sku('D')];
    const customerId = uniqueId('cus');
    await seedCustomer(h, customerId);
    // Other customers bought A with B three times and A with C once; B with D twice (D never with A).
    await seedOrders(h, [{ items: [[A, 1], [B, 1]] }, { items: [[A, 1], [B, 2]] }, { items: [[A, 1], [B, 1]] }, { items: [[A, 1], [C, 1]] }, { items: [[B, 1], [D, 1]] }, { items: [[B, 1], [D, 1]] }]);
    const [orderId] = await seedOrders(h, [{ customerId, items: [[A, 1]] }]);
    await c.tell(customerId, { type: 'consent_changed', eventId: uniqueId('consent'), at: new Date().toISOString(), channels: { email: true }, source: 'storefront' });
    await c.tell(customerId, placed(orderId!, [A]));

    const sent = await c.until(customerId, (v) => expect(v.contactLog).toEqual([expect.objectContaining({ kind: 'win_back', status: 'sent', channel: 'email' })]), 30_000);
    expect(sent.contactLog[0]!.recommendations).toEqual([B, C]);
    const [message] = c.marketing(customerId);
    expect(message!.body).toMatchObject({ template: 'win_back', to: `${customerId}@example.com`, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
    expect(message!.body.body).toContain(`${B}, ${C}`);
    const link = /^<(http[^>]+)>$/.exec((message!.body.headers as Record<string, string>)['List-Unsubscribe']!)![1]!;
    // The stored copy keeps no token.
    const stored = await h.orm.em.fork().findOneOrFail(OutboundMessage, { idempotencyKey: message!.idempotencyKey! });
    expect(JSON.stringify(stored.request)).not.toContain(new URL(link).searchParams.get('token')!);

    // The mail provider's one-click POST (RFC 8058), without any API key.
    const url = new URL(link);
    const response = await h.request(`${url.pathname}${url.search}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(200);
    await c.until(customerId, (v) => expect(v.consent).toEqual({ email: false, sms: false, push: false }));
    expect(c.marketing(customerId)).toHaveLength(1);

    // The link in the message body opens a page that only asks; its button unsubscribes.
    const pageLink = new URL(/(http\S+\/unsubscribe\/\S+)/.exec(message!.body.body as string)![1]!);
    const asked = await h.request(pageLink.pathname);
    expect([asked.status, await asked.text()]).toEqual([200, expect.stringContaining('<form method="post"><button>Unsubscribe</button></form>')]);
    expect((await h.request(`${pageLink.pathname}A`)).status).toBe(404);
    expect((await h.request(pageLink.pathname, { method: 'POST' })).status).toBe(200);
  });

  it('recommends recent best sellers to a customer without purchase history', async () => {
    const c = customers(h);
    const [X, Y, Z] = ['X', 'Y', 'Z'].map((n) => `${uniqueId('BEST')}-${n}`) as [string, string, string];
    await seedOrders(h, [{ items: [[X, 900]] }, { items: [[Y, 600]] }, { items: [[Z, 300]] }, { items: [[X, 50]], createdAt: new Date(Date.now() - 40 * 86_400_000) }]);
    const customerId = uniqueId('cus');
    await seedCustomer(h, customerId);
    await c.tell(customerId, { type: 'consent_changed', eventId: uniqueId('consent'), at: new Date().toISOString(), channels: { email: true }, source: 'storefront' });
    await c.tell(customerId, placed(uniqueId('ord'), [uniqueId('NEVER-SOLD')]));
    const view = await c.until(customerId, (v) => expect(v.contactLog).toHaveLength(1), 30_000);
    expect(view.contactLog[0]).toMatchObject({ status: 'sent', detail: 'best_sellers', recommendations: [X, Y, Z] });
  });

  it('cancels a pending win-back at once on unsubscribe, while transactional messages still go', async () => {
    const c = customers(h);
    const body = orderBody();
    const customerId = body.customer.id;
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const consented = await h.api('PUT', `/v1/customers/${customerId}/consent`, { channels: { email: true } }, asKey('storefront'));
    expect(consented.status).toBe(200);
    await c.until(customerId, (v) => expect(v.outreach).toEqual([expect.objectContaining({ key: `win_back:${body.orderId}`, status: 'scheduled' })]));

    const unsubscribed = await h.request(`/v1/customers/${customerId}/unsubscribe?token=${consentToken(customerId)}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(unsubscribed.status).toBe(200);
    const view = await c.view(customerId);
    expect(view.outreach).toEqual([]);
    expect(view.contactLog).toEqual([expect.objectContaining({ key: `win_back:${body.orderId}`, status: 'cancelled', detail: 'unsubscribed' })]);

    expect((await h.api('POST', `/v1/orders/${body.orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(200);
    await sleep(8000); // past the win-back's due time
    expect(c.marketing(customerId)).toEqual([]);
    const transactional = h.partners.effectsOf('notifications').filter((m) => String(m.idempotencyKey).startsWith(`order-${body.orderId}:`)).map((m) => m.body.template);
    expect(transactional).toEqual(expect.arrayContaining(['order_confirmed', 'order_cancelled']));
  });

  it('refuses a consent change with a bad body or a link for another customer, changing nothing', async () => {
    const customerId = uniqueId('cus');
    const bad = await h.api('PUT', `/v1/customers/${customerId}/consent`, { channels: {}, timeZone: 'Mars/Olympus' }, asKey('storefront'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors!.map((e) => e.field).sort()).toEqual(['channels', 'timeZone']);
    const other = await h.request(`/v1/customers/${customerId}/unsubscribe?token=${consentToken('someone-else')}`, { method: 'POST' });
    expect(other.status).toBe(401);
    expect((await h.api('GET', `/v1/customers/${customerId}`)).status).toBe(404);
  });

  it('erases personal data on request, stops outreach and keeps the anonymized facts', async () => {
    const c = customers(h);
    const body = orderBody();
    const customerId = body.customer.id;
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    expect((await h.api('PUT', `/v1/customers/${customerId}/consent`, { channels: { email: true } }, asKey('storefront'))).status).toBe(200);
    await c.until(customerId, (v) => expect(v.outreach).toHaveLength(1));
    await c.until(customerId, () => expect(h.partners.effectsOf('notifications').some((m) => m.idempotencyKey === `order-${body.orderId}:notify:order_confirmed`)).toBe(true));

    const em0 = h.orm.em.fork();
    em0.create(Feedback, { orderId: body.orderId, customerId, deliveryRating: 5, packagingRating: 4, serviceRating: 5, nps: 9, comment: 'Ada from Berlin says: lovely mug', submittedAt: new Date() });
    await em0.flush();

    expect((await h.api('DELETE', `/v1/customers/${customerId}`, undefined, asKey('storefront'))).status).toBe(403);
    const erased = await h.api<{ erased: { what: string; records: number }[]; outreachCancelled: number; erasedAt: string; kept: string[] }>('DELETE', `/v1/customers/${customerId}`, undefined, asKey('operator'));
    expect(erased.status).toBe(200);
    expect(erased.body.outreachCancelled).toBe(1);
    expect(Object.fromEntries(erased.body.erased.map((e) => [e.what.split(' (')[0], e.records]))).toEqual({
      'contact details': 1,
      'shipping addresses': 1,
      'recipients and addresses in the outbound message log': expect.any(Number),
      'free-text feedback comments': 1,
      'free-text return comments': 0,
    });
    expect(erased.body.erased[2]!.records).toBeGreaterThanOrEqual(1);
    expect(erased.body.kept.join(' ')).toContain('totals');

    const em = h.orm.em.fork();
    const customer = await em.findOneOrFail(Customer, { id: customerId });
    expect([customer.email, customer.phone, customer.erasedAt instanceof Date]).toEqual([null, null, true]);
    const order = await em.findOneOrFail(Order, { id: body.orderId });
    expect(order.shippingAddress).toEqual({ country: 'DE', erased: true });
    expect(order.totalMinor).toBe(3399);
    const feedback = await em.findOneOrFail(Feedback, { orderId: body.orderId });
    expect([feedback.comment, feedback.nps]).toEqual([null, 9]);
    const confirmation = await em.findOneOrFail(OutboundMessage, { idempotencyKey: `order-${body.orderId}:notify:order_confirmed` });
    expect(JSON.stringify(confirmation.request)).not.toContain('ada@example.com');

    const view = await c.view(customerId);
    expect(view).toMatchObject({ erasedAt: erased.body.erasedAt, outreach: [], consent: { email: false, sms: false, push: false } });
    // A repeat answers with the first erasure.
    expect((await h.api('DELETE', `/v1/customers/${customerId}`, undefined, asKey('operator'))).body).toMatchObject({ erasedAt: erased.body.erasedAt });
    await sleep(7000);
    expect(c.marketing(customerId)).toEqual([]);
  });
});
