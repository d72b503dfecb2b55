import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { TrackingEventRecord } from '../../entities';
import type { PolicyOverrides } from '../../workflows/policy';
import type { OrderOutcome, OrderView } from '../../workflows/order/messages';
import { createHarness, eventually, listWorkflows, TEST_API_KEY, uniqueId, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { harnessEnv, spawnApiProcess, type ApiProcess } from '../support/processes';
import { genericSignature, scan, type GenericEvent } from '../support/webhooks';
import { spawnWorkerProcess } from '../support/worker-spawn';

/**
 * The production topology under faults: two worker processes and two API processes on one task queue, requests
 * round-robin over the APIs like a load balancer, every carrier webhook delivered twice (once to each API). In the
 * middle of the run one worker (and one API) is killed with SIGKILL and a replacement worker started. What a user
 * would notice must not change: every journey ends as it would on one process, every customer message and refund
 * happens once, every carrier event is recorded once, and no workflow fails.
 */
const JOURNEYS = 12;
const CANCELLED = new Set([3, 8]);
const KILL_AFTER_SHIPPED = 4;

const processes: ChildProcess[] = [];
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const child of processes) child.kill('SIGKILL');
  for (const h of harnesses) await h.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * A client behind a load balancer: round-robin over the APIs that are up; a request cut off by a dead API is sent
 * again to another (every write carries its idempotency: order id, event id, Idempotency-Key), and a 503 with
 * Retry-After is retried, as a client would.
 */
function balancer(apis: ApiProcess[]) {
  let turn = 0;
  const pick = () => {
    const live = apis.filter((api) => !gone(api.process));
    return live[turn++ % live.length];
  };
  async function send(path: string, init: RequestInit, via?: ApiProcess): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const api = via && !gone(via.process) ? via : pick();
      try {
        const response = await fetch(`${api.base}${path}`, init);
        if (response.status !== 503 || attempt >= 30) return response;
      } catch (error) {
        if (attempt >= 30) throw error;
      }
      via = undefined;
      await sleep(500);
    }
  }
  async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await send(path, {
      method,
      headers: { Authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
  return { send, call };
}

interface Expected {
  orderId: string;
  outcome: 'delivered' | 'cancelled';
  shipmentId?: string;
  eventIds: string[];
}

async function journey(h: Harness, lb: ReturnType<typeof balancer>, apis: ApiProcess[], i: number, shipped: () => void): Promise<Expected> {
  await sleep(i * 250); // arrivals spread over a few seconds, so the faults land in the middle
  const body = orderBody();
  const { orderId } = body;
  expect([200, 201]).toContain((await lb.call('POST', '/v1/orders', body)).status);
  if (CANCELLED.has(i)) {
    const cancel = await lb.call('POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' }, { 'Idempotency-Key': `cancel-${orderId}` });
    expect(cancel.status).toBe(200);
    shipped();
    return { orderId, outcome: 'cancelled', eventIds: [] };
  }
  const parcel = { carrier: 'dhl', trackingNumber: `JD${Date.now()}${i}${Math.floor(Math.random() * 1000)}` };
  const items = body.items.map(({ sku, quantity }) => ({ sku, quantity }));
  const event = { eventId: uniqueId('wms'), type: 'shipped', occurredAt: new Date().toISOString(), parcels: [{ ...parcel, items }] };
  expect((await lb.call('POST', `/v1/orders/${orderId}/fulfillment-events`, event)).status).toBe(200);
  const shipmentId = `shipment-dhl-${parcel.trackingNumber}`;
  await eventually(async () => expect((await lb.call('GET', `/v1/shipments/${shipmentId}`)).status).toBe(200), 60_000, 250);
  shipped();

  // Each webhook reaches both APIs at once: a carrier's duplicate delivery.
  const deliverTwice = async (events: GenericEvent[]) => {
    const raw = JSON.stringify({ ...parcel, events });
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Aftercart-Signature': genericSignature(raw, h.config.webhookSecrets.generic) }, body: raw };
    const statuses = await Promise.all(apis.map(async (api) => (await lb.send('/v1/webhooks/carriers/generic', init, api)).status));
    expect(statuses).toEqual([202, 202]);
  };
  const scans = [scan('in_transit', { location: 'Leipzig hub' }), scan('in_transit', { location: 'Berlin depot' }), scan('delivered')];
  for (const events of [[scans[0]], [scans[1]], [scans[2]]]) await deliverTwice(events);
  return { orderId, outcome: 'delivered', shipmentId, eventIds: scans.map((s) => `generic:${s.eventId}`) }; // stored under the provider's name
}

interface Topology {
  policy?: PolicyOverrides;
  /** One environment per worker process (WORKER_QUEUES); the first is the one killed and replaced. */
  workers: Record<string, string>[];
  killApi: boolean;
  /** The killed worker is the only one running partner calls, so the message held at the kill was its own. */
  killedHeldTheCall: boolean;
}

async function runUnderFaults(topology: Topology) {
  const h = await createHarness(__filename, { worker: false, policy: topology.policy });
  harnesses.push(h);
  const [workers, apis] = await Promise.all([
    Promise.all(topology.workers.map((env) => spawnWorkerProcess(h, processes, env))),
    Promise.all([0, 1].map(() => spawnApiProcess(harnessEnv(h), processes))),
  ]);
  const lb = balancer(apis);

  let shippedCount = 0;
  let settled = 0;
  let settledAtKill = -1;
  let midway!: () => void;
  const reachedMidway = new Promise<void>((resolve) => (midway = resolve));
  const faults = (async () => {
    await reachedMidway;
    settledAtKill = settled;
    // A customer message in flight as the worker dies: the provider takes it but its answer never comes back.
    const before = h.partners.calls('notifications').length;
    h.partners.hold('notifications');
    await eventually(() => expect(h.partners.calls('notifications').length).toBeGreaterThan(before), 30_000, 20);
    workers[0].kill('SIGKILL');
    if (topology.killApi) apis[1].process.kill('SIGKILL');
    await once(workers[0], 'exit');
    h.partners.release();
    await spawnWorkerProcess(h, processes, topology.workers[0]);
  })();
  const expected = await Promise.all(
    Array.from({ length: JOURNEYS }, async (_, i) => {
      const done = await journey(h, lb, apis, i, () => ++shippedCount === KILL_AFTER_SHIPPED && midway());
      settled += 1;
      return done;
    }),
  );
  await faults;
  expect(settledAtKill, 'journeys the client had finished driving when the faults struck').toBeLessThan(JOURNEYS / 2);
  if (topology.killApi) expect(gone(apis[1].process)).toBe(true);

  // Every journey ends as it should, in the API's view and in the workflow's result.
  for (const { orderId, outcome } of expected) {
    const result: OrderOutcome = await h.client.workflow.getHandle(`order-${orderId}`).result();
    expect(result.result, orderId).toBe(outcome);
    const view = (await lb.call<OrderView>('GET', `/v1/orders/${orderId}`)).body;
    expect(view).toMatchObject({ stage: outcome, completed: true });
    if (outcome === 'cancelled') expect(view.cancellation).toMatchObject({ refundStatus: 'refunded' });
  }

  // Each customer message once: no template twice for an order (a second key would be a second message).
  const messages = (orderId: string) =>
    h.partners
      .effectsOf('notifications')
      .filter((m) => `${m.body.subject} ${m.body.body}`.includes(orderId))
      .map((m) => m.body.template as string)
      .sort();
  for (const { orderId, outcome } of expected) {
    expect(messages(orderId), orderId).toEqual(outcome === 'delivered' ? ['delivered', 'order_confirmed', 'parcel_shipped'] : ['order_cancelled', 'order_confirmed']);
  }
  expect(h.partners.effectsOf('notifications')).toHaveLength(3 * (JOURNEYS - CANCELLED.size) + 2 * CANCELLED.size);
  if (topology.killedHeldTheCall) {
    // The killed worker's message was sent again under its key by the replacement, and took effect once.
    const keys = h.partners.calls('notifications').map((call) => call.idempotencyKey);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i).length).toBeGreaterThan(0);
  }

  // Each cancellation refunded once, in full; nothing else refunded.
  for (const { orderId, outcome } of expected) {
    const refunds = h.partners.refundsFor(orderId);
    expect(refunds.map((r) => r.body.amount), orderId).toEqual(outcome === 'cancelled' ? [3399] : []);
  }
  expect(h.partners.effectsOf('payments')).toHaveLength(CANCELLED.size);

  // Each distinct carrier event recorded once, though each arrived twice.
  const delivered = expected.filter((e) => e.shipmentId);
  const rows = await h.orm.em.fork().find(TrackingEventRecord, { shipmentId: { $in: delivered.map((e) => e.shipmentId!) } });
  for (const { shipmentId, eventIds } of delivered) {
    expect(rows.filter((r) => r.shipmentId === shipmentId).map((r) => r.eventId).sort(), shipmentId).toEqual([...eventIds].sort());
  }

  // No workflow on this task queue failed, timed out or was terminated.
  const runs = await eventually(async () => {
    const all = await listWorkflows(h, `TaskQueue = '${h.taskQueue}'`);
    expect(all.filter((run) => run.workflowId.startsWith('order-')).length).toBe(JOURNEYS);
    return all;
  });
  expect(runs.filter((run) => !['RUNNING', 'COMPLETED'].includes(run.status.name)).map((run) => `${run.workflowId}: ${run.status.name}`)).toEqual([]);
}

describe('two workers and two APIs at once, under faults', () => {
  it('a killed worker and a killed API change nothing a customer would notice', async () => {
    await runUnderFaults({ workers: [{}, {}], killApi: true, killedHeldTheCall: false });
  }, 240_000);

  it('with separate activity queues, a killed partners-and-database worker changes nothing either', async () => {
    await runUnderFaults({
      policy: { activities: { activityQueues: 'separate' } },
      workers: [{ WORKER_QUEUES: 'partners,database' }, { WORKER_QUEUES: 'workflows' }],
      killApi: false,
      killedHeldTheCall: true,
    });
  }, 240_000);
});
