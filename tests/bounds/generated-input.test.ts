import type { OpenAPIHono } from '@hono/zod-openapi';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { ZodType } from 'zod';
import { createApp } from '../../api/app';
import { parseCarrierUpdates } from '../../api/webhooks';
import { WebhookPayloadError } from '../../api/webhooks/types';
import { openDatabase } from '../../lib/database';
import { signLink } from '../../lib/signed-links';
import { createLogger } from '../../lib/logger';
import { limits } from '../../workflows/shared/limits';
import { createHarness, eventually, listWorkflows, TEST_API_KEY, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import {
  applyMutation, deeplyNested, deeplyNestedText, mutationsOf, names, offPattern, pathsOf, REMOVE, resolver, valueOf, type JsonSchema, type Mutation, type Path,
} from '../support/schema-fuzz';
import { signedHeaders, type WebhookProviderName } from '../support/webhooks';
import { aftershipCrossBorder, easypostDomestic, genericWebhook, shippoDomestic } from '../webhooks/fixtures';

/**
 * Thousands of generated bad requests to every operation of the OpenAPI document (so routes added later are
 * covered without touching this file) and to every signed webhook provider (correctly signed, bad content):
 * malformed, oversized, wrong-type, deeply nested and just-past-the-bound values, one fault per request. Each must
 * get a 4xx problem document naming the field at fault, never a 5xx, and change nothing: MySQL's tables keep their
 * checksums and row counts, and Temporal gets no new workflow and no new event in a running journey's history.
 * The test runs on a database of its own, so other test files writing at the same time cannot disturb the check.
 */
/** Generated requests for all operations together, shared out evenly (at least 60 each): routes added later keep the run near a minute. */
const RUNS_FOR_ALL_OPERATIONS = 2_600;
const RUNS_PER_PROVIDER = 300;

type Operation = { parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; security?: Record<string, string[]>[] };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } };
type RouteDefinition = { type: string; route?: { method: string; path: string; request?: { params?: ZodType; query?: ZodType; headers?: ZodType; body?: { content: Record<string, { schema: ZodType }> } } } };
type Sent = { what: string; status: number; body: { errors?: { field: string }[] } | undefined; contentType: string | null };

let h: Harness;
let app: ReturnType<typeof createApp>;
let doc: OpenApi;
let fuzzDatabase: string;
const sentinel = { orderId: '', shipmentId: '', carrier: 'dhl', trackingNumber: '' };
const before = { tables: '', histories: [] as number[], workflows: 0 };
const counts = { sent: 0, skipped: 0, byOperation: {} as Record<string, number> };
const failures: string[] = [];

beforeAll(async () => {
  const url = new URL(inject('databaseUrl'));
  fuzzDatabase = `${url.pathname.slice(1)}_fuzz`;
  url.pathname = `/${fuzzDatabase}`;
  await (await openDatabase(url.toString(), { migrate: true })).close();
  h = await createHarness(__filename, { env: { DATABASE_URL: url.toString(), CODEC_UI_TOKEN: 'fuzz-codec-ui-token-0123456789' } });
  app = createApp({ config: h.config, temporal: h.client, orm: h.orm, logger: createLogger('silent') });
  doc = (await (await app.request('/openapi.json')).json()) as OpenApi;

  // A journey in flight whose ids the generated requests use half of the time: bad input must not reach it.
  const shipped = await journeys(h).shippedOrder();
  Object.assign(sentinel, { orderId: shipped.orderId, shipmentId: shipped.shipmentId, trackingNumber: shipped.parcel.trackingNumber });
  before.histories = await eventually(async () => {
    const first = await historyLengths();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await historyLengths()).toEqual(first);
    return first;
  }, 60_000, 0);
  before.tables = await tableState();
  before.workflows = (await listWorkflows(h, `TaskQueue = "${h.taskQueue}"`)).length;
}, 240_000);

afterAll(async () => {
  await h?.orm.getSchemaGenerator().dropDatabase(fuzzDatabase).catch(() => undefined);
  await h?.close();
});

async function historyLengths(): Promise<number[]> {
  return Promise.all([`order-${sentinel.orderId}`, sentinel.shipmentId].map(async (id) => (await h.client.workflow.getHandle(id).fetchHistory()).events!.length));
}

/** Row count and checksum of every table, migrations included. */
async function tableState(): Promise<string> {
  const conn = h.orm.em.fork().getConnection();
  const tables = (await conn.execute<Record<string, string>[]>('show tables')).map((row) => Object.values(row)[0]!).sort();
  const sums = await conn.execute<{ Table: string; Checksum: number }[]>(`checksum table ${tables.map((t) => `\`${t}\``).join(', ')}`);
  const rows = await Promise.all(tables.map(async (t) => `${t}:${(await conn.execute<{ n: number }[]>(`select count(*) as n from \`${t}\``))[0]!.n}`));
  return JSON.stringify({ rows, sums: sums.map((s) => `${s.Table}:${s.Checksum}`) });
}

async function send(what: string, path: string, init: RequestInit): Promise<Sent> {
  const response = await app.request(path, init);
  const text = await response.text();
  let body: Sent['body'];
  try {
    body = text ? (JSON.parse(text) as Sent['body']) : undefined;
  } catch {
    body = undefined;
  }
  counts.sent += 1;
  return { what, status: response.status, body, contentType: response.headers.get('content-type') };
}

/**
 * A 4xx problem document whose `errors` name the field at fault (or the body, when a value made it larger than
 * the body limit: 413); anything else is recorded as a failure.
 */
function check(sent: Sent, fault: Path, also: (field: string) => boolean = () => false): void {
  const fields = (sent.body?.errors ?? []).map((e) => e.field);
  const named = fields.some((f) => names(f, fault) || also(f) || (sent.status === 413 && f === '(body)'));
  const ok = sent.status >= 400 && sent.status < 500 && sent.contentType?.startsWith('application/problem+json') && named;
  if (!ok && failures.length < 25) failures.push(`${sent.what} -> ${sent.status} ${JSON.stringify(sent.body).slice(0, 300)}`);
}

const routeDefinitions = () =>
  ((app as unknown as OpenAPIHono).openAPIRegistry.definitions as RouteDefinition[]).flatMap((d) => (d.type === 'route' && d.route ? [d.route] : []));

/** Every documented operation that takes input, except the signed webhook (fuzzed per provider below). */
function operations() {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => (op.parameters?.length || op.requestBody) && !op.security?.some((s) => 'WebhookSignature' in s))
      .map(([method, op]) => ({ method, path, op, zod: routeDefinitions().find((r) => r.method === method && r.path === path)?.request })),
  );
}

/**
 * Path parameters that are credentials stay valid, so the request reaches validation: the codec UI token, and the
 * signed feedback link (of the journey in flight). A new route with a token in its path needs its credential here.
 */
function fixedParams(path: string): Record<string, string> {
  if (path.startsWith('/codec/ui/')) return { token: h.config.codec.uiToken! };
  if (path.startsWith('/v1/feedback/{token}')) return { token: signLink({ scope: 'feedback', sub: sentinel.orderId, exp: Math.floor(Date.now() / 1000) + 3600 }, h.config.linkSigningKeys) };
  if (path.includes('{token}')) throw new Error(`${path}: add the credential its {token} path parameter needs to fixedParams`);
  return {};
}
const sampleParams = (): Record<string, string> => ({ orderId: sentinel.orderId, shipmentId: sentinel.shipmentId });

/** Mutations of one parameter's text (path, query or header values are strings). */
function parameterMutations(name: string, location: string, schema: JsonSchema): Mutation[] {
  const out: Mutation[] = [];
  const push = (value: string, kind: string) => out.push({ path: [name], value, kind: `${location} ${kind}` });
  if (schema.type === 'integer' || schema.type === 'number') {
    push('abc', 'not a number');
    if (schema.type === 'integer') push('1.5', 'not an integer');
    if (schema.maximum !== undefined) push(String(schema.maximum + 1), 'past maximum');
    if (schema.minimum !== undefined) push(String(schema.minimum - 1), 'past minimum');
  } else {
    if (schema.maxLength !== undefined) push('x'.repeat(schema.maxLength + 1), 'past maxLength');
    if (schema.minLength && location !== 'path') push('', 'past minLength');
    if (schema.enum) push('not_one_of_them', 'off enum');
    if (schema.pattern) {
      const off = offPattern(schema.pattern);
      if (off !== undefined && !(location === 'path' && (off === '' || off === '..' || off.includes('/')))) push(off, 'off pattern');
    }
  }
  return out;
}

describe('generated bad input changes nothing and is answered with a problem naming the field', () => {
  beforeEach(() => {
    failures.length = 0;
  });

  it('to every operation of the OpenAPI document', async () => {
    const resolve = resolver(doc.components.schemas);
    const ops = operations();
    expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual(expect.arrayContaining(['POST /v1/orders', 'POST /v1/orders/{orderId}/fulfillment-events', 'GET /v1/webhooks/unmatched']));
    const runsPerOperation = Math.max(60, Math.floor(RUNS_FOR_ALL_OPERATIONS / ops.length));
    for (const { method, path, op, zod } of ops) {
      const name = `${method.toUpperCase()} ${path}`;
      const params = (op.parameters ?? []).filter((p) => !(p.name in fixedParams(path)));
      const bodySchema = op.requestBody?.content['application/json']?.schema;
      const base = fc.record({
        path: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, p.name in sampleParams() ? fc.oneof(fc.constant(sampleParams()[p.name]!), valueOf(p.schema, resolve)) : valueOf(p.schema, resolve)]))),
        query: fc.record(Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, valueOf(p.schema, resolve).map(String)])), { requiredKeys: params.filter((p) => p.in === 'query' && p.required).map((p) => p.name) }),
        body: bodySchema ? valueOf(bodySchema, resolve) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(base, fc.nat(), async (input, pick) => {
          const valid = (schema: ZodType | undefined, value: unknown) => !schema || schema.safeParse(value).success;
          const bodyZod = zod?.body?.content['application/json']?.schema;
          fc.pre(valid(zod?.params, { ...input.path, ...fixedParams(path) }) && valid(zod?.query, input.query) && valid(bodyZod, input.body));
          // "." and ".." are path segments URLs resolve away: no request reaches the route with them.
          fc.pre(Object.values(input.path).every((v) => v !== '.' && v !== '..'));
          const candidates: ({ part: 'path' | 'query' | 'header' } & Mutation)[] = [
            ...params.flatMap((p) => parameterMutations(p.name, p.in, p.schema).map((m) => ({ ...m, part: p.in }))),
            ...(bodySchema ? mutationsOf(bodySchema, input.body, resolve).map((m) => ({ ...m, path: ['body', ...m.path], part: 'path' as const })) : []),
          ];
          fc.pre(candidates.length > 0);
          const mutation = candidates[pick % candidates.length]!;
          const pathValues: Record<string, string> = { ...(input.path as Record<string, string>), ...fixedParams(path) };
          const query = { ...input.query } as Record<string, string>;
          const headers: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json' };
          let body = input.body;
          let fault: Path = mutation.path;
          if (mutation.path[0] === 'body') {
            body = applyMutation(input.body, { ...mutation, path: mutation.path.slice(1) });
            fault = mutation.path.slice(1);
          } else if (mutation.part === 'query') query[String(mutation.path[0])] = String(mutation.value);
          else if (mutation.part === 'header') headers[String(mutation.path[0])] = String(mutation.value);
          else pathValues[String(mutation.path[0])] = String(mutation.value);
          const url = path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(pathValues[p] ?? 'x')) + (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
          const sent = await send(`${name} ${mutation.kind} at ${mutation.path.join('.') || '(root)'}: ${JSON.stringify(mutation.value === REMOVE ? '(removed)' : mutation.value)?.slice(0, 80)}`, url, {
            method: method.toUpperCase(),
            headers,
            body: method === 'get' ? undefined : JSON.stringify(body),
          });
          counts.byOperation[name] = (counts.byOperation[name] ?? 0) + 1;
          check(sent, fault);
        }),
        { numRuns: runsPerOperation, seed: 20261123, endOnFailure: true },
      );

      // Whole bodies that are not what the operation reads at all.
      if (bodySchema) {
        const url = path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(fixedParams(path)[p] ?? sampleParams()[p] ?? 'A1'));
        const whole = ['{"unterminated": ', 'null', '[]', '42', '"text"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, JSON.stringify({ padding: 'x'.repeat(h.config.bodyLimitBytes) })];
        for (const text of whole) {
          const sent = await send(`${name} whole body ${text.slice(0, 30)}`, url, { method: method.toUpperCase(), headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json' }, body: text });
          counts.byOperation[name] = (counts.byOperation[name] ?? 0) + 1;
          check(sent, []);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  const fixtures: Record<WebhookProviderName, (trackingNumber: string) => unknown> = {
    easypost: (tn) => ({ ...easypostDomestic, result: { ...easypostDomestic.result, tracking_code: tn } }),
    aftership: (tn) => ({ ...aftershipCrossBorder, msg: { ...aftershipCrossBorder.msg, tracking_number: tn } }),
    shippo: (tn) => ({ ...shippoDomestic, data: { ...shippoDomestic.data, tracking_number: tn } }),
    generic: (tn) => ({ ...genericWebhook, carrier: 'dhl', trackingNumber: tn }),
  };

  it.each(Object.keys(fixtures) as WebhookProviderName[])('to the %s webhook, correctly signed', async (provider) => {
    const kinds = (value: unknown): { value: unknown; kind: string }[] => [
      { value: typeof value === 'string' ? 12345 : 'text', kind: 'wrong type' },
      { value: Array.isArray(value) ? {} : [], kind: 'wrong type (container)' },
      { value: REMOVE, kind: 'removed' },
      { value: deeplyNested(limits.webhookDepth + 4), kind: 'nested too deep' },
      ...(Array.isArray(value) && value.length > 0 ? [{ value: Array.from({ length: limits.eventsPerWebhook + 1 }, (_, i) => ({ ...(value[0] as object), id: `copy-${i}`, object_id: `copy-${i}`, eventId: `copy-${i}` })), kind: 'too many items' }] : []),
    ];
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.nat(), async (useSentinel, pickPath, pickKind) => {
        const payload = fixtures[provider](useSentinel ? sentinel.trackingNumber : `FZ${pickPath}X${pickKind % 1000}`);
        const places = pathsOf(payload).filter((p) => p.path.length > 0);
        const place = places[pickPath % places.length]!;
        const options = kinds(place.value);
        const { value, kind } = options[pickKind % options.length]!;
        const body = JSON.stringify(applyMutation(payload, { path: place.path, value, kind }));
        try {
          parseCarrierUpdates(provider, body);
          counts.skipped += 1; // the change left the payload valid (a field we do not read): not bad input
          return;
        } catch (error) {
          if (!(error instanceof WebhookPayloadError)) throw error;
        }
        const sent = await send(`${provider} ${kind} at ${place.path.join('.')}`, `/v1/webhooks/carriers/${provider}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...signedHeaders(provider, h.config.webhookSecrets[provider], body) },
          body,
        });
        counts.byOperation[`webhook ${provider}`] = (counts.byOperation[`webhook ${provider}`] ?? 0) + 1;
        check(sent, place.path, (field) => (kind === 'nested too deep' && field === '(body)') || (kind === 'too many items' && field === 'events'));
      }),
      { numRuns: RUNS_PER_PROVIDER, seed: 20261123, endOnFailure: true },
    );
    for (const text of ['{"unterminated": ', '[]', 'null', deeplyNestedText(20_000)]) {
      const sent = await send(`${provider} whole body ${text.slice(0, 20)}`, `/v1/webhooks/carriers/${provider}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signedHeaders(provider, h.config.webhookSecrets[provider], text) },
        body: text,
      });
      check(sent, []);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('left MySQL and Temporal as they were', async () => {
    console.log(`[generated input] ${counts.sent} requests sent, ${counts.skipped} generated webhook changes left the payload valid and were not sent`, counts.byOperation);
    expect(counts.sent).toBeGreaterThan(3_000);
    expect(await tableState()).toBe(before.tables);
    expect(await historyLengths()).toEqual(before.histories);
    expect((await listWorkflows(h, `TaskQueue = "${h.taskQueue}"`)).length).toBe(before.workflows);
  });
});
