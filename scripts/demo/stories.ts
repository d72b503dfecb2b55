import type { LinkSigningKey } from '../../lib/keys';
import { until, type DemoApi } from './api';
import { allItems, order, tracking } from './journeys';

/**
 * What happens after delivery (returns, feedback and its service follow-up, the customer's loyalty), each told as a
 * story played through the same API: the storefront asks, the carrier scans, the warehouse receives, the customer
 * answers. Unlike the order journeys, a story waits for the states it needs on the way (a label before the return
 * parcel is scanned), each wait bounded.
 */
export interface Story {
  name: string;
  story: string;
  orderId: string;
  /** What to open afterwards: an API path (with the key) that shows the end state. */
  look: string;
  play(api: DemoApi): Promise<void>;
  /** Undefined once the story is where it should be; otherwise what is still missing. */
  pending(api: DemoApi): Promise<string | undefined>;
}

export interface StoryContext {
  run: string;
  /** The service's link signing keys: the demo signs the customer's feedback link as `npm run link` does. */
  linkKeys: readonly LinkSigningKey[];
}

/** The customer whose view the demo shows: two delivered orders, one of them partly refunded by a return. */
export const loyalCustomer = (run: string) => `cus-demo-${run}-loyal`;

export const customer = (id: string) => ({ id, email: `${id}@example.com`, locale: 'en', channel: 'email' as const });

/**
 * Plays order `n` to a delivered parcel (one DHL parcel, both lines) and waits until the journey has ended and
 * handed off: the delivery is in MySQL (returns are decided there) and the customer has earned the points.
 */
export async function deliveredOrder(api: DemoApi, run: string, n: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const body = order(run, n, overrides);
  await api.placeOrder(body);
  const parcel = { carrier: 'dhl', trackingNumber: tracking(run, n), items: allItems };
  await api.ship(body.orderId, [parcel]);
  await api.scans(parcel, [{ status: 'in_transit', location: 'Leipzig hub' }, { status: 'delivered', location: 'Berlin' }]);
  await until(`order ${body.orderId} delivered and handed off`, async () => {
    const view = await api.order(body.orderId);
    return view.stage === 'delivered' && view.completed ? view : undefined;
  });
  return body.orderId;
}
