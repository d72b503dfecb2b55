import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';
import type { PartnerEndpoint } from '../../lib/config';
import { PARTNER_REJECTED, isPermanent } from './gateway';

/** Reasons Stripe takes as `reason`; ours that are not (parcel_not_delivered, ...) travel in metadata. */
const stripeReasons = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

export interface RefundRequestBody {
  paymentId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  orderId: string;
}

/**
 * The payments partner speaks the real Stripe API through the official package: form-encoded requests, its
 * idempotencyKey option, `payment_intent` + `amount`. The base URL comes from configuration (PAYMENTS_BASE_URL),
 * so stripe-mock, a test double or Stripe itself answer. Unset: sandbox mode (no client).
 */
export function createStripeClient(endpoint: PartnerEndpoint): Stripe | undefined {
  if (!endpoint.baseUrl) return undefined;
  const url = new URL(endpoint.baseUrl);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return new Stripe(endpoint.apiKey, {
    host: url.hostname,
    port: url.port || (protocol === 'https' ? 443 : 80),
    protocol,
    // Retries belong to the activity (with the same idempotency key), not to the client.
    maxNetworkRetries: 0,
    timeout: 10_000,
    telemetry: false,
  });
}

/** The refund's parameters as Stripe takes them (what outbound_messages keeps as the request). */
export function refundParams(refund: RefundRequestBody): Stripe.RefundCreateParams {
  const known = (stripeReasons as readonly string[]).includes(refund.reason);
  return {
    payment_intent: refund.paymentId,
    amount: refund.amountMinor,
    ...(known && { reason: refund.reason as Stripe.RefundCreateParams.Reason }),
    metadata: { order_id: refund.orderId, ...(!known && { reason: refund.reason }) },
  };
}

/**
 * Creates the refund under the idempotency key. A permanent refusal (a 4xx other than 408/409/425/429: the card
 * is closed, the charge is already refunded) is the non-retryable PartnerRejected with Stripe's own words;
 * anything else is retried by the activity.
 */
export async function createStripeRefund(stripe: Stripe, idempotencyKey: string, params: Stripe.RefundCreateParams): Promise<Record<string, unknown>> {
  try {
    const refund = await stripe.refunds.create(params, { idempotencyKey });
    return { id: refund.id, object: refund.object, status: refund.status, amount: refund.amount };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError && error.statusCode !== undefined && isPermanent(error.statusCode)) {
      throw ApplicationFailure.create({
        type: PARTNER_REJECTED,
        message: `payments refused refund with HTTP ${error.statusCode}: ${error.message.slice(0, 300)}`,
        details: [{ type: error.type, code: error.code ?? null }],
        nonRetryable: true,
      });
    }
    const reason = error instanceof Stripe.errors.StripeError ? `${error.type}${error.statusCode ? ` HTTP ${error.statusCode}` : ''}` : String(error);
    throw new Error(`payments refund failed (${reason}); will retry`);
  }
}
