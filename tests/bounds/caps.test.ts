import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnmatchedWebhookEvent } from '../../entities';
import { limits } from '../../workflows/shared/limits';
import { TrackingNumbers } from '../../workflows/search-attributes';
import { createHarness, eventually, listWorkflows, uniqueId, type ApiBody, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';
import { postSignedWebhook } from '../support/webhooks';
import { easypostDomestic, genericWebhook } from '../webhooks/fixtures';

/**
 * Every cap answers a 400 problem document naming the field, and the OpenAPI document shows it. Large but allowed
 * orders keep working: their search attributes stay inside Temporal's limits.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename);
});
afterAll(() => h?.close());

const fieldsOf = (body: ApiBody) => (body.errors ?? []).map((e) => e.field);
const lines = (count: number) => Array.from({ length: count }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1, unitPriceMinor: 100 }));
const trackingNumber = (i: number) => `JD${uniqueId('').replace(/-/g, '').toUpperCase()}${String(i).padStart(28, '0')}`.slice(0, 40);

describe('order caps', () => {
  it.each([
    ['more lines than allowed', { items: lines(limits.linesPerOrder + 1) }, 'items'],
    ['a quantity above the cap', { items: [{ sku: 'MUG', quantity: limits.quantityPerLine + 1, unitPriceMinor: 1 }] }, 'items.0.quantity'],
    ['a unit price above the cap', { items: [{ sku: 'MUG', quantity: 1, unitPriceMinor: limits.amountMinor + 1 }] }, 'items.0.unitPriceMinor'],
    ['a total above the cap', { items: [{ sku: 'MUG', quantity: 3, unitPriceMinor: limits.amountMinor / 2 }] }, 'items'],
    ['a captured amount above the cap', { payment: { paymentId: 'pi_1', capturedMinor: limits.amountMinor + 1 } }, 'payment.capturedMinor'],
    ['an amount that is not an exact integer', { payment: { paymentId: 'pi_1', capturedMinor: 2 ** 53 + 2 } }, 'payment.capturedMinor'],
    ['an email longer than the column', { customer: { id: 'C1', email: `${'a'.repeat(250)}@example.com` } }, 'customer.email'],
    ['a policy duration beyond ten years', { policy: { order: { shipBySla: '5000 days' } } }, 'policy.order.shipBySla'],
  ])('refuses %s with a 400 naming the field, and starts nothing', async (_what, overrides, field) => {
    const body = orderBody(overrides);
    const response = await h.api('POST', '/v1/orders', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(fieldsOf(response.body)).toContain(field);
    expect(await listWorkflows(h, `OrderId = "${body.orderId}"`)).toHaveLength(0);
  });

  it('accepts an order exactly at the caps', async () => {
    const items = lines(limits.linesPerOrder).map((line, i) => (i === 0 ? { ...line, quantity: limits.quantityPerLine } : line));
    expect((await h.api('POST', '/v1/orders', orderBody({ items, payment: { paymentId: uniqueId('pi'), capturedMinor: limits.amountMinor } }))).status).toBe(201);
  });

  it('documents the caps in the OpenAPI document', async () => {
    const doc = (await (await h.request('/openapi.json')).json()) as { components: { schemas: Record<string, unknown> } };
    const createOrder = JSON.stringify(doc.components.schemas.CreateOrder);
    expect(createOrder).toContain(`"maxItems":${limits.linesPerOrder}`);
    expect(createOrder).toContain(`"maximum":${limits.amountMinor}`);
    expect(createOrder).toContain(`"maximum":${limits.quantityPerLine}`);
    expect(JSON.stringify(doc.components.schemas.FulfillmentEvent)).toContain(`"maxItems":${limits.parcelsPerEvent}`);
    expect(JSON.stringify(doc.components.schemas.GenericCarrierWebhook)).toContain(`"maxItems":${limits.eventsPerWebhook}`);
  });
});

describe('parcel caps', () => {
  const j = () => journeys(h);
  const parcels = (count: number) => Array.from({ length: count }, (_, i) => ({ carrier: 'dhl', trackingNumber: trackingNumber(i), items: [{ sku: 'MUG-BLUE', quantity: 1 }] }));

  it('refuses more parcels in one event than allowed, and the same parcel twice in one event, naming parcels', async () => {
    const body = orderBody({ items: [{ sku: 'MUG-BLUE', quantity: 200, unitPriceMinor: 100 }] });
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const tooMany = await j().fulfil(body.orderId, { type: 'shipped', parcels: parcels(limits.parcelsPerEvent + 1) });
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany.body)).toContain('parcels');
    const [first] = parcels(1);
    const twice = await j().fulfil(body.orderId, { type: 'shipped', parcels: [first, first] });
    expect(twice.status).toBe(400);
    expect(fieldsOf(twice.body)).toContain('parcels');
    expect((await j().getOrder(body.orderId)).parcels).toEqual([]);
  });

  it('ships the most parcels one event allows, with long tracking numbers, and the journey stays findable and moving', async () => {
    const body = orderBody({ items: [{ sku: 'MUG-BLUE', quantity: limits.parcelsPerEvent + 1, unitPriceMinor: 100 }] });
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const shipped = parcels(limits.parcelsPerEvent);
    // Every tracking number listed would be ~2.2 KB of JSON: past Temporal's 2 KiB per search attribute value.
    expect(Buffer.byteLength(JSON.stringify(shipped.map((p) => p.trackingNumber)))).toBeGreaterThan(2048);
    const response = await j().fulfil(body.orderId, { type: 'shipped', parcels: shipped });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ stage: 'partially_shipped' });
    // The journey still takes changes and publishes them: its workflow tasks did not fail on the search attributes.
    const last = await j().fulfil(body.orderId, { type: 'shipped', parcels: [{ carrier: 'ups', trackingNumber: trackingNumber(99), items: [{ sku: 'MUG-BLUE', quantity: 1 }] }] });
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ stage: 'shipped' });

    const [run] = await eventually(async () => {
      const runs = await listWorkflows(h, `OrderId = "${body.orderId}" AND WorkflowType = "orderJourneyWorkflow" AND JourneyStage = "shipped"`);
      expect(runs).toHaveLength(1);
      return runs;
    });
    const listed = run!.typedSearchAttributes.get(TrackingNumbers)!;
    expect(listed.length).toBeGreaterThan(10);
    expect(listed).toEqual(shipped.slice(0, listed.length).map((p) => p.trackingNumber));
    // Each parcel's own shipment is found by its own tracking number, the last one too.
    const lastNumber = shipped.at(-1)!.trackingNumber;
    await eventually(async () => expect(await listWorkflows(h, `TrackingNumbers = "${lastNumber}"`)).toHaveLength(1), 60_000, 500);
  });
});

describe('webhook caps', () => {
  const generic = (events: unknown[]) => JSON.stringify({ ...genericWebhook, trackingNumber: trackingNumber(1), events });
  const keptFor = (tracking: string) => h.orm.em.fork().find(UnmatchedWebhookEvent, { trackingNumber: tracking });

  it('refuses more events in one request than allowed, naming events', async () => {
    const events = Array.from({ length: limits.eventsPerWebhook + 1 }, (_, i) => ({ ...genericWebhook.events[0], eventId: `e-${i}` }));
    const response = await postSignedWebhook(h, 'generic', generic(events));
    expect(response.status).toBe(400);
    expect(fieldsOf((await response.json()) as ApiBody)).toContain('events');
  });

  it('refuses a correctly signed body nested deeper than allowed, naming the body, and keeps nothing', async () => {
    const tracking = trackingNumber(2);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i += 1) deep = { deeper: deep };
    const body = JSON.stringify({ ...easypostDomestic, extra: deep, result: { ...easypostDomestic.result, tracking_code: tracking } });
    const response = await postSignedWebhook(h, 'easypost', body);
    expect(response.status).toBe(400);
    expect(fieldsOf((await response.json()) as ApiBody)).toEqual(['(body)']);
    expect(await keptFor(tracking)).toEqual([]);
  });

  it('keeps a large body for operators as its size and hash, with all of its events', async () => {
    const tracking = trackingNumber(3);
    const body = JSON.stringify({ ...easypostDomestic, notes: 'n'.repeat(100_000), result: { ...easypostDomestic.result, tracking_code: tracking } });
    const response = await postSignedWebhook(h, 'easypost', body);
    expect(response.status).toBe(202);
    const [row] = await keptFor(tracking);
    expect(row!.payload).toEqual({ omitted: `larger than ${limits.keptPayloadBytes} bytes`, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(row!.events).toHaveLength(5);
  });
});
