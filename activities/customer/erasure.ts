import type { EntityManager } from '@mikro-orm/mysql';
import type { Orm } from '../../lib/database';

/**
 * Right to erasure. Each eraser removes one kind of personal data of a customer and says how many records it
 * touched. Anonymized facts stay: order totals, items and destination country (accounting, tax), refunds, the
 * loyalty ledger (points, no personal data), carrier scorecards and product ratings (without the comment).
 * A lifecycle that stores more personal data (feedback comments, return notes) appends its eraser here.
 */
export interface PersonalDataEraser {
  what: string;
  erase(em: EntityManager, customer: { customerId: string; orderIds: string[]; workflowIds: string[] }): Promise<number>;
}

const inList = (values: string[]) => (values.length ? values.map(() => '?').join(',') : 'null');

export const personalDataErasers: PersonalDataEraser[] = [
  {
    what: 'contact details (email, phone, time zone, marketing consent)',
    async erase(em, { customerId }) {
      const result = await em.getConnection().execute(
        `update customers set email = null, phone = null, time_zone = null, consent = '{}', erased_at = coalesce(erased_at, ?) where id = ? and (email is not null or phone is not null or time_zone is not null or erased_at is null)`,
        [new Date(), customerId],
        'run',
      );
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
  },
  {
    what: 'shipping addresses (the destination country is kept for accounting)',
    async erase(em, { orderIds }) {
      if (!orderIds.length) return 0;
      const result = await em.getConnection().execute(
        `update orders set shipping_address = json_object('country', destination_country, 'erased', true) where id in (${inList(orderIds)}) and json_extract(shipping_address, '$.erased') is null`,
        orderIds,
        'run',
      );
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
  },
  {
    what: 'recipients and addresses in the outbound message log',
    async erase(em, { workflowIds }) {
      if (!workflowIds.length) return 0;
      const result = await em.getConnection().execute(
        `update outbound_messages
            set request = json_remove(json_set(request, '$.body.to', '[erased]'), '$.body.address')
          where workflow_id in (${inList(workflowIds)})
            and (json_extract(request, '$.body.address') is not null or (json_extract(request, '$.body.to') is not null and json_unquote(json_extract(request, '$.body.to')) <> '[erased]'))`,
        workflowIds,
        'run',
      );
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
  },
  {
    what: 'free-text feedback comments (the ratings stay)',
    async erase(em, { customerId }) {
      const result = await em.getConnection().execute('update feedback set comment = null where customer_id = ? and comment is not null', [customerId], 'run');
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
  },
  {
    what: 'free-text return comments (reasons and quantities stay)',
    async erase(em, { orderIds }) {
      if (!orderIds.length) return 0;
      const result = await em.getConnection().execute(`update return_items set comment = null where order_id in (${inList(orderIds)}) and comment is not null`, orderIds, 'run');
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
  },
];

export const keptForAccounting = [
  'orders: totals, items, currency and destination country',
  'payments and refunds',
  'the loyalty ledger (points only)',
  'anonymized facts for carrier scorecards and product ratings',
];

/** Runs every eraser in one transaction; repeating it touches nothing more (0 records). */
export async function erasePersonalData(orm: Orm, customerId: string): Promise<{ what: string; records: number }[]> {
  return orm.em.fork().transactional(async (em) => {
    const conn = em.getConnection();
    const orderIds = (await conn.execute<{ id: string }[]>('select id from orders where customer_id = ?', [customerId])).map((row) => row.id);
    const shipmentIds = orderIds.length ? (await conn.execute<{ id: string }[]>(`select id from shipments where order_id in (${inList(orderIds)})`, orderIds)).map((row) => row.id) : [];
    const rmaIds = (await conn.execute<{ rma_id: string }[]>('select rma_id from return_requests where customer_id = ?', [customerId])).map((row) => row.rma_id);
    const caseIds = (await conn.execute<{ id: string }[]>('select id from service_cases where customer_id = ?', [customerId])).map((row) => row.id);
    const workflowIds = [
      `customer-${customerId}`,
      ...orderIds.flatMap((id) => [`order-${id}`, `feedback-${id}`]),
      ...shipmentIds,
      ...rmaIds.map((id) => `return-${id}`),
      ...caseIds.map((id) => `service-${id}`),
    ];
    const erased = [];
    for (const eraser of personalDataErasers) erased.push({ what: eraser.what, records: await eraser.erase(em as EntityManager, { customerId, orderIds, workflowIds }) });
    return erased;
  });
}
