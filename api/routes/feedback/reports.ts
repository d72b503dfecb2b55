import type { Orm } from '../../../lib/database';

/** Aggregates read straight from MySQL's feedback rows: per sku, and per carrier. */

const RECENT_COMMENTS = 5;
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const round2 = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100);
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);

export async function productFeedback(orm: Orm, sku: string) {
  const connection = orm.em.fork().getConnection();
  const byRating = await connection.execute<{ rating: number; n: number }[]>('select rating, count(*) as n from product_ratings where sku = ? group by rating', [sku]);
  const distribution: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let count = 0;
  let sum = 0;
  for (const row of byRating) {
    distribution[String(row.rating)] = num(row.n);
    count += num(row.n);
    sum += num(row.n) * num(row.rating);
  }
  const comments = await connection.execute<{ rating: number; comment: string; submitted_at: Date }[]>(
    `select r.rating, f.comment, f.submitted_at from product_ratings r join feedback f on f.order_id = r.order_id
      where r.sku = ? and f.comment is not null and f.comment <> '' order by f.submitted_at desc, f.id desc limit ${RECENT_COMMENTS}`,
    [sku],
  );
  return {
    sku,
    count,
    average: count > 0 ? round2(sum / count) : null,
    distribution,
    recentComments: comments.map((c) => ({ rating: num(c.rating), comment: c.comment, submittedAt: new Date(c.submitted_at).toISOString() })),
  };
}

export async function carrierScorecard(orm: Orm, carrier: string) {
  const connection = orm.em.fork().getConnection();
  const [facts] = await connection.execute<Record<string, unknown>[]>(
    `select count(*) as deliveries, sum(on_time = 1) as on_time, sum(on_time is not null) as with_promise,
            sum(exception_count) as exceptions, sum(exception_count > 0) as with_exceptions, avg(days_in_transit) as avg_days
       from carrier_deliveries where carrier = ?`,
    [carrier],
  );
  const kinds = await connection.execute<{ exception_kinds: string | string[] }[]>('select exception_kinds from carrier_deliveries where carrier = ? and exception_count > 0', [carrier]);
  const byKind: Record<string, number> = {};
  for (const row of kinds) {
    const list = typeof row.exception_kinds === 'string' ? (JSON.parse(row.exception_kinds) as string[]) : row.exception_kinds;
    for (const kind of list) byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  // An order's delivery rating counts for each carrier that carried part of it.
  const [ratings] = await connection.execute<Record<string, unknown>[]>(
    'select count(*) as n, avg(delivery_rating) as average from feedback where order_id in (select order_id from carrier_deliveries where carrier = ?)',
    [carrier],
  );
  const deliveries = num(facts?.deliveries);
  const withPromise = num(facts?.with_promise);
  const withExceptions = num(facts?.with_exceptions);
  return {
    carrier,
    deliveries,
    onTime: { count: num(facts?.on_time), withPromise, rate: ratio(num(facts?.on_time), withPromise) },
    exceptions: { total: num(facts?.exceptions), deliveriesWithExceptions: withExceptions, rate: ratio(withExceptions, deliveries), byKind },
    averageDaysInTransit: round2(facts?.avg_days),
    deliveryRating: { count: num(ratings?.n), average: num(ratings?.n) > 0 ? round2(ratings?.average) : null },
  };
}
