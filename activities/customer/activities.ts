import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../lib/config';
import type { Orm } from '../../lib/database';
import { signLink } from '../../lib/signed-links';
import { Customer, LoyaltyLedgerEntry, RfmBoundariesRecord } from '../../entities';
import type { CustomerEvent, MarketingChannel } from '../../workflows/customer/messages';
import { quintileCutoffs, recencyDays, type RfmBoundaries } from '../../workflows/customer/rfm';
import type { LoyaltyEntry } from '../../workflows/customer/state';
import type { Partners } from '../adapters/partners';
import { erasePersonalData, keptForAccounting } from './erasure';
import { recommendationsFor } from './recommendations';
import { tellCustomer } from './signal';
import { renderMarketing, type MarketingTemplate } from './templates';

export interface CustomerProjection {
  customerId: string;
  version: number;
  lastOrderAt?: string;
  deliveredOrders: number;
  monetaryMinor: number;
  segment: string;
  rfmScores?: string;
  loyaltyBalance: number;
  loyaltyTier: string;
  consent: Partial<Record<MarketingChannel, boolean>>;
  timeZone?: string;
}

export interface MarketingMessage {
  idempotencyKey: string;
  workflowId: string;
  customerId: string;
  template: MarketingTemplate;
  /** Channels the customer consented to, in the workflow's view; the preferred one goes first when consented. */
  channels: MarketingChannel[];
  orderId: string;
  sku?: string;
}

const UNSUBSCRIBE_LINK_DAYS = 365;

export function createCustomerActivities({ orm, partners, config }: { orm: Orm; partners: Partners; config: Pick<Config, 'publicBaseUrl' | 'linkSigningKeys' | 'policy' | 'temporal'> }) {
  return {
    /** Signal-with-start of `customer-<customerId>` from a workflow (the order hand-off, refunds, feedback, returns). */
    async signalCustomer(request: { customerId: string; event: CustomerEvent }): Promise<void> {
      await tellCustomer(Context.current().client, { taskQueue: config.temporal.taskQueue, policy: config.policy }, request.customerId, request.event);
    },

    /** Appends loyalty entries (each once, by key) and sets the balance projection to the ledger's sum. */
    async recordLoyalty(request: { customerId: string; entries: LoyaltyEntry[] }): Promise<{ balance: number }> {
      const em = orm.em.fork();
      for (const entry of request.entries) {
        await em.upsert(
          LoyaltyLedgerEntry,
          { idempotencyKey: entry.idempotencyKey, customerId: request.customerId, kind: entry.kind, points: entry.points, orderId: entry.orderId, occurredAt: new Date(entry.at), createdAt: new Date() },
          { onConflictFields: ['idempotencyKey'], onConflictAction: 'ignore' },
        );
      }
      const [row] = await em.getConnection().execute<{ balance: string | number | null }[]>('select sum(points) as balance from loyalty_ledger where customer_id = ?', [request.customerId]);
      const balance = Number(row?.balance ?? 0);
      await em.getConnection().execute('update customers set loyalty_balance = ? where id = ?', [balance, request.customerId]);
      return { balance };
    },

    /** The workflow's facts, segment, loyalty and consent in MySQL (a late, older projection is ignored). */
    async projectCustomer(p: CustomerProjection): Promise<void> {
      const em = orm.em.fork();
      await em.upsert(Customer, { id: p.customerId, consent: {}, createdAt: new Date(), updatedAt: new Date() }, { onConflictFields: ['id'], onConflictAction: 'ignore' });
      await em.nativeUpdate(
        Customer,
        { id: p.customerId, projectionVersion: { $lt: p.version } },
        {
          projectionVersion: p.version,
          lastOrderAt: p.lastOrderAt ? new Date(p.lastOrderAt) : undefined,
          deliveredOrders: p.deliveredOrders,
          monetaryMinor: p.monetaryMinor,
          segment: p.segment,
          rfmScores: p.rfmScores ?? null,
          loyaltyTier: p.loyaltyTier,
          consent: p.consent,
          timeZone: p.timeZone ?? null,
        } as Partial<Customer>,
      );
    },

    /** The newest RFM quintile boundaries, if the schedule has computed any. */
    async latestRfmBoundaries(): Promise<RfmBoundaries | undefined> {
      const [row] = await orm.em.fork().find(RfmBoundariesRecord, {}, { orderBy: { computedAt: 'desc', id: 'desc' }, limit: 1 });
      if (!row) return undefined;
      return { computedAt: row.computedAt.toISOString(), customers: row.customers, recencyDays: row.recencyDays, frequency: row.frequency, monetaryMinor: row.monetaryMinor };
    },

    /** Recomputes the quintile boundaries over every customer with an order (the daily schedule's one step). */
    async computeRfmBoundaries(): Promise<RfmBoundaries> {
      const em = orm.em.fork();
      const now = Date.now();
      const rows = await em.getConnection().execute<{ last_order_at: Date; delivered_orders: number; monetary_minor: string | number }[]>(
        'select last_order_at, delivered_orders, monetary_minor from customers where last_order_at is not null and erased_at is null',
      );
      const boundaries: RfmBoundaries = {
        computedAt: new Date(now).toISOString(),
        customers: rows.length,
        recencyDays: quintileCutoffs(rows.map((r) => recencyDays(new Date(r.last_order_at).toISOString(), now))),
        frequency: quintileCutoffs(rows.map((r) => Number(r.delivered_orders))),
        monetaryMinor: quintileCutoffs(rows.map((r) => Number(r.monetary_minor))),
      };
      em.create(RfmBoundariesRecord, { ...boundaries, computedAt: new Date(now) });
      await em.flush();
      return boundaries;
    },

    /**
     * One marketing message, sent once per key: recommendations from co-purchase counts (or best sellers), a
     * signed one-click unsubscribe link, and RFC 8058 List-Unsubscribe headers on email.
     */
    async sendMarketing(message: MarketingMessage): Promise<{ channel: string; recommendations: string[]; basis: string }> {
      const customer = await orm.em.fork().findOne(Customer, { id: message.customerId });
      const address = (channel: MarketingChannel) => (channel === 'email' ? customer?.email : channel === 'sms' ? customer?.phone : customer?.id);
      const preferred = customer && message.channels.includes(customer.preferredChannel) ? [customer.preferredChannel] : [];
      const channel = [...preferred, ...message.channels].find((c) => !!address(c));
      if (!customer || customer.erasedAt || !channel) {
        throw ApplicationFailure.create({ type: 'NoContactAddress', message: `customer ${message.customerId} has no address on a consented channel`, nonRetryable: true });
      }
      const policy = config.policy.customer;
      const recommended = await recommendationsFor(orm, message.customerId, policy);
      const issuedAt = Math.floor(Context.current().info.scheduledTimestampMs / 1000);
      const token = signLink({ scope: 'consent', sub: message.customerId, exp: issuedAt + UNSUBSCRIBE_LINK_DAYS * 86400 }, config.linkSigningKeys);
      const unsubscribeUrl = `${config.publicBaseUrl}/v1/customers/${encodeURIComponent(message.customerId)}/unsubscribe?token=${token}`;
      const rendered = renderMarketing(message.template, customer.locale, {
        orderId: message.orderId,
        sku: message.sku ?? '',
        recommendations: recommended.skus.join(', ') || '-',
        unsubscribeUrl: `${config.publicBaseUrl}/unsubscribe/${token}`,
      });
      const headers = channel === 'email' ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : undefined;
      await partners.sendMessage(message.idempotencyKey, message.workflowId, { channel, to: address(channel)!, template: message.template, ...rendered, headers }, [token]);
      return { channel, recommendations: recommended.skus, basis: recommended.basis };
    },

    async eraseCustomerData(request: { customerId: string }): Promise<{ erased: { what: string; records: number }[]; kept: string[] }> {
      return { erased: await erasePersonalData(orm, request.customerId), kept: keptForAccounting };
    },
  };
}
