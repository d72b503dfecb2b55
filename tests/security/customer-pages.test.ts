import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundMessage } from '../../entities';
import { createLogger } from '../../lib/logger';
import { signLink } from '../../lib/signed-links';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';

const logLines: string[] = [];
const captured = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString('utf8'));
    done();
  },
});

let h: Harness;
let j: ReturnType<typeof journeys>;
beforeAll(async () => {
  h = await createHarness(__filename, { logger: createLogger('info', captured) });
  j = journeys(h);
});
afterAll(() => h?.close());

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function expectPageHeaders(response: Response): string {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/https?:|\*|'unsafe-inline'/); // nothing from elsewhere, no blanket inline code
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('cache-control')).toBe('no-store');
  return /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
}

describe('customer pages', () => {
  it('send CSP, no-referrer and no-store on the tracking page, and run only their own nonce-tagged style', async () => {
    const { orderId } = await j.shippedOrder();
    const page = await h.request(`/track/${signLink({ scope: 'track', sub: orderId, exp: inAnHour() }, h.config.linkSigningKeys)}`);
    expect(page.status).toBe(200);
    const nonce = expectPageHeaders(page);
    const html = await page.text();
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('send the same headers on the invalid-link page and on the customs and address pages', async () => {
    for (const path of ['/track/not-a-token', '/shipments/shipment-dhl-JD0001/customs?token=bad', '/shipments/shipment-dhl-JD0001/address']) {
      const response = await h.request(path);
      expect(`${path} ${response.status}`).toBe(`${path} 404`);
      expectPageHeaders(response);
    }
  });
});

describe('tokens stay out of request logs', () => {
  it('logs customer-link paths and queries with every token replaced', async () => {
    const token = signLink({ scope: 'customs', sub: 'shipment-dhl-JD0002', exp: inAnHour() }, h.config.linkSigningKeys);
    const trackToken = signLink({ scope: 'track', sub: 'no-such-order', exp: inAnHour() }, h.config.linkSigningKeys);
    logLines.length = 0;
    await h.request(`/track/${trackToken}?utm_source=mail`);
    await h.request(`/shipments/shipment-dhl-JD0002/customs?lang=en&token=${token}`);
    await h.request(`/v1/shipments/shipment-dhl-JD0002/customs-actions?token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"action":"abandon"}' });
    await h.request('/track/garbage-that-is-not-even-a-token');
    const requests = logLines.map((line) => JSON.parse(line) as { msg: string; path?: string }).filter((entry) => entry.msg === 'request');
    expect(requests.map((entry) => entry.path)).toEqual([
      '/track/[token]?utm_source=mail',
      '/shipments/shipment-dhl-JD0002/customs?lang=en&token=[token]',
      '/v1/shipments/shipment-dhl-JD0002/customs-actions?token=[token]',
      '/track/[token]',
    ]);
    const all = logLines.join('\n');
    for (const secret of [token, trackToken, encodeURIComponent(token), token.split('.')[2]!]) expect(all).not.toContain(secret);
  });
});

describe('stored messages keep no live token', () => {
  it('stores the message with its link token replaced while the partner receives the working link, identically on every retry', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    await eventually(() => expect(j.messages(body.orderId, 'order_confirmed')).toHaveLength(1));
    // The "shipped" message, which carries the tracking link, fails twice before the partner takes it.
    h.partners.failNext('notifications', 503, 2);
    const parcel = { carrier: 'dhl', trackingNumber: `JD${Date.now()}`, items: body.items.map(({ sku, quantity }) => ({ sku, quantity })) };
    expect((await j.fulfil(body.orderId, { type: 'shipped', parcels: [parcel] })).status).toBe(200);
    const delivered = await eventually(() => {
      const [message] = h.partners.effectsOf('notifications').filter((m) => m.body.template === 'parcel_shipped' && String(m.body.body).includes(body.orderId));
      expect(message).toBeDefined();
      return message!;
    }, 30_000);
    const attempts = h.partners.calls('notifications', (c) => c.idempotencyKey === delivered.idempotencyKey);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(attempts.map((a) => JSON.stringify(a.body))).size).toBe(1);

    const link = /\/track\/([\w.-]+)/.exec(String(delivered.body.body))![1]!;
    expect((await h.request(`/track/${link}`)).status).toBe(200);

    const row = await h.orm.em.fork().findOneOrFail(OutboundMessage, { idempotencyKey: delivered.idempotencyKey! });
    const stored = JSON.stringify(row.request);
    expect(stored).toContain('/track/[token]');
    expect(stored).not.toContain(link);
    expect(stored).not.toContain(link.split('.')[2]!);
  });
});
