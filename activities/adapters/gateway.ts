import { ApplicationFailure } from '@temporalio/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type { Orm } from '../../lib/database';
import type { PartnerEndpoint } from '../../lib/config';
import { inSpan, SpanKind } from '../../lib/tracing';
import { OutboundMessage } from '../../entities';

export interface PartnerCall {
  partner: string;
  kind: string;
  /** Derived from the workflow id and the step: the same step always carries the same key. */
  idempotencyKey: string;
  workflowId?: string;
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  /**
   * Values in the body the partner must receive but outbound_messages must not keep (customer-link tokens):
   * the stored row has SECRET_MARKER in their place. A retry rebuilds them (the caller derives them
   * deterministically from the step), so the partner still receives the identical request.
   */
  secrets?: string[];
  /**
   * The partner's own client sends the request instead of the generic axios one (Stripe's official package).
   * It throws PartnerRejected for a permanent refusal and a plain Error for anything worth retrying.
   */
  send?: () => Promise<Record<string, unknown>>;
}

export const SECRET_MARKER = '[token]';

/** The body as outbound_messages keeps it: every secret replaced by SECRET_MARKER. */
export function storedBody(body: Record<string, unknown>, secrets: readonly string[] = []): Record<string, unknown> {
  const live = secrets.filter(Boolean);
  if (live.length === 0) return body;
  const json = live.reduce((text, secret) => text.split(secret).join(SECRET_MARKER), JSON.stringify(body));
  return JSON.parse(json) as Record<string, unknown>;
}

export interface PartnerResult {
  status: 'sent' | 'sandbox';
  response: Record<string, unknown>;
  /** True when an earlier attempt already completed this call and nothing was sent now. */
  replayed: boolean;
}

/** A partner refused the request for good (4xx other than 408/409/429): retrying cannot help. */
export const PARTNER_REJECTED = 'PartnerRejected';

/**
 * Every outbound partner call goes through here. The call is recorded in outbound_messages under its
 * idempotency key before it is sent and marked complete after; a retried activity that finds a completed row
 * returns the stored response instead of calling again. The key also travels as the Idempotency-Key header, so
 * a crash between the partner's answer and our row update is deduplicated by the partner.
 * With no base URL configured the partner is in sandbox mode: the call is recorded, not sent.
 */
export class PartnerGateway {
  private readonly http: AxiosInstance;

  constructor(
    private readonly orm: Orm,
    private readonly endpoint: PartnerEndpoint,
    timeoutMs = 10_000,
  ) {
    this.http = axios.create({
      baseURL: endpoint.baseUrl,
      timeout: timeoutMs,
      headers: { Authorization: `Bearer ${endpoint.apiKey}`, 'Content-Type': 'application/json' },
    });
  }

  async call(request: PartnerCall): Promise<PartnerResult> {
    let call = request;
    const em = this.orm.em.fork();
    let row = await em.findOne(OutboundMessage, { idempotencyKey: call.idempotencyKey });
    if (row && row.status !== 'pending') {
      return { status: row.status, response: row.response ?? {}, replayed: true };
    }
    if (!row) {
      row = em.create(OutboundMessage, {
        idempotencyKey: call.idempotencyKey,
        partner: call.partner,
        kind: call.kind,
        workflowId: call.workflowId,
        request: { method: call.method, path: call.path, body: storedBody(call.body, call.secrets) },
      });
      try {
        await em.flush();
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        throw new Error(`Concurrent attempt holds ${call.idempotencyKey}; retrying`);
      }
    }
    row.attempts += 1;
    // A retry sends the request as first recorded, even if what it was built from changed meanwhile (a
    // customer's address or locale): a partner that checks idempotency keys refuses a different body, and a
    // plain one would act on two versions of the same step.
    call = { ...call, body: asRecorded(row.request, call) };
    if (!this.endpoint.baseUrl) {
      row.status = 'sandbox';
      row.response = { sandbox: true, wouldHaveSent: `${call.method} ${call.path}` };
    } else {
      await em.flush(); // the attempt is on record before the partner sees it
      row.response = await this.send(call);
      row.status = 'sent';
    }
    row.completedAt = new Date();
    await em.flush();
    return { status: row.status, response: row.response, replayed: false };
  }

  /** A read-only look-up (no side effect at the partner, so no idempotency record). Sandbox answers undefined. */
  async lookup(path: string): Promise<Record<string, unknown> | undefined> {
    if (!this.endpoint.baseUrl) return undefined;
    try {
      return await inSpan('GET carriers/lookup', SpanKind.CLIENT, { 'http.request.method': 'GET', 'url.path': path }, async (headers) =>
        (await this.http.get(path, { headers })).data as Record<string, unknown>);
    } catch (error) {
      if (isAxiosError(error) && error.response?.status === 404) return undefined;
      throw new Error(`look-up ${path} failed (${isAxiosError(error) ? error.code ?? error.message : String(error)}); will retry`);
    }
  }

  private async send(call: PartnerCall): Promise<Record<string, unknown>> {
    try {
      // A client span per partner call; its traceparent header carries the journey's trace to the partner.
      const attributes = { 'aftercart.partner': call.partner, 'aftercart.kind': call.kind, 'http.request.method': call.method, 'url.path': call.path };
      return await inSpan(`${call.method} ${call.partner}/${call.kind}`, SpanKind.CLIENT, attributes, async (headers) => {
        if (call.send) return call.send();
        const response = await this.http.request({ method: call.method, url: call.path, data: call.body, headers: { ...headers, 'Idempotency-Key': call.idempotencyKey } });
        return (response.data ?? {}) as Record<string, unknown>;
      });
    } catch (error) {
      // The partner's own client already told a refusal (PartnerRejected) from a failure worth retrying.
      if (error instanceof ApplicationFailure || call.send) throw error;
      if (isAxiosError(error) && error.response && isPermanent(error.response.status)) {
        throw ApplicationFailure.create({
          type: PARTNER_REJECTED,
          message: `${call.partner} refused ${call.kind} with HTTP ${error.response.status}${partnerMessage(error.response.data)}`,
          details: [error.response.data],
          nonRetryable: true,
        });
      }
      const reason = isAxiosError(error) ? (error.response ? `HTTP ${error.response.status}` : error.code ?? error.message) : String(error);
      throw new Error(`${call.partner} ${call.kind} failed (${reason}); will retry`);
    }
  }
}

/**
 * The body of the first attempt, from its outbound_messages row. Secrets are not stored, so they are put back
 * where the row has SECRET_MARKER, in the order they appear in this attempt's body (the same step signs the same
 * links, in the same places).
 */
function asRecorded(recorded: Record<string, unknown>, call: PartnerCall): Record<string, unknown> {
  const stored = recorded.body as Record<string, unknown> | undefined;
  if (!stored) return call.body;
  const json = JSON.stringify(call.body);
  const secrets = (call.secrets ?? []).filter(Boolean);
  const occurrences = secrets.flatMap((secret) => [...json.matchAll(new RegExp(escapeRegExp(secret), 'g'))].map((m) => ({ at: m.index, secret }))).sort((a, b) => a.at - b.at);
  const parts = JSON.stringify(stored).split(SECRET_MARKER);
  if (parts.length - 1 !== occurrences.length) return call.body; // the secrets no longer fit the stored request
  return JSON.parse(parts.reduce((text, part, i) => text + occurrences[i - 1]!.secret + part)) as Record<string, unknown>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A refusal retrying cannot change: any 4xx except timeouts, conflicts, too-early and rate limits. */
export function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && ![408, 409, 425, 429].includes(status);
}

/** The partner's own words about a refusal (Stripe-style `{ error: { message } }`, or `{ message }`), briefly. */
function partnerMessage(body: unknown): string {
  const record = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined);
  const message = record(record(body)?.error)?.message ?? record(body)?.message;
  return typeof message === 'string' && message ? `: ${message.slice(0, 300)}` : '';
}
