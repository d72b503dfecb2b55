import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyId, apiScopes, type ApiScope } from '../../lib/keys';
import type { OrderView } from '../../workflows/order/messages';
import type { ShipmentView } from '../../workflows/shipment/messages';
import { TEST_KEYS, asKey, createHarness, eventually, uniqueId, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';
import { postCarrierEvents, scan } from '../support/webhooks';

type Operation = { security?: Record<string, string[]>[] };
type OpenApiDoc = { paths: Record<string, Record<string, Operation>> };

/** The only documented operations nobody needs a credential for: the platform probes. */
const PUBLIC_OPERATIONS = ['GET /healthz', 'GET /readyz'];
/** Operations for a Temporal UI that sends no header: the secret is the CODEC_UI_TOKEN in their path. */
const PATH_TOKEN_OPERATIONS = ['POST /codec/ui/{token}/decode', 'POST /codec/ui/{token}/encode'];

let h: Harness;
let operations: { method: string; path: string; url: string; security?: Record<string, string[]>[] }[];

beforeAll(async () => {
  h = await createHarness(__filename);
  const doc = (await (await h.request('/openapi.json')).json()) as OpenApiDoc;
  const sample: Record<string, string> = { orderId: 'A1001', shipmentId: 'shipment-dhl-JD014600003828', provider: 'generic', rmaId: 'R1', sku: 'MUG-BLUE', customerId: 'C42', carrier: 'dhl', token: 'x' };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      url: path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name] ?? 'x'),
      security: operation.security,
    })),
  );
});
afterAll(() => h?.close());

const call = (op: { method: string; url: string }, headers: Record<string, string> = {}) =>
  h.request(op.url, { method: op.method, headers: { 'Content-Type': 'application/json', ...headers }, body: op.method === 'GET' ? undefined : '{}' });

/** Scopes any one of which the operation accepts, from its OpenAPI security requirements. */
const scopesOf = (op: { security?: Record<string, string[]>[] }) => (op.security ?? []).flatMap((requirement) => requirement.ApiKey ?? []) as ApiScope[];

describe('every route declares its own auth', () => {
  it('documents a credential for every operation except the platform probes and the path-token codec', () => {
    expect(operations.length).toBeGreaterThan(5);
    const undeclared = operations.filter((op) => !op.security?.length).map((op) => `${op.method} ${op.path}`);
    expect(undeclared.sort()).toEqual([...PUBLIC_OPERATIONS, ...PATH_TOKEN_OPERATIONS].sort());
  });

  it('answers 401 to every non-public operation called without a credential', async () => {
    const answers = await Promise.all(
      operations.filter((op) => !PUBLIC_OPERATIONS.includes(`${op.method} ${op.path}`)).map(async (op) => `${op.method} ${op.path} ${(await call(op)).status}`),
    );
    expect(answers).toEqual(answers.map((a) => a.replace(/\d+$/, '401')));
  });

  it('answers 401 to an unknown key and 403, naming the key id, to a key without the route\'s scope', async () => {
    const keyed = operations.filter((op) => scopesOf(op).length > 0);
    expect(keyed.length).toBeGreaterThan(5);
    for (const op of keyed) {
      expect(`${op.url} ${(await call(op, { Authorization: 'Bearer not-a-key-0123456789' })).status}`).toBe(`${op.url} 401`);
      const outsider = apiScopes.find((scope) => !scopesOf(op).includes(scope));
      if (!outsider) continue;
      const response = await call(op, asKey(outsider));
      expect(`${op.method} ${op.path} ${response.status}`).toBe(`${op.method} ${op.path} 403`);
      expect(((await response.json()) as { detail: string }).detail).toContain(apiKeyId(TEST_KEYS[outsider]));
    }
  });

  it('scopes the routes by who calls them', () => {
    const scopes = Object.fromEntries(operations.map((op) => [`${op.method} ${op.path}`, scopesOf(op).sort()]));
    expect(scopes).toMatchObject({
      'POST /v1/orders': ['storefront'],
      'POST /v1/orders/{orderId}/cancel': ['operator', 'storefront'],
      'PUT /v1/orders/{orderId}/shipping-address': ['operator', 'storefront'],
      'POST /v1/orders/{orderId}/fulfillment-events': ['warehouse'],
      'GET /v1/webhooks/unmatched': ['operator'],
      'GET /v1/products/{sku}/feedback': ['operator'],
      'GET /v1/carriers/{carrier}/scorecard': ['operator'],
      'POST /v1/customers/{customerId}/complaints': ['storefront'],
      'POST /v1/service-cases/{caseId}/events': ['operator'],
      'POST /v1/service-cases/{caseId}/answer': ['operator'],
      'POST /v1/feedback/{token}': [],
    });
  });
});

describe('scoped keys on a real journey', () => {
  it('lets a warehouse key neither cancel nor change the address, and a storefront key not post fulfillment events', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body, asKey('warehouse'))).status).toBe(403);
    expect((await h.api('POST', '/v1/orders', body, asKey('storefront'))).status).toBe(201);
    const path = `/v1/orders/${body.orderId}`;

    expect((await h.api('POST', `${path}/cancel`, { reason: 'changed my mind' }, asKey('warehouse'))).status).toBe(403);
    expect((await h.api('PUT', `${path}/shipping-address`, { address: body.shippingAddress }, asKey('warehouse'))).status).toBe(403);
    const event = { eventId: uniqueId('wms'), type: 'picking_started', occurredAt: new Date().toISOString() };
    expect((await h.api('POST', `${path}/fulfillment-events`, event, asKey('storefront'))).status).toBe(403);

    const view = (await h.api<OrderView>('GET', path, undefined, asKey('storefront'))).body;
    expect(view.stage).toBe('confirmed');
    expect(view.cancellation).toBeUndefined();
    expect(view.timeline.map((e) => e.what)).toEqual(['Order confirmed']);
  });

  it('records which key made each change, by key id and never the key itself', async () => {
    const body = orderBody();
    expect((await h.api('POST', '/v1/orders', body, asKey('storefront'))).status).toBe(201);
    const path = `/v1/orders/${body.orderId}`;
    const event = { eventId: uniqueId('wms'), type: 'picking_started', occurredAt: new Date().toISOString() };
    expect((await h.api('POST', `${path}/fulfillment-events`, event, asKey('warehouse'))).status).toBe(200);
    const moved = { ...body.shippingAddress, city: 'Hamburg', postalCode: '20095' };
    // A `by` in the body is ignored: the key decides.
    expect((await h.api('PUT', `${path}/shipping-address`, { address: moved, by: 'someone-else' }, asKey('operator'))).status).toBe(200);
    const cancelled = await h.api<OrderView>('POST', `${path}/cancel`, { reason: 'customer request', by: 'someone-else' }, asKey('storefront'));
    expect(cancelled.status).toBe(200);

    const view = (await h.api<OrderView>('GET', path, undefined, asKey('operator'))).body;
    const by = Object.fromEntries(view.timeline.map((e) => [e.what.replace(/ to .*/, ''), e.by]));
    expect(by).toMatchObject({
      'Order confirmed': apiKeyId(TEST_KEYS.storefront),
      'Warehouse started picking': apiKeyId(TEST_KEYS.warehouse),
      'Shipping address changed': apiKeyId(TEST_KEYS.operator),
      'Order cancelled': apiKeyId(TEST_KEYS.storefront),
    });
    for (const key of Object.values(TEST_KEYS)) {
      expect(JSON.stringify(view)).not.toContain(key);
    }
  });

  it('records the operator key on a customs action taken for the customer, and refuses a storefront key', async () => {
    const j = journeys(h);
    const { parcel, shipmentId } = await j.shippedOrder();
    expect(await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'customs_duties_owed', description: 'Import VAT due' })])).toBe(202);
    await eventually(async () => expect((await j.getShipment(shipmentId)).cases).toHaveLength(1));
    const path = `/v1/shipments/${shipmentId}/customs-actions`;
    expect((await h.api('POST', path, { action: 'duties_paid' }, asKey('storefront'))).status).toBe(403);
    const acted = await h.api<ShipmentView>('POST', path, { action: 'duties_paid' }, asKey('operator'));
    expect(acted.status).toBe(200);
    expect(acted.body.cases[0]!.actions).toEqual([expect.objectContaining({ action: 'duties_paid', by: 'operator', keyId: apiKeyId(TEST_KEYS.operator) })]);
  });
});
