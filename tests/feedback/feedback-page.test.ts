import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Feedback, ProductRating } from '../../entities';
import { launchBrowser } from '../support/browser';
import { createHarness, eventually, type Harness } from '../support/harness';
import { serveHarness } from '../support/serve';
import { feedbackSteps, feedbackTokenIn } from './support';

let h: Harness;
let f: ReturnType<typeof feedbackSteps>;
let server: Awaited<ReturnType<typeof serveHarness>>;
let base: string;
let browser: Browser;
beforeAll(async () => {
  h = await createHarness(__filename, { policy: { feedback: { askAfterDomestic: '1 second' } } });
  f = feedbackSteps(h);
  // The API app over real HTTP, as a customer's phone reaches it.
  server = await serveHarness(h);
  base = server.baseUrl;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await h?.close();
});

describe('the feedback page in a real browser', () => {
  it('opens from the message link, takes the answers on a phone-sized screen, shows the thank-you and lands in MySQL', async () => {
    const { orderId } = await f.deliveredOrder();
    const [message] = await eventually(() => {
      const sent = f.messages(orderId, 'feedback_request');
      expect(sent).toHaveLength(1);
      return sent;
    }, 10_000);
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) external.push(request.url());
    });
    const response = await page.goto(`${base}/feedback/${feedbackTokenIn(message!)}`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page.title()).toBe(`How was order ${orderId}?`);

    // Submitting with nothing chosen: the problems are listed, and nothing is stored.
    await page.getByRole('button', { name: 'Send feedback' }).click();
    const problems = page.getByRole('alert');
    await problems.waitFor({ state: 'visible' });
    expect(await problems.textContent()).toContain('delivery');
    expect(await h.orm.em.fork().count(Feedback, { orderId })).toBe(0);

    // Every question is a labelled radio group; pick by the visible numbers, as a person would.
    const choose = async (question: string, value: string) => page.getByRole('group', { name: question }).getByLabel(value, { exact: true }).check({ force: true });
    await choose('How do you like MUG-BLUE?', '5');
    await choose('How do you like TEA-EARLGREY?', '3');
    await choose('Did it arrive on time?', '4');
    await choose('How was the packaging?', '5');
    await choose('How was our service?', '4');
    await choose('How likely are you to recommend us to a friend?', '9');
    await page.getByLabel('Anything else you want to tell us? (optional)').fill('Tea was a bit stale.');
    await page.getByRole('button', { name: 'Send feedback' }).click();

    await page.getByRole('heading', { name: 'Thank you!' }).waitFor({ state: 'visible' });
    expect(await page.locator('form').isHidden()).toBe(true);
    const em = h.orm.em.fork();
    expect(await em.findOne(Feedback, { orderId })).toMatchObject({ deliveryRating: 4, packagingRating: 5, serviceRating: 4, nps: 9, comment: 'Tea was a bit stale.', lowScore: false });
    expect((await em.find(ProductRating, { orderId }, { orderBy: { sku: 'asc' } })).map((r) => [r.sku, r.rating])).toEqual([['MUG-BLUE', 5], ['TEA-EARLGREY', 3]]);

    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you!');
    expect(external).toEqual([]); // no external assets
    await context.close();
  });

  it('speaks German to a German customer, and an expired link says so', async () => {
    const { orderId } = await f.deliveredOrder({ customer: { id: `cus-de-${Date.now()}`, email: 'grete@example.de', locale: 'de', channel: 'email' } });
    const page = await browser.newPage();
    await page.goto(`${base}/feedback/${f.token(orderId)}`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Wie war Bestellung ${orderId}?`);
    expect(await page.getByRole('button', { name: 'Feedback senden' }).isVisible()).toBe(true);
    const expired = await page.goto(`${base}/feedback/${f.token(orderId, -1)}`);
    expect(expired!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Link expired');
    await page.close();
  });
});
