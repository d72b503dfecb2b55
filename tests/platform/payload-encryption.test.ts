import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTemporal } from '../../lib/temporal-server';
import { EncryptionCodec, ENCRYPTED_ENCODING, parsePayloadKeys, UnknownPayloadKeyError } from '../../lib/payload-codec';
import { createHarness, eventually, TEST_PAYLOAD_CODEC_KEYS, uniqueId, type Harness } from '../support/harness';
import { orderBody } from '../support/orders';
import { freePort } from '../support/ports';

type History = temporal.api.history.v1.IHistory;
const UI_TOKEN = 'ui-token-for-tests-0123456789abcdef';
const UI_ORIGIN = 'http://localhost:8233';

let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, { env: { CODEC_UI_TOKEN: UI_TOKEN } });
});
afterAll(() => h?.close());

const keys = parsePayloadKeys(TEST_PAYLOAD_CODEC_KEYS);
const [k1, k0] = keys;
const plain = (value: unknown) => defaultPayloadConverter.toPayload(value);
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? []).toString('utf8');

describe('the payload codec', () => {
  it('seals each payload with a fresh IV and names the key that did it', async () => {
    const codec = new EncryptionCodec(keys);
    const [a, b] = await codec.encode([plain({ email: 'ada@example.com' }), plain({ email: 'ada@example.com' })]);
    expect(text(a.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(a.metadata?.['encryption-key-id'])).toBe('k1');
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
    expect(text(a.data)).not.toContain('ada@example.com');
    const [decoded] = await codec.decode([a]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ email: 'ada@example.com' });
  });

  it('rotates: what the old key sealed still opens after a new key takes over, and a dropped key is named', async () => {
    const [sealedByOld] = await new EncryptionCodec([k0]).encode([plain('sealed by k0')]);
    const [opened] = await new EncryptionCodec([k1, k0]).decode([sealedByOld]);
    expect(defaultPayloadConverter.fromPayload(opened)).toBe('sealed by k0');
    await expect(new EncryptionCodec([k1]).decode([sealedByOld])).rejects.toBeInstanceOf(UnknownPayloadKeyError);
  });

  it('refuses an altered payload and passes a never-encrypted one through', async () => {
    const codec = new EncryptionCodec(keys);
    const [sealed] = await codec.encode([plain('hello')]);
    const altered: Payload = { ...sealed, data: Buffer.from(sealed.data!).map((byte, i) => (i === 20 ? byte ^ 1 : byte)) };
    await expect(codec.decode([altered])).rejects.toThrow();
    const relabelled: Payload = { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-id': Buffer.from('k0') } };
    await expect(codec.decode([relabelled])).rejects.toThrow();
    const old = plain({ from: 'a history recorded before the codec' });
    expect(await codec.decode([old])).toEqual([old]);
  });

  it('rejects keys that are not 32 bytes of base64, naming the key', () => {
    expect(() => parsePayloadKeys('k1:c2hvcnQ=')).toThrow(/k1.*32/);
    expect(() => parsePayloadKeys(`k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32).toString('base64')}`)).toThrow(/twice/);
  });
});

/** Starts an order whose customer details are unique to this run, and waits until activities have run on them. */
async function startOrderWithPersonalData() {
  const marker = uniqueId('pii').replace('-', '');
  const body = orderBody({
    customer: { id: uniqueId('cus'), email: `grace.${marker}@example.com`, locale: 'en', channel: 'email' },
    shippingAddress: { name: `Grace ${marker}`, line1: `${marker} Harbour Street 7`, city: 'Berlin', postalCode: '10117', country: 'DE' },
  });
  expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
  const handle = h.client.workflow.getHandle(`order-${body.orderId}`);
  const history = await eventually(async () => {
    const fetched = await handle.fetchHistory();
    expect(fetched.events?.some((e) => e.activityTaskCompletedEventAttributes)).toBe(true);
    return fetched;
  });
  return { body, marker, history };
}

const payloadsIn = (history: History, pick: (e: temporal.api.history.v1.IHistoryEvent) => temporal.api.common.v1.IPayloads | null | undefined) =>
  (history.events ?? []).flatMap((e) => (pick(e)?.payloads ?? []) as Payload[]);

describe('personal data in Temporal', () => {
  it('leaves no email, name or address in the history a codec-less client reads, and the codec reads the order back', async () => {
    const { body, marker, history } = await startOrderWithPersonalData();
    const bare = new Client({ connection: h.client.connection, namespace: h.config.temporal.namespace });
    const raw = await bare.workflow.getHandle(`order-${body.orderId}`).fetchHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(raw).finish()).toString('latin1');
    expect(bytes).not.toContain(marker);
    expect(bytes).not.toContain(body.customer.email);
    expect(bytes).not.toContain(body.shippingAddress.line1);

    const [input] = payloadsIn(history, (e) => e.workflowExecutionStartedEventAttributes?.input);
    expect(text(input.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    const [decoded] = await new EncryptionCodec(keys).decode([input]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toMatchObject({ orderId: body.orderId, customer: { email: body.customer.email }, shippingAddress: body.shippingAddress });
  });

  it('the codec endpoint decodes what the worker encoded, for an operator with an API key', async () => {
    const { body, history } = await startOrderWithPersonalData();
    const scheduled = payloadsIn(history, (e) => e.activityTaskScheduledEventAttributes?.input);
    expect(scheduled.length).toBeGreaterThan(0);
    const asJson = scheduled.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
    const response = await h.api<{ payloads: { metadata: Record<string, string>; data: string }[] }>('POST', '/codec/decode', { payloads: asJson }, { 'X-Namespace': 'default' });
    expect(response.status).toBe(200);
    const decoded = response.body.payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');
    expect(decoded).toContain(body.customer.email);
    expect(Buffer.from(response.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
  });

  it('encodes and decodes through the endpoint, and refuses a payload sealed with an unknown key with 422', async () => {
    const payload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') };
    const encoded = await h.api<{ payloads: typeof payload[] }>('POST', '/codec/encode', { payloads: [payload] });
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const decoded = await h.api<{ payloads: typeof payload[] }>('POST', '/codec/decode', encoded.body);
    expect(decoded.body.payloads[0].data).toBe(payload.data);

    const [foreign] = await new EncryptionCodec(parsePayloadKeys(`other:${Buffer.alloc(32, 9).toString('base64')}`)).encode([plain('x')]);
    const refused = await h.api('POST', '/codec/decode', {
      payloads: [{ metadata: Object.fromEntries(Object.entries(foreign.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(foreign.data!).toString('base64') }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('other');
  });

  it('refuses callers without an API key or with a wrong UI token', async () => {
    const bodyJson = JSON.stringify({ payloads: [] });
    const anonymous = await h.request('/codec/decode', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bodyJson });
    expect(anonymous.status).toBe(401);
    const wrongKey = await h.request('/codec/decode', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer nope' }, body: bodyJson });
    expect(wrongKey.status).toBe(401);
    const wrongToken = await h.request('/codec/ui/not-the-token/decode', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bodyJson });
    expect(wrongToken.status).toBe(401);
    const uiPath = await h.request(`/codec/ui/${UI_TOKEN}/decode`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: UI_ORIGIN }, body: bodyJson });
    expect(uiPath.status).toBe(200);
    expect(uiPath.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  });

  it("answers the Temporal UI's CORS preflight for its origin only", async () => {
    const preflight = (origin: string) =>
      h.request('/codec/decode', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace,authorization' },
      });
    const allowed = await preflight(UI_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // The key still decides: a preflight is no way in.
    expect((await h.request('/codec/decode', { method: 'POST', headers: { Origin: UI_ORIGIN, 'Content-Type': 'application/json' }, body: '{"payloads":[]}' })).status).toBe(401);
  });
});

describe('the embedded dev server UI', () => {
  it('is started with the codec endpoint, so its Web UI decodes through the API', async () => {
    const uiPort = await freePort();
    const endpoint = `http://localhost:3999/codec/ui/${UI_TOKEN}`;
    const server = await startEmbeddedTemporal({ cliPath: process.env.TEMPORAL_CLI_PATH, namespace: 'default', port: await freePort(), uiPort, uiCodecEndpoint: endpoint, say: () => undefined });
    try {
      const settings = await eventually(async () => {
        const response = await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`);
        expect(response.status).toBe(200);
        return (await response.json()) as { Codec?: { Endpoint?: string } };
      });
      expect(settings.Codec?.Endpoint).toBe(endpoint);
    } finally {
      await server.stop();
    }
  });
});
