import { marketingChannels, type MarketingChannel } from './messages';
import { pendingOutreach } from './outreach';
import type { CustomerPolicy } from './policy';
import type { CustomerBook, CustomerView } from './state';

/** What GET /v1/customers/{customerId} shows: segment, scores and why, loyalty, consent, outreach. */
export function customerView(book: CustomerBook, policy: CustomerPolicy): CustomerView {
  const state = book.state;
  const rfm = state.rfm;
  return {
    customerId: state.customerId,
    segment: rfm?.segment ?? (state.orders.length ? 'unscored' : 'prospect'),
    scores: { recency: rfm?.recency ?? 0, frequency: rfm?.frequency ?? 0, monetary: rfm?.monetary ?? 0 },
    why: rfm?.why ?? [],
    facts: book.facts,
    loyalty: { balance: state.loyalty.balance, lifetimePoints: state.loyalty.lifetime, tier: book.tier },
    consent: Object.fromEntries(marketingChannels.map((channel) => [channel, state.consent[channel]?.granted ?? false])) as Record<MarketingChannel, boolean>,
    timeZone: state.timeZone,
    outreach: pendingOutreach(book, policy).map(({ key, kind, dueAt, status, reason }) => ({ key, kind, dueAt, status, reason })),
    contactLog: state.contactLog,
    erasedAt: state.erasure?.erasedAt,
    run: state.run,
  };
}

/** The workflow's current details in the Temporal UI: where the customer stands and what happens next. */
export function describeCustomer(book: CustomerBook, policy: CustomerPolicy): string {
  const view = customerView(book, policy);
  if (view.erasedAt) return `Customer erased at ${view.erasedAt}; no outreach.`;
  const next = view.outreach[0];
  const consented = marketingChannels.filter((c) => view.consent[c]);
  return [
    `Segment **${view.segment.replace('_', ' ')}** (R${view.scores.recency} F${view.scores.frequency} M${view.scores.monetary}), ${view.loyalty.balance} point(s), ${view.loyalty.tier}.`,
    consented.length ? `Marketing consent: ${consented.join(', ')}.` : 'No marketing consent: no outreach.',
    next ? `Next: ${next.kind.replace('_', ' ')} at ${next.dueAt}${next.reason ? ` (${next.reason})` : ''}.` : '',
  ].filter(Boolean).join(' ');
}
