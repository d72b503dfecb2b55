import { signLink } from '../../lib/signed-links';
import { until, type DemoApi } from './api';
import { customer, deliveredOrder, loyalCustomer, type Story, type StoryContext } from './stories';

/**
 * After delivery: the customer answers the feedback link with a low score, which opens a service follow-up (one
 * helpdesk ticket); and the customer view of the demo's loyal customer, whose points were earned on two deliveries
 * and partly reversed by a refund (tests/demo checks the figures below).
 */

/** A mixed answer: the mug is loved, the tea was stale (a low product rating opens the service case). */
export const lowScoreAnswers = {
  products: [{ sku: 'MUG-BLUE', rating: 5 }, { sku: 'TEA-EARLGREY', rating: 2 }],
  delivery: 4,
  packaging: 5,
  service: 4,
  nps: 8,
  comment: 'The tea was stale.',
};

/**
 * The loyal customer's view once settled: 33 points per delivered order of 33.99 EUR (1 point per whole euro) for
 * two orders, and the 25.00 EUR refund of order 21 takes back round(33 x 2500 / 3399) = 24 of that order's points.
 */
export const loyalCustomerEndState = { deliveredOrders: 2, refundedMinor: 2500, monetaryMinor: 2 * 3399 - 2500, balance: 66 - 24, tier: 'bronze' };

/** The signed feedback link's token, as the feedback message carries it (valid 30 days). */
export const feedbackToken = (orderId: string, context: StoryContext) => signLink({ scope: 'feedback', sub: orderId, exp: Math.floor(Date.now() / 1000) + 30 * 86400 }, context.linkKeys);

export function demoFeedback(context: StoryContext): Story[] {
  const { run } = context;
  const feedbackOrder = `demo-${run}-25`;
  const caseId = `feedback-${feedbackOrder}`;
  return [
    {
      name: 'feedback-low-score',
      story: 'Delivered; the shopper rates the tea 2/5 through the feedback link: a service case with one helpdesk ticket',
      orderId: feedbackOrder,
      look: `/v1/service-cases/${caseId}`,
      async play(api: DemoApi) {
        const orderId = await deliveredOrder(api, run, 25, { customer: customer(loyalCustomer(run)) });
        const receipt = await api.submitFeedback(feedbackToken(orderId, context), lowScoreAnswers);
        if (receipt.lowScore === false) throw new Error(`feedback on ${orderId} was not taken as a low score`);
      },
      async pending(api: DemoApi) {
        const found = await api.serviceCase(caseId);
        if (!found) return `no service case ${caseId}`;
        return found.status === 'open' && found.ticketId && found.origin === 'low_feedback' ? undefined : `service case ${found.status}, ticket ${found.ticketId ?? 'none'}`;
      },
    },
    {
      name: 'customer-loyalty',
      story: 'The customer behind both: two deliveries earned points, the refund took some back; segment and why',
      orderId: `demo-${run}-21`,
      look: `/v1/customers/${loyalCustomer(run)}`,
      // The stories above are this customer's orders: wait until both deliveries have reached the customer.
      play: async (api: DemoApi) => {
        await until(`${loyalCustomer(run)} to have two deliveries`, async () => ((await api.customer(loyalCustomer(run)).catch(() => undefined))?.facts.deliveredOrders === 2 ? true : undefined), 120_000);
      },
      async pending(api: DemoApi) {
        const view = await api.customer(loyalCustomer(run));
        const got = { deliveredOrders: view.facts.deliveredOrders, refundedMinor: view.facts.refundedMinor, monetaryMinor: view.facts.monetaryMinor, balance: view.loyalty.balance, tier: view.loyalty.tier };
        const wrong = Object.entries(loyalCustomerEndState).filter(([key, value]) => got[key as keyof typeof got] !== value);
        return wrong.length ? wrong.map(([key, value]) => `${key} ${got[key as keyof typeof got]}, want ${value}`).join(', ') : undefined;
      },
    },
  ];
}
