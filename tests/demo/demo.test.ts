import { afterAll, beforeAll, expect, it } from 'vitest';
import { signLink } from '../../lib/signed-links';
import { runDemo, type DemoResult } from '../../scripts/demo/run';
import { createHarness, eventually, listWorkflows, TEST_API_KEY, type Harness } from '../support/harness';

/** `npm run demo` against the test stack: every journey ends where its story says, and every search finds it. */
let h: Harness;
let result: DemoResult;
beforeAll(async () => {
  h = await createHarness(__filename);
  result = await runDemo(
    { baseUrl: 'http://aftercart.test', apiKey: TEST_API_KEY, webhookSecret: h.config.webhookSecrets.generic, fetch: (input, init) => h.request(String(input), init) },
    { settleMs: 90_000 },
  );
}, 240_000);
afterAll(() => h?.close());

it('plays twenty journeys, each reaching its intended state', () => {
  expect(result.journeys.length).toBeGreaterThanOrEqual(20);
  expect(new Set(result.journeys.map((j) => j.name)).size).toBe(result.journeys.length);
  expect(result.pending).toEqual([]);
});

it('gives every Temporal UI search it prints something to show', async () => {
  const demoOrders = new Set(result.journeys.map((j) => `order-${j.orderId}`));
  for (const search of result.searches) {
    await eventually(async () => {
      const found = await listWorkflows(h, search.query);
      const ours = found.filter((w) => demoOrders.has(w.workflowId) || [...demoOrders].some((id) => w.workflowId.startsWith('shipment-') && w.searchAttributes.OrderId?.some((o) => `order-${o}` === id)));
      expect(ours.length, search.query).toBeGreaterThan(0);
    }, 30_000, 500);
  }
});

it('ends with the journeys a shopper and an operator would recognise', async () => {
  const orderOf = async (name: string) => (await h.api<{ stage: string; parcels: { stage: string; resolution?: { action: string } }[]; needsAttention: boolean }>('GET', `/v1/orders/${result.journeys.find((j) => j.name === name)!.orderId}`)).body;
  expect((await orderOf('split-delivered')).parcels.map((p) => p.stage)).toEqual(['delivered', 'delivered']);
  expect((await orderOf('cancelled')).stage).toBe('cancelled');
  expect((await orderOf('lost-claim')).parcels[0]).toMatchObject({ stage: 'lost', resolution: { action: 'reship' } });
  expect((await orderOf('late-warehouse')).needsAttention).toBe(true);
  const held = result.journeys.find((j) => j.name === 'customs-documents-open')!;
  const page = await h.request(`/track/${signLink({ scope: 'track', sub: held.orderId, exp: Math.floor(Date.now() / 1000) + 600 }, h.config.linkSigningKeys)}`);
  expect(await page.text()).toContain('Customs is holding this parcel until it receives documents from you');
});
