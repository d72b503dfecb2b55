import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Feedback, ProductRating } from '../../entities';
import { orderReturnedSignal } from '../../workflows/feedback/messages';
import { createHarness, eventually, type Harness } from '../support/harness';
import { answers, feedbackSteps, feedbackTokenIn } from './support';

let h: Harness;
let f: ReturnType<typeof feedbackSteps>;
beforeAll(async () => {
  h = await createHarness(__filename, {
    policy: { feedback: { askAfterDomestic: '2 seconds', askAfterCrossBorder: '5 seconds', reminderInterval: '2 seconds', maxReminders: 2, expireAfter: '7 seconds' } },
  });
  f = feedbackSteps(h);
});
afterAll(() => h?.close());

const startedAt = async (orderId: string) => (await f.feedbackHandle(orderId).describe()).startTime.getTime();

describe('the feedback request', () => {
  it('asks after the domestic wait with a signed link, reminds twice at most, then expires', async () => {
    const { orderId } = await f.deliveredOrder();
    const waiting = await f.feedbackView(orderId);
    expect(waiting).toMatchObject({ status: 'waiting', skus: ['MUG-BLUE', 'TEA-EARLGREY'] });
    expect(f.messages(orderId, 'feedback_request')).toHaveLength(0);

    const [request] = await eventually(() => {
      const sent = f.messages(orderId, 'feedback_request');
      expect(sent).toHaveLength(1);
      return sent;
    }, 10_000);
    const asked = await f.feedbackView(orderId);
    expect(Date.parse(asked.askedAt!) - (await startedAt(orderId))).toBeGreaterThanOrEqual(2000);
    expect((await h.request(`/feedback/${feedbackTokenIn(request!)}`)).status).toBe(200); // the link opens the page

    const expired = await eventually(async () => {
      const view = await f.feedbackView(orderId);
      expect(view.status).toBe('expired');
      return view;
    }, 15_000);
    expect(expired.reminders).toBe(2);
    expect(f.messages(orderId, 'feedback_reminder')).toHaveLength(2);
    expect(Date.parse(expired.expiresAt!) - Date.parse(expired.askedAt!)).toBe(7000);
    await f.feedbackHandle(orderId).result();
    expect(f.messages(orderId, 'feedback_reminder')).toHaveLength(2); // nothing after the end

    const late = await f.submit(feedbackTokenIn(request!), answers());
    expect(late.status).toBe(409);
    expect(late.body.reason).toBe('feedback_closed');
    expect(await h.orm.em.fork().count(Feedback, { orderId })).toBe(0);
  });

  it('waits longer after a cross-border delivery', async () => {
    const { orderId } = await f.deliveredOrder({ originCountry: 'PL' });
    const view = await f.feedbackView(orderId);
    expect(Date.parse(view.askAt) - (await startedAt(orderId))).toBeGreaterThanOrEqual(5000);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(f.messages(orderId, 'feedback_request')).toHaveLength(0); // the domestic wait has passed; this one has not
    await eventually(() => expect(f.messages(orderId, 'feedback_request')).toHaveLength(1), 10_000);
  });

  it('takes one submission per order: the second gets a 409 and MySQL holds one row', async () => {
    const { orderId } = await f.deliveredOrder();
    const token = f.token(orderId);
    const first = await f.submit(token, answers());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ orderId, status: 'submitted', lowScore: false });

    const second = await f.submit(token, answers({ nps: 2 }));
    expect(second.status).toBe(409);
    expect(second.body.reason).toBe('already_submitted');
    const em = h.orm.em.fork();
    expect(await em.find(Feedback, { orderId })).toMatchObject([{ deliveryRating: 5, packagingRating: 4, serviceRating: 5, nps: 9, comment: 'Lovely mug.', lowScore: false }]);
    expect((await em.find(ProductRating, { orderId }, { orderBy: { sku: 'asc' } })).map((r) => [r.sku, r.rating])).toEqual([['MUG-BLUE', 5], ['TEA-EARLGREY', 4]]);
    // MySQL itself refuses a second row for the order, whatever writes it.
    await expect(em.insert(Feedback, { orderId, customerId: 'x', deliveryRating: 1, packagingRating: 1, serviceRating: 1, nps: 0, submittedAt: new Date(), createdAt: new Date() })).rejects.toThrow(/Duplicate entry/);

    const page = await h.request(`/feedback/${token}`);
    expect(await page.text()).toContain('Thank you!');
    const finished = await f.feedbackHandle(orderId).result();
    expect(finished).toMatchObject({ status: 'submitted', reminders: 0, completed: true });
    expect(f.messages(orderId, 'feedback_request')).toHaveLength(0); // answered before the ask: never asked
  });

  it('refuses bad answers with a problem naming each field, and changes nothing', async () => {
    const { orderId } = await f.deliveredOrder();
    const token = f.token(orderId);
    const invalid = await f.submit(token, answers({ delivery: 6, nps: -1, products: [{ sku: 'MUG-BLUE', rating: 2.5 }] }));
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body.errors!.map((e) => e.field).sort()).toEqual(['delivery', 'nps', 'products.0.rating']);

    const foreign = await f.submit(token, answers({ products: [{ sku: 'NOT-IN-ORDER', rating: 5 }] }));
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ reason: 'unknown_sku', errors: [{ field: 'products' }] });

    const forged = await f.submit(`${token.slice(0, -2)}xx`, answers());
    expect(forged.status).toBe(401);
    const otherOrder = await f.submit(f.token(`${orderId}-other`), answers());
    expect(otherOrder.status).toBe(404);
    expect(await h.orm.em.fork().count(Feedback, { orderId })).toBe(0);
    expect((await f.feedbackView(orderId)).status).toBe('waiting');
  });

  it('a return that ends first drops its lines from the questions', async () => {
    const { orderId } = await f.deliveredOrder();
    await f.feedbackHandle(orderId).signal(orderReturnedSignal, { rmaId: 'R-1', skus: ['TEA-EARLGREY'] });
    await eventually(async () => expect(await f.feedbackView(orderId)).toMatchObject({ skus: ['MUG-BLUE'], returnedSkus: ['TEA-EARLGREY'], origin: 'returned' }));
    const page = await (await h.request(`/feedback/${f.token(orderId)}`)).text();
    expect(page).toContain('How do you like MUG-BLUE?');
    expect(page).not.toContain('TEA-EARLGREY');
    const rated = await f.submit(f.token(orderId), answers());
    expect(rated.status).toBe(422); // the returned line is no longer asked about
  });
});
