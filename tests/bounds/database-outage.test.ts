import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Order, UnmatchedWebhookEvent } from '../../entities';
import { createHarness, eventually, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { startTcpProxy } from '../support/tcp-proxy';
import { postSignedWebhook, type WebhookProviderName } from '../support/webhooks';
import { easypostDomestic, genericWebhook, shippoStatus, shippoWebhook } from '../webhooks/fixtures';

/**
 * MySQL goes away while the API and the worker run. What needs MySQL to answer says so with 503 and Retry-After
 * (never a 500); what Temporal holds durably is accepted and reaches MySQL once it is back.
 */
let h: Harness;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
beforeAll(async () => {
  const real = new URL(inject('databaseUrl'));
  proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 3306) });
  real.hostname = '127.0.0.1';
  real.port = String(proxy.port);
  h = await createHarness(__filename, { env: { DATABASE_URL: real.toString(), TEMPORAL_CALL_TIMEOUT: '3 seconds' } });
});
afterAll(() => h?.close());

const newTrackingNumber = () => `9400${Date.now()}${Math.floor(Math.random() * 1e6)}`;
/** Three providers' bodies for a parcel nobody ships yet (every provider takes the same ingest path). */
const signedBodies: Record<Exclude<WebhookProviderName, 'aftership'>, (trackingNumber: string) => string> = {
  easypost: (tn) => JSON.stringify({ ...easypostDomestic, result: { ...easypostDomestic.result, tracking_code: tn } }),
  shippo: (tn) => JSON.stringify(shippoWebhook([shippoStatus('2026-03-02T16:10:00Z', 'TRANSIT', 'package_accepted', 'Accepted')], 'usps', tn)),
  generic: (tn) => JSON.stringify({ ...genericWebhook, trackingNumber: tn }),
};

describe('while MySQL is down', () => {
  it('answers 503 with Retry-After to webhooks for unshipped parcels and to the unmatched list, accepts orders, and catches up when MySQL is back', async () => {
    await proxy.stop();
    let resumed = false;
    try {
      for (const provider of ['easypost', 'shippo', 'generic'] as const) {
        const response = await postSignedWebhook(h, provider, signedBodies[provider](newTrackingNumber()));
        expect(`${provider} ${response.status} ${response.headers.get('retry-after')}`).toBe(`${provider} 503 5`);
        expect(await response.json()).toMatchObject({ status: 503, reason: 'database_unavailable' });
      }
      const list = await h.api('GET', '/v1/webhooks/unmatched');
      expect([list.status, list.headers.get('retry-after'), list.body.reason]).toEqual([503, '5', 'database_unavailable']);

      // Order creation needs Temporal only: the journey is durable there and records itself once MySQL returns.
      const body = orderBody();
      const created = await h.api('POST', '/v1/orders', body);
      expect(created.status).toBe(201);
      await proxy.resume();
      resumed = true;

      await eventually(async () => expect(await h.orm.em.fork().findOne(Order, { id: body.orderId })).toMatchObject({ stage: 'confirmed' }), 90_000, 500);
      const trackingNumber = newTrackingNumber();
      expect((await postSignedWebhook(h, 'generic', signedBodies.generic(trackingNumber))).status).toBe(202);
      expect(await h.orm.em.fork().count(UnmatchedWebhookEvent, { trackingNumber })).toBe(1);
    } finally {
      if (!resumed) await proxy.resume();
    }
  }, 120_000);
});
