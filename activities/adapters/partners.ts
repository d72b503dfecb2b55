import type { Config } from '../../lib/config';
import type { Orm } from '../../lib/database';
import { PartnerGateway } from './gateway';
import { createStripeClient, createStripeRefund, refundParams, type RefundRequestBody } from './stripe';

/**
 * The outside partners, each an axios adapter over one PartnerGateway. Paths follow the partner's public API
 * shape (Stripe refunds through its official package, a generic notification provider, a WMS webhook, an inventory service).
 */
export function createPartners(orm: Orm, config: Pick<Config, 'partners'>) {
  const gateway = (name: keyof Config['partners']) => new PartnerGateway(orm, config.partners[name]);
  const payments = gateway('payments');
  const stripe = createStripeClient(config.partners.payments);
  const notifications = gateway('notifications');
  const warehouse = gateway('warehouse');
  const inventory = gateway('inventory');
  const opsAlerts = gateway('opsAlerts');
  const carriers = gateway('carriers');
  const helpdesk = gateway('helpdesk');
  const carrierCall = (key: string, workflowId: string, kind: string, path: string, body: Record<string, unknown>) =>
    carriers.call({ partner: 'carriers', kind, idempotencyKey: key, workflowId, method: 'POST', path, body });

  return {
    /** A refund through Stripe's official client (form-encoded, idempotencyKey), recorded by the gateway. */
    refund: (key: string, workflowId: string, refund: RefundRequestBody) => {
      const params = refundParams(refund);
      return payments.call({
        partner: 'payments',
        kind: 'refund',
        idempotencyKey: key,
        workflowId,
        method: 'POST',
        path: '/v1/refunds',
        body: params as Record<string, unknown>,
        send: stripe && (() => createStripeRefund(stripe, key, params)),
      });
    },
    /** `secrets`: link tokens in the message, kept out of outbound_messages (see PartnerCall.secrets). `headers`: email headers (List-Unsubscribe on marketing). */
    sendMessage: (key: string, workflowId: string, message: { channel: string; to: string; locale: string; template: string; subject: string; body: string; headers?: Record<string, string> }, secrets: string[] = []) =>
      notifications.call({ partner: 'notifications', kind: message.template, idempotencyKey: key, workflowId, method: 'POST', path: '/v1/messages', body: message, secrets }),
    tellWarehouse: (key: string, workflowId: string, orderId: string, kind: string, body: Record<string, unknown>) =>
      warehouse.call({ partner: 'warehouse', kind, idempotencyKey: key, workflowId, method: 'POST', path: `/v1/orders/${encodeURIComponent(orderId)}/${kind}`, body }),
    releaseReservation: (key: string, workflowId: string, orderId: string, items: { sku: string; quantity: number }[]) =>
      inventory.call({ partner: 'inventory', kind: 'release_reservation', idempotencyKey: key, workflowId, method: 'POST', path: '/v1/reservations/release', body: { order_id: orderId, items } }),
    fileClaim: (key: string, workflowId: string, claim: { carrier: string; trackingNumber: string; kind: string; items: { sku: string; quantity: number }[] }) =>
      carrierCall(key, workflowId, 'claim', '/v1/claims', { carrier: claim.carrier, tracking_number: claim.trackingNumber, type: claim.kind, items: claim.items }),
    requestRedirect: (key: string, workflowId: string, redirect: { carrier: string; trackingNumber: string; to: 'pickup_point' | 'address' | 'sender'; address?: Record<string, unknown> }) =>
      carrierCall(key, workflowId, 'redirect', '/v1/redirects', { carrier: redirect.carrier, tracking_number: redirect.trackingNumber, to: redirect.to, address: redirect.address }),
    tellCustomsBroker: (key: string, workflowId: string, message: { carrier: string; trackingNumber: string; action: string }) =>
      carrierCall(key, workflowId, `customs_${message.action}`, '/v1/customs/actions', { carrier: message.carrier, tracking_number: message.trackingNumber, action: message.action }),
    /** The polling fallback: what the carrier knows about a parcel right now (normalized by the carrier API). */
    lookupTracking: (carrier: string, trackingNumber: string) => carriers.lookup(`/v1/trackers/${encodeURIComponent(carrier)}/${encodeURIComponent(trackingNumber)}`),
    /** A helpdesk ticket (Zendesk-style `{ticket: {...}}`); `external_id` names our case so the helpdesk can report back. */
    openTicket: (key: string, workflowId: string, ticket: { subject: string; description: string; requesterId: string; externalId: string; priority: 'normal' | 'high'; tags: string[] }) =>
      helpdesk.call({
        partner: 'helpdesk',
        kind: 'ticket',
        idempotencyKey: key,
        workflowId,
        method: 'POST',
        path: '/v1/tickets',
        body: { ticket: { subject: ticket.subject, comment: { body: ticket.description }, requester_id: ticket.requesterId, external_id: ticket.externalId, priority: ticket.priority, tags: ticket.tags } },
      }),
    /** A prepaid return label: the carrier answers with its tracking number and the label's URL. */
    createReturnLabel: (key: string, workflowId: string, label: { rmaId: string; orderId: string; fromCountry: string; items: { sku: string; quantity: number }[] }) =>
      carrierCall(key, workflowId, 'return_label', '/v1/return-labels', { rma_id: label.rmaId, order_id: label.orderId, from_country: label.fromCountry, items: label.items }),
    /** Procurement: one request to replenish a sku that reached its reorder point (served by the inventory service). */
    requestReplenishment: (key: string, workflowId: string, request: { sku: string; quantity: number; available: number; reorderPoint: number }) =>
      inventory.call({ partner: 'inventory', kind: 'replenishment', idempotencyKey: key, workflowId, method: 'POST', path: '/v1/replenishment-requests', body: { sku: request.sku, quantity: request.quantity, available: request.available, reorder_point: request.reorderPoint } }),
    alert: (key: string, workflowId: string, alert: { kind: string; summary: string; severity: 'warning' | 'critical' }) =>
      opsAlerts.call({ partner: 'ops_alerts', kind: alert.kind, idempotencyKey: key, workflowId, method: 'POST', path: '/v1/alerts', body: { ...alert, workflow_id: workflowId } }),
  };
}

export type Partners = ReturnType<typeof createPartners>;
