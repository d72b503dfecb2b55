import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { createLogger } from '../../lib/logger';
import { createTemporalClient } from '../../lib/runtime';
import { createHarness, eventually, uniqueId, type ApiBody, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { freePort } from '../support/ports';
import { spawnApiProcess } from '../support/processes';
import { startTcpProxy } from '../support/tcp-proxy';
import { postCarrierEvents, scan } from '../support/webhooks';

/**
 * Outages answer fast and say so: with no worker, no Temporal or no database the API answers 503 with Retry-After
 * (never a hang, never a 500), and readiness names what is missing. Deadlines here are short (2 s); the bound
 * asserted is generous, since without a deadline these requests would hang until the test times out.
 */
const CALL_TIMEOUT = '2 seconds';
const ANSWERS_WELL_BEFORE_MS = 20_000;

async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await call();
  return { result, ms: Date.now() - started };
}

const unavailable = (response: { status: number; headers: Headers; body: ApiBody }) => {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.headers.get('content-type')).toContain('application/problem+json');
};

describe('no worker on the task queue', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(__filename, { worker: false, env: { TEMPORAL_CALL_TIMEOUT: CALL_TIMEOUT } });
  });
  afterAll(() => h?.close());

  it('an update to an order answers 503 with Retry-After instead of hanging, and so does its status', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const { result: update, ms } = await timed(() =>
      h.api('POST', `/v1/orders/${body.orderId}/fulfillment-events`, { eventId: uniqueId('wms'), type: 'picking_started', occurredAt: new Date().toISOString() }),
    );
    unavailable(update);
    expect(update.body.reason).toBe('workflow_service_unavailable');
    expect(ms).toBeLessThan(ANSWERS_WELL_BEFORE_MS);

    const status = await timed(() => h.api('GET', `/v1/orders/${body.orderId}`));
    unavailable(status.result);
    expect(status.ms).toBeLessThan(ANSWERS_WELL_BEFORE_MS);
  });

  it('stops answering ready while draining, and still serves requests in flight', async () => {
    expect((await h.request('/readyz')).status).toBe(200);
    h.lifecycle.draining = true;
    try {
      const ready = await h.request('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'draining' });
      expect((await h.request('/healthz')).status).toBe(200);
    } finally {
      h.lifecycle.draining = false;
    }
  });
});

describe('Temporal unreachable', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(__filename, { worker: false, env: { TEMPORAL_CALL_TIMEOUT: CALL_TIMEOUT } });
  });
  afterAll(() => h?.close());

  it('answers 503 with Retry-After and readiness names temporal as missing', async () => {
    const closedPort = await freePort();
    const temporal = await createTemporalClient(h.config, `127.0.0.1:${closedPort}`, { lazy: true });
    const app = createApp({ config: h.config, temporal, orm: h.orm, logger: createLogger('silent') });
    try {
      const { result: response, ms } = await timed(async () =>
        app.request('/v1/orders', { method: 'POST', headers: { Authorization: 'Bearer test-key-0123456789', 'Content-Type': 'application/json' }, body: JSON.stringify(orderBody()) }),
      );
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(ms).toBeLessThan(ANSWERS_WELL_BEFORE_MS);

      const ready = await app.request('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', missing: ['temporal'], checks: { temporal: { status: 'unavailable' }, database: { status: 'ok' } } });
    } finally {
      await temporal.connection.close();
    }
  });
});

describe('database outage', () => {
  let h: Harness;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  beforeAll(async () => {
    const real = new URL(inject('databaseUrl'));
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 3306) });
    real.port = String(proxy.port);
    real.hostname = '127.0.0.1';
    h = await createHarness(__filename, { worker: false, env: { DATABASE_URL: real.toString(), TEMPORAL_CALL_TIMEOUT: CALL_TIMEOUT } });
  });
  afterAll(() => h?.close());

  it('answers 503 with Retry-After, not 500, and readiness names the database as missing', async () => {
    expect((await h.api('GET', '/v1/webhooks/unmatched')).status).toBe(200);
    await proxy.stop();

    const list = await h.api('GET', '/v1/webhooks/unmatched');
    unavailable(list);
    expect(list.body.reason).toBe('database_unavailable');

    // A signed carrier webhook for a parcel the warehouse has not reported yet must be stored: with MySQL down it
    // cannot be, and the carrier is told to come back.
    const status = await postCarrierEvents(h, { carrier: 'dhl', trackingNumber: `JD${Date.now()}` }, [scan('in_transit')]);
    expect(status).toBe(503);

    const ready = await h.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', missing: ['database'], checks: { temporal: { status: 'ok' }, database: { status: 'unavailable' } } });
  });
});

describe('the API process on SIGTERM', () => {
  const processes: ChildProcess[] = [];
  afterAll(() => processes.forEach((child) => child.kill('SIGKILL')));

  it('answers readiness with "draining" while it still serves, then exits cleanly', async () => {
    const api = await spawnApiProcess({ SHUTDOWN_DRAIN_DELAY: '8 seconds' }, processes);
    api.process.kill('SIGTERM');
    const draining = await eventually(async () => {
      const response = await fetch(`${api.base}/readyz`);
      expect(response.status).toBe(503);
      return response.json();
    }, 4_000, 50);
    expect(draining).toEqual({ status: 'draining' });
    expect((await fetch(`${api.base}/healthz`)).status).toBe(200);
    expect(await api.exited).toBe(0);
  });
});
