import { msToNumber } from '@temporalio/common/lib/time';
import type { Orm } from '../../lib/database';
import type { CustomerPolicy } from '../../workflows/customer/policy';

export type Recommended = { skus: string[]; basis: 'co_purchase' | 'best_sellers' };

/**
 * What we recommend to a customer under the customer policy (`customer.recommendations` products, best sellers of
 * the last `customer.bestSellerWindow`): the one entry point of marketing messages and the tracking page.
 */
export function recommendationsFor(orm: Orm, customerId: string, policy: Pick<CustomerPolicy, 'recommendations' | 'bestSellerWindow'>, now = Date.now()): Promise<Recommended> {
  return recommendFor(orm, customerId, policy.recommendations, new Date(now - msToNumber(policy.bestSellerWindow as never)));
}

/**
 * "Frequently bought together": the SKUs most often in the same order as the customer's own SKUs, counted over
 * every order in MySQL (distinct orders), excluding what the customer already bought. A customer without history
 * (or whose SKUs were never bought with anything else) gets the recent best sellers instead.
 */
export async function recommendFor(orm: Orm, customerId: string, limit: number, bestSellerSince: Date): Promise<Recommended> {
  const conn = orm.em.fork().getConnection();
  const own = (await conn.execute<{ sku: string }[]>(
    'select distinct i.sku from order_items i join orders o on o.id = i.order_id where o.customer_id = ?',
    [customerId],
  )).map((row) => row.sku);
  if (own.length > 0) {
    const marks = own.map(() => '?').join(',');
    const together = await conn.execute<{ sku: string; orders: number }[]>(
      `select b.sku, count(distinct b.order_id) as orders
         from order_items a join order_items b on b.order_id = a.order_id and b.sku <> a.sku
        where a.sku in (${marks}) and b.sku not in (${marks})
        group by b.sku order by orders desc, b.sku asc limit ${Number(limit)}`,
      [...own, ...own],
    );
    if (together.length > 0) return { skus: together.map((row) => row.sku), basis: 'co_purchase' };
  }
  const marks = own.length ? `and i.sku not in (${own.map(() => '?').join(',')})` : '';
  const best = await conn.execute<{ sku: string; units: number }[]>(
    `select i.sku, sum(i.quantity) as units from order_items i join orders o on o.id = i.order_id
      where o.created_at >= ? and o.stage <> 'cancelled' ${marks}
      group by i.sku order by units desc, i.sku asc limit ${Number(limit)}`,
    [bestSellerSince, ...own],
  );
  return { skus: best.map((row) => row.sku), basis: 'best_sellers' };
}
