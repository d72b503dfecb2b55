import type { Config } from '../../lib/config';
import type { Orm } from '../../lib/database';
import { PartnerGateway } from './gateway';

/**
 * The outside partners, each an axios adapter over one PartnerGateway. Paths follow the partner's public API
 * shape (Stripe-style refunds, a generic notification provider, a WMS webhook, an inventory service).
 */
export function createPartners(orm: Orm, config: Pick<Config, 'partners'>) {
  const gateway = (name: keyof Config['partners']) => new PartnerGateway(orm, config.partners[name]);
  const payments = gateway('payments');
  const notifications = gateway('notifications');
  const warehouse = gateway('warehouse');
  const inventory = gateway('inventory');
  const opsAlerts = gateway('opsAlerts');

  return {
    refund: (key: string, workflowId: string, refund: { paymentId: string; amountMinor: number; currency: string; reason: string; orderId: string }) =>
      payments.call({
        partner: 'payments',
        kind: 'refund',
        idempotencyKey: key,
        workflowId,
        method: 'POST',
        path: '/v1/refunds',
        body: {
          payment_intent: refund.paymentId,
          amount: refund.amountMinor,
          currency: refund.currency.toLowerCase(),
          reason: refund.reason,
          metadata: { order_id: refund.orderId },
        },
      }),
    sendMessage: (key: string, workflowId: string, message: { channel: string; to: string; locale: string; template: string; subject: string; body: string }) =>
      notifications.call({ partner: 'notifications', kind: message.template, idempotencyKey: key, workflowId, method: 'POST', path: '/v1/messages', body: message }),
    tellWarehouse: (key: string, workflowId: string, orderId: string, kind: string, body: Record<string, unknown>) =>
      warehouse.call({ partner: 'warehouse', kind, idempotencyKey: key, workflowId, method: 'POST', path: `/v1/orders/${encodeURIComponent(orderId)}/${kind}`, body }),
    releaseReservation: (key: string, workflowId: string, orderId: string, items: { sku: string; quantity: number }[]) =>
      inventory.call({ partner: 'inventory', kind: 'release_reservation', idempotencyKey: key, workflowId, method: 'POST', path: '/v1/reservations/release', body: { order_id: orderId, items } }),
    alert: (key: string, workflowId: string, alert: { kind: string; summary: string; severity: 'warning' | 'critical' }) =>
      opsAlerts.call({ partner: 'ops_alerts', kind: alert.kind, idempotencyKey: key, workflowId, method: 'POST', path: '/v1/alerts', body: { ...alert, workflow_id: workflowId } }),
  };
}

export type Partners = ReturnType<typeof createPartners>;
