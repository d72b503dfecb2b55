import { afterAll, beforeAll, expect, it } from 'vitest';
import { Feedback, ProductRating } from '../../entities';
import { signLink } from '../../lib/signed-links';
import type { CustomerView } from '../../workflows/customer/state';
import type { ReturnView } from '../../workflows/returns/messages';
import type { ServiceCaseView } from '../../workflows/service/messages';
import { loyalCustomerEndState } from '../../scripts/demo/feedback';
import { demoReport } from '../../scripts/demo/report';
import { runDemo, type DemoResult } from '../../scripts/demo/run';
import { createHarness, eventually, listWorkflows, TEST_API_KEY, type Harness } from '../support/harness';

/** `npm run demo` against the test stack: every journey and story ends where its story says, and every search finds it. */
let h: Harness;
let result: DemoResult;
beforeAll(async () => {
  h = await createHarness(__filename);
  result = await runDemo(
    { baseUrl: 'http://aftercart.test', apiKey: TEST_API_KEY, webhookSecret: h.config.webhookSecrets.generic, linkKeys: h.config.linkSigningKeys, fetch: (input, init) => h.request(String(input), init) },
    { settleMs: 120_000 },
  );
}, 360_000);
afterAll(() => h?.close());

const getReturn = async (rmaId: string) => (await h.api<ReturnView>('GET', `/v1/returns/${rmaId}`)).body;
const storyOf = (name: string) => result.stories.find((s) => s.name === name)!;

it('plays twenty journeys and the after-delivery stories, each reaching its intended state', () => {
  expect(result.journeys.length).toBeGreaterThanOrEqual(20);
  expect(result.stories.map((s) => s.name)).toEqual(['return-refund-mixed', 'return-reviewed', 'return-store-credit', 'return-exchange', 'feedback-low-score', 'customer-loyalty']);
  const names = [...result.journeys, ...result.stories].map((j) => j.name);
  expect(new Set(names).size).toBe(names.length);
  expect(result.pending).toEqual([]);
});

it('gives every Temporal UI search it prints something from this run to show', async () => {
  const ofThisRun = (workflowId: string) => workflowId.toLowerCase().includes(result.run.toLowerCase());
  for (const search of result.searches) {
    await eventually(async () => {
      const found = await listWorkflows(h, search.query);
      expect(found.filter((w) => ofThisRun(w.workflowId) || w.searchAttributes.OrderId?.some((o) => ofThisRun(String(o)))).length, search.query).toBeGreaterThan(0);
    }, 30_000, 500);
  }
  await eventually(async () => {
    const returnsDone = await listWorkflows(h, "ReturnStatus = 'completed'");
    expect(returnsDone.map((w) => w.workflowId).filter(ofThisRun).sort()).toEqual([21, 23, 24].map((n) => `return-RMA-${result.run}-${n}`));
    const feedbackOrder = (await listWorkflows(h, `OrderId = 'demo-${result.run}-25'`)).map((w) => w.workflowId);
    expect(feedbackOrder).toEqual(expect.arrayContaining([`order-demo-${result.run}-25`, `feedback-demo-${result.run}-25`, `service-feedback-demo-${result.run}-25`]));
  }, 30_000, 500);
});

it('prints the searches, the customer links and the API views to open', () => {
  const printed = demoReport(result, { baseUrl: 'http://localhost:3000', publicBaseUrl: 'http://localhost:3000', temporalUi: 'http://localhost:8233', linkKeys: h.config.linkSigningKeys }).join('\n');
  expect(printed).toContain('Every journey and story is where it should be.');
  for (const search of result.searches) expect(printed).toContain(search.query);
  expect(printed).toContain("ReturnStatus = 'completed'");
  expect(printed).toContain(`curl -s http://localhost:3000/v1/returns/RMA-${result.run}-21 -H "Authorization: Bearer $KEY"`);
  expect(printed).toContain(`/v1/service-cases/feedback-demo-${result.run}-25`);
  expect(printed).toContain(`/v1/customers/cus-demo-${result.run}-loyal`);
  expect(printed).toMatch(/http:\/\/localhost:3000\/feedback\/\S+/);
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

it('ends each return with the status, money and stock a storefront reads from GET /v1/returns/{rmaId}', async () => {
  const mixed = await getReturn(`RMA-${result.run}-21`);
  expect(mixed).toMatchObject({ status: 'completed', decision: { outcome: 'approved', by: 'policy' }, money: { status: 'refunded', amountMinor: 2500, breakdown: { basis: 'inspected', totalMinor: 2500 } } });
  expect(mixed.lines.map((l) => [l.sku, l.conditions])).toEqual([['MUG-BLUE', { resellable: 1, damaged: 1 }], ['TEA-EARLGREY', { missing: 1 }]]);
  expect(mixed.money!.breakdown.lines.map((l) => [l.sku, l.refundedUnits, l.unrefundedUnits])).toEqual([['MUG-BLUE', 2, 0], ['TEA-EARLGREY', 0, 1]]);
  expect(mixed.stock.filter((s) => s.kind !== 'expected_inbound').map((s) => [s.sku, s.kind, s.quantity]).sort()).toEqual([['MUG-BLUE', 'restocked', 1], ['MUG-BLUE', 'written_off', 1], ['TEA-EARLGREY', 'missing', 1]]);
  expect(mixed.parcel?.firstScanAt).toBeTruthy(); // the return parcel was scanned on its way back

  const reviewed = await getReturn(`RMA-${result.run}-22`);
  expect(reviewed.timeline.map((t) => [t.what, t.detail])).toEqual(expect.arrayContaining([['Held for review', expect.stringContaining('above the auto-approval limit of 1000')], ['Approved by an operator', undefined]]));
  expect(reviewed).toMatchObject({ status: 'in_transit', decision: { outcome: 'approved', by: 'operator' }, money: { status: 'refunded', amountMinor: 1250, breakdown: { basis: 'requested' } } });
  expect(reviewed.receipt).toBeUndefined(); // money moved at the first scan, before the warehouse saw anything

  const credit = await getReturn(`RMA-${result.run}-23`);
  expect(credit).toMatchObject({ status: 'completed', resolution: { type: 'store_credit' }, money: { status: 'credited', amountMinor: 809, breakdown: { lines: [{ sku: 'TEA-EARLGREY', restockingFeeMinor: 90, amountMinor: 809 }] } } });

  const exchange = await getReturn(`RMA-${result.run}-24`);
  expect(exchange).toMatchObject({ status: 'completed', resolution: { type: 'exchange', sku: 'MUG-GREEN' }, exchange: { orderId: `ex-RMA-${result.run}-24`, sku: 'MUG-GREEN', quantity: 1 } });
  expect(exchange.money).toBeUndefined();
  const replacement = await h.api<{ stage: string; customerId: string }>('GET', `/v1/orders/ex-RMA-${result.run}-24`);
  expect([replacement.status, replacement.body.stage, replacement.body.customerId]).toEqual([200, 'confirmed', `cus-demo-${result.run}-r24`]); // the green mug's own journey
  expect(h.partners.refundsFor(`demo-${result.run}-24`)).toHaveLength(0);
  expect(h.partners.refundsFor(`demo-${result.run}-21`).map((r) => r.body.amount)).toEqual([2500]);
});

it('records the low feedback score and opens one service case with its helpdesk ticket', async () => {
  const orderId = storyOf('feedback-low-score').orderId;
  const em = h.orm.em.fork();
  expect(await em.findOne(Feedback, { orderId })).toMatchObject({ customerId: `cus-demo-${result.run}-loyal`, deliveryRating: 4, packagingRating: 5, serviceRating: 4, nps: 8, comment: 'The tea was stale.', lowScore: true });
  expect((await em.find(ProductRating, { orderId }, { orderBy: { sku: 'asc' } })).map((r) => [r.sku, r.rating])).toEqual([['MUG-BLUE', 5], ['TEA-EARLGREY', 2]]);
  const serviceCase = (await h.api<ServiceCaseView>('GET', `/v1/service-cases/feedback-${orderId}`)).body;
  expect(serviceCase).toMatchObject({ orderId, origin: 'low_feedback', status: 'open', ticketId: expect.any(String), needsAttention: false });
  const tickets = h.partners.effectsOf('helpdesk').filter((t) => (t.body.ticket as { external_id: string }).external_id === `feedback-${orderId}`);
  expect(tickets).toHaveLength(1);
  expect(JSON.stringify(tickets[0]!.body)).toContain('product TEA-EARLGREY rated 2/5');
});

it("shows the loyal customer's segment, points earned on delivery and taken back by the refund", async () => {
  const view = (await h.api<CustomerView>('GET', `/v1/customers/cus-demo-${result.run}-loyal`)).body;
  expect(view).toMatchObject({
    facts: { orders: 2, deliveredOrders: loyalCustomerEndState.deliveredOrders, refundedMinor: 2500, monetaryMinor: 4298 },
    loyalty: { balance: 42, lifetimePoints: 42, tier: 'bronze' },
  });
  expect(['champions', 'loyal', 'new', 'at_risk', 'hibernating', 'promising', 'unscored']).toContain(view.segment);
  expect(view.why.join(' ')).toMatch(view.segment === 'unscored' ? /boundaries have not been computed yet/ : /Segment/);
});
