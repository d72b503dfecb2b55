import type { ReturnView } from '../../workflows/returns/messages';
import { until, type DemoApi } from './api';
import { customer, deliveredOrder, loyalCustomer, type Story, type StoryContext } from './stories';

/**
 * Four returns, one per way a return ends: refunded at receipt after a mixed inspection, held for review and
 * approved by an operator (refunded at the return parcel's first scan), store credit, an exchange. Each on an
 * order of its own (orders 21-24), so no customer reaches the "too many returns" review.
 */

const returnIn = (api: DemoApi, rmaId: string, what: string, test: (view: ReturnView) => boolean) =>
  until(`return ${rmaId} ${what}`, async () => {
    const view = await api.getReturn(rmaId);
    return test(view) ? view : undefined;
  });

/** The return label's parcel, scanned by its carrier now (through the same signed webhook as every carrier). */
async function handedToCarrier(api: DemoApi, rmaId: string): Promise<void> {
  const { label } = await returnIn(api, rmaId, 'has its label', (v) => v.status === 'awaiting_parcel' && !!v.label);
  await api.scans({ carrier: label!.carrier, trackingNumber: label!.trackingNumber }, [{ status: 'in_transit', location: 'Berlin parcel shop', occurredAt: new Date().toISOString() }]);
}

const missingIn = (view: ReturnView, want: Record<string, unknown>): string | undefined => {
  const got: Record<string, unknown> = { status: view.status, money: view.money?.status, amountMinor: view.money?.amountMinor, decidedBy: view.decision?.by, exchange: view.exchange?.orderId };
  const wrong = Object.entries(want).filter(([key, value]) => got[key] !== value);
  return wrong.length ? wrong.map(([key, value]) => `${key} ${String(got[key])}, want ${String(value)}`).join(', ') : undefined;
};

/** The end state each return's GET /v1/returns/{rmaId} shows once the demo has settled. */
export const returnEndStates = (run: string) => ({
  [`RMA-${run}-21`]: { status: 'completed', money: 'refunded', amountMinor: 2500, decidedBy: 'policy' },
  [`RMA-${run}-22`]: { status: 'in_transit', money: 'refunded', amountMinor: 1250, decidedBy: 'operator' },
  [`RMA-${run}-23`]: { status: 'completed', money: 'credited', amountMinor: 809, decidedBy: 'policy' },
  [`RMA-${run}-24`]: { status: 'completed', money: undefined, decidedBy: 'policy', exchange: `ex-RMA-${run}-24` },
});

export function demoReturns({ run }: StoryContext): Story[] {
  const want = returnEndStates(run);
  const story = (n: number, name: string, text: string, play: (api: DemoApi, orderId: string, rmaId: string) => Promise<void>, customerId = `cus-demo-${run}-r${n}`): Story => {
    const rmaId = `RMA-${run}-${n}`;
    const orderId = `demo-${run}-${n}`;
    return {
      name,
      story: text,
      orderId,
      look: `/v1/returns/${rmaId}`,
      play: async (api) => {
        await play(api, await deliveredOrder(api, run, n, { customer: customer(customerId) }), rmaId);
      },
      pending: async (api) => missingIn(await api.getReturn(rmaId), want[rmaId]!),
    };
  };

  return [
    story(21, 'return-refund-mixed', 'Return approved at once; one mug resellable, one broken, the tea never sent back: refunded at receipt for what came', async (api, orderId, rmaId) => {
      await api.requestReturn({ orderId, rmaId, lines: [{ sku: 'MUG-BLUE', quantity: 2, reason: 'damaged' }, { sku: 'TEA-EARLGREY', quantity: 1, reason: 'changed_mind' }], resolution: { type: 'refund' } });
      await handedToCarrier(api, rmaId);
      // The refund reverses loyalty points in proportion: only once both of this customer's orders earned theirs.
      await until(`${loyalCustomer(run)} to earn points for two orders`, async () => ((await api.customer(loyalCustomer(run))).facts.deliveredOrders === 2 ? true : undefined));
      await api.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }, { sku: 'MUG-BLUE', condition: 'damaged', quantity: 1 }]);
    }, loyalCustomer(run)),
    story(22, 'return-reviewed', 'Return above the auto-approval limit: held for review, approved by an operator, refunded at the first carrier scan', async (api, orderId, rmaId) => {
      const policy = { returns: { autoApproveMaxMinor: 1000, refundAt: 'first_scan' as const } };
      const { answer } = await api.requestReturn({ orderId, rmaId, lines: [{ sku: 'MUG-BLUE', quantity: 1, reason: 'defective' }], resolution: { type: 'refund' }, policy });
      if (answer.status !== 'pending_review') throw new Error(`return ${rmaId}: ${answer.status}, want pending_review`);
      await returnIn(api, rmaId, 'held for review', (v) => v.status === 'pending_review');
      await api.review(rmaId, 'approve');
      await handedToCarrier(api, rmaId);
    }),
    story(23, 'return-store-credit', 'Tea returned for a change of mind as store credit, less the restocking fee', async (api, orderId, rmaId) => {
      await api.requestReturn({ orderId, rmaId, lines: [{ sku: 'TEA-EARLGREY', quantity: 1, reason: 'changed_mind' }], resolution: { type: 'store_credit' } });
      await returnIn(api, rmaId, 'has its label', (v) => v.status === 'awaiting_parcel');
      await api.receipt(rmaId, [{ sku: 'TEA-EARLGREY', condition: 'resellable', quantity: 1 }]);
    }),
    story(24, 'return-exchange', 'A mug in the wrong colour exchanged: the green one goes out as an order of its own', async (api, orderId, rmaId) => {
      await api.setStock('MUG-GREEN', { onHand: 5, unitPriceMinor: 1250, currency: 'EUR' }, `demo-stock-${rmaId}`);
      await api.requestReturn({ orderId, rmaId, lines: [{ sku: 'MUG-BLUE', quantity: 1, reason: 'size' }], resolution: { type: 'exchange', sku: 'MUG-GREEN' } });
      await returnIn(api, rmaId, 'has its label', (v) => v.status === 'awaiting_parcel');
      await api.receipt(rmaId, [{ sku: 'MUG-BLUE', condition: 'resellable', quantity: 1 }]);
    }),
  ];
}
