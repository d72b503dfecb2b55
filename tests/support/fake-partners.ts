import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One local HTTP server standing in for every outside partner (payments, notifications, warehouse, inventory,
 * ops alerts; payments on a port of its own, Stripe-shaped and form-encoded, for the official stripe client), so
 * the real adapters are exercised. Like Stripe, it honours Idempotency-Key: a repeated
 * key returns the first response and has no second effect. Tests read what arrived and what took effect.
 */
export interface ReceivedCall {
  partner: string;
  method: string;
  path: string;
  idempotencyKey?: string;
  authorization?: string;
  /** W3C trace context the caller sent (when tracing is on). */
  traceparent?: string;
  body: Record<string, unknown>;
}

export class FakePartners {
  readonly received: ReceivedCall[] = [];
  /** One entry per distinct idempotency key: the calls that had an effect. */
  readonly effects = new Map<string, ReceivedCall & { response: Record<string, unknown> }>();
  private server?: Server;
  private stripeServer?: Server;
  private failures: { partner: string; status: number; remaining: number; message: string }[] = [];
  private held = new Set<string>();
  /** What the fake carrier API answers to a tracking look-up, by `<carrier>/<trackingNumber>`. */
  readonly trackers = new Map<string, Record<string, unknown>[]>();
  private heldResponses: (() => void)[] = [];
  /** Tracking numbers the next return labels get, in turn (a carrier recycling a number); else a fresh one. */
  private labelNumbers: string[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Stripe's client has no base path: the payments partner (Stripe-shaped, form-encoded) gets a port of its own.
    this.stripeServer = createServer((req, res) => void this.handle(req, res, 'payments'));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => this.stripeServer!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.release();
    for (const server of [this.server, this.stripeServer]) {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
    }
  }

  /** Partner base URLs for the configuration. */
  env(base: string): Record<string, string> {
    return {
      PAYMENTS_BASE_URL: `http://127.0.0.1:${(this.stripeServer!.address() as AddressInfo).port}`,
      NOTIFICATIONS_BASE_URL: `${base}/notifications`,
      WAREHOUSE_BASE_URL: `${base}/warehouse`,
      INVENTORY_BASE_URL: `${base}/inventory`,
      OPS_ALERTS_BASE_URL: `${base}/ops`,
      CARRIERS_BASE_URL: `${base}/carriers`,
      HELPDESK_BASE_URL: `${base}/helpdesk`,
    };
  }

  /** The next `times` calls to the partner answer with `status` (and `message` as a Stripe-style error). */
  failNext(partner: string, status: number, times = 1, message = 'injected failure'): void {
    this.failures.push({ partner, status, remaining: times, message });
  }

  /** Calls to the partner take effect but get no answer until release() (a crash or timeout mid-call). */
  hold(partner: string): void {
    this.held.add(partner);
  }

  /** The next return label the fake carrier issues gets this tracking number. */
  nextLabelNumber(trackingNumber: string): void {
    this.labelNumbers.push(trackingNumber);
  }

  release(): void {
    this.held.clear();
    for (const respond of this.heldResponses.splice(0)) respond();
  }

  calls(partner: string, filter: (call: ReceivedCall) => boolean = () => true): ReceivedCall[] {
    return this.received.filter((call) => call.partner === partner && filter(call));
  }

  effectsOf(partner: string): (ReceivedCall & { response: Record<string, unknown> })[] {
    return [...this.effects.values()].filter((call) => call.partner === partner);
  }

  /** The refunds the payments provider carried out for one order (Stripe's metadata[order_id]). */
  refundsFor(orderId: string) {
    return this.effectsOf('payments').filter((call) => (call.body.metadata as { order_id?: string } | undefined)?.order_id === orderId);
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse, only?: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const [, first = '', ...rest] = (req.url ?? '/').split('/');
    const partner = only ?? first;
    const raw = Buffer.concat(chunks).toString('utf8');
    const call: ReceivedCall = {
      partner,
      method: req.method ?? 'GET',
      path: only ? (req.url ?? '/') : `/${rest.join('/')}`,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      authorization: req.headers.authorization,
      traceparent: req.headers.traceparent as string | undefined,
      body: !raw ? {} : String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded') ? formBody(raw) : (JSON.parse(raw) as Record<string, unknown>),
    };
    this.received.push(call);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (call.method === 'GET') {
      const events = partner === 'carriers' ? this.trackers.get(call.path.replace('/v1/trackers/', '')) : undefined;
      return events ? reply(200, { events }) : reply(404, { error: { message: 'unknown tracker' } });
    }
    const failure = this.failures.find((f) => f.partner === partner && f.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      return reply(failure.status, { error: { message: failure.message } });
    }
    const key = call.idempotencyKey ?? `no-key-${this.received.length}`;
    let effect = this.effects.get(key);
    if (!effect) {
      effect = { ...call, response: this.responseFor(call) };
      this.effects.set(key, effect);
    }
    const response = effect.response;
    if (this.held.has(partner)) {
      this.heldResponses.push(() => reply(200, response));
      return;
    }
    reply(200, response);
  }

  private responseFor(call: ReceivedCall): Record<string, unknown> {
    const n = this.effects.size + 1;
    if (call.partner === 'payments') return { id: `re_${n}`, object: 'refund', status: 'succeeded', amount: call.body.amount };
    if (call.partner === 'notifications') return { id: `msg_${n}`, status: 'queued' };
    if (call.partner === 'helpdesk') return { ticket: { id: `T-${n}`, status: 'new' } };
    if (call.partner === 'carriers' && call.path === '/v1/return-labels') {
      // Unique across runs unless a test chose it: the return parcel's workflow id is shipment-<carrier>-<trackingNumber>.
      const trackingNumber = this.labelNumbers.shift() ?? `RT${Date.now().toString(36).toUpperCase()}${n}`;
      return { id: `lbl_${n}`, carrier: 'dhl', tracking_number: trackingNumber, label_url: `https://labels.example/${trackingNumber}.pdf` };
    }
    return { id: `${call.partner}_${n}`, ok: true };
  }
}

/** A Stripe-style form body (`amount=3399&metadata[order_id]=A1`) as an object; `amount` as a number. */
function formBody(raw: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const nested = /^(\w+)\[(\w+)\]$/.exec(key);
    if (nested) ((body[nested[1]] ??= {}) as Record<string, unknown>)[nested[2]] = value;
    else body[key] = key === 'amount' ? Number(value) : value;
  }
  return body;
}
