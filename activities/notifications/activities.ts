import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../lib/config';
import type { Orm } from '../../lib/database';
import { signLink } from '../../lib/signed-links';
import { Customer } from '../../entities';
import type { Partners } from '../adapters/partners';
import { renderNotification, type NotificationTemplate } from './templates';

export interface CustomerNotification {
  idempotencyKey: string;
  workflowId: string;
  customerId: string;
  orderId: string;
  template: NotificationTemplate;
  params: Record<string, string>;
  /** A signed link that lets the customer act (customs documents, duties, address, feedback) without logging in. */
  actionLink?: ActionLink;
}

/** What a customer's action link opens: a parcel's customs or address page, or a feedback or service question. */
export type ActionLink = { scope: 'customs' | 'address'; shipmentId: string } | { scope: 'feedback'; orderId: string } | { scope: 'service'; caseId: string };

/** The signed subject and the page a link opens (the token goes where `[token]` is). */
function actionTarget(link: ActionLink): { sub: string; path: string } {
  if (link.scope === 'feedback') return { sub: link.orderId, path: '/feedback/[token]' };
  if (link.scope === 'service') return { sub: link.caseId, path: '/feedback/[token]' };
  return { sub: link.shipmentId, path: `/shipments/${encodeURIComponent(link.shipmentId)}/${link.scope}?token=[token]` };
}

const TRACKING_LINK_DAYS = 90;
const ACTION_LINK_DAYS = 30;

export function createNotificationActivities({ orm, partners, config }: { orm: Orm; partners: Partners; config: Pick<Config, 'publicBaseUrl' | 'linkSigningKeys'> }) {
  return {
    /** Renders the message in the customer's locale and sends it on their channel, once per key. */
    async notifyCustomer(notification: CustomerNotification): Promise<{ channel: string; locale: string }> {
      const customer = await orm.em.fork().findOneOrFail(Customer, { id: notification.customerId });
      const channel = customer.preferredChannel;
      const to = channel === 'sms' ? customer.phone : channel === 'email' ? customer.email : customer.id;
      if (!to) {
        throw ApplicationFailure.create({ type: 'NoContactAddress', message: `customer ${customer.id} has no ${channel} address`, nonRetryable: true });
      }
      // Expiries count from when this step was first scheduled, so a retry signs the same tokens and sends the
      // identical message (HMAC is deterministic); the stored copy of the message keeps none of them.
      const issuedAt = Math.floor(Context.current().info.scheduledTimestampMs / 1000);
      const token = signLink({ scope: 'track', sub: notification.orderId, exp: issuedAt + TRACKING_LINK_DAYS * 86400 }, config.linkSigningKeys);
      const tokens = [token];
      const params: Record<string, string> = { orderId: notification.orderId, trackingUrl: `${config.publicBaseUrl}/track/${token}`, ...notification.params };
      if (notification.actionLink) {
        const { sub, path } = actionTarget(notification.actionLink);
        const actionToken = signLink({ scope: notification.actionLink.scope, sub, exp: issuedAt + ACTION_LINK_DAYS * 86400 }, config.linkSigningKeys);
        tokens.push(actionToken);
        params.actionUrl = `${config.publicBaseUrl}${path.replace('[token]', actionToken)}`;
      }
      const message = renderNotification(notification.template, customer.locale, params);
      await partners.sendMessage(notification.idempotencyKey, notification.workflowId, { channel, to, template: notification.template, ...message }, tokens);
      return { channel, locale: message.locale };
    },
  };
}

