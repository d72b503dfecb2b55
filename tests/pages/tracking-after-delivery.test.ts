import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../lib/signed-links';
import { feedbackStatusQuery, feedbackWorkflowId } from '../../workflows/feedback/messages';
import { seedOrders } from '../customer/seed';
import { launchBrowser, openOwnOriginPage } from '../support/browser';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { serveHarness } from '../support/serve';
import { postCarrierEvents, scan } from '../support/webhooks';

/** The tracking page once the order is delivered: the feedback prompt, its thank-you, and "you may also like". */
let h: Harness;
let j: ReturnType<typeof journeys>;
let server: Awaited<ReturnType<typeof serveHarness>>;
let browser: Browser;
beforeAll(async () => {
  h = await createHarness(__filename);
  j = journeys(h);
  server = await serveHarness(h);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await h?.close();
});

const trackingLink = (orderId: string, query = '') => `${server.baseUrl}/track/${signLink({ scope: 'track', sub: orderId, exp: Math.floor(Date.now() / 1000) + 3600 }, h.config.linkSigningKeys)}${query}`;

const open = (url: string, locale = 'en-GB') => openOwnOriginPage(browser, server.baseUrl, url, { locale });

describe('a delivered order on its tracking page', () => {
  it('asks for feedback and recommends what others bought with it only once delivered; the prompt opens the form, then thanks', { timeout: 120_000 }, async () => {
    // SKUs of this test only, so the co-purchase counts below are all there is: with the lamp, a shade was bought
    // in 3 other orders and a bulb in 2; with the candle, matches in 1.
    const tag = Date.now().toString(36).toUpperCase();
    const [lamp, candle, shade, bulb, matches] = ['LAMP', 'CANDLE', 'SHADE', 'BULB', 'MATCHES'].map((name) => `${name}-${tag}`);
    await seedOrders(h, [
      ...Array.from({ length: 3 }, () => ({ items: [[lamp!, 1], [shade!, 1]] as [string, number][] })),
      ...Array.from({ length: 2 }, () => ({ items: [[lamp!, 1], [bulb!, 2]] as [string, number][] })),
      { items: [[candle!, 1], [matches!, 1]] },
    ]);
    const { orderId, parcel } = await j.shippedOrder({ items: [{ sku: lamp, quantity: 1, unitPriceMinor: 2000 }, { sku: candle, quantity: 1, unitPriceMinor: 500 }] });

    // On its way: no feedback prompt, no recommendations.
    const before = await open(trackingLink(orderId));
    expect(await before.page.locator('.headline').textContent()).toBe('Your order is on its way.');
    expect(await before.page.getByRole('link', { name: 'Give feedback' }).count()).toBe(0);
    expect(await before.page.locator('.feedback, .recommendations').count()).toBe(0);
    await before.context.close();

    expect(await postCarrierEvents(h, parcel, [scan('in_transit', { location: 'Leipzig hub' }), scan('delivered', { location: 'Berlin' })])).toBe(202);
    await j.completed(orderId);
    await eventually(() => h.client.workflow.getHandle(feedbackWorkflowId(orderId)).query(feedbackStatusQuery));

    const { page, context, foreign, violations } = await open(trackingLink(orderId));
    expect(await page.locator('.headline').textContent()).toBe('Your order has been delivered.');
    const prompt = page.getByRole('region', { name: 'How was your order?' });
    expect(await prompt.textContent()).toContain('Tell us about the products, the delivery and the packaging. It takes a minute.');
    const recommended = page.getByRole('region', { name: 'You may also like' });
    expect(await recommended.getByRole('listitem').allTextContents()).toEqual([shade, bulb, matches]);

    // The prompt opens the order's feedback form, on this site, in the page's language.
    await prompt.getByRole('link', { name: 'Give feedback' }).click();
    await page.locator('form#feedback').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/feedback\/[\w.-]+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`How was order ${orderId}?`);
    expect(await page.locator('fieldset[data-sku]').evaluateAll((sets) => sets.map((s) => (s as unknown as { dataset: { sku: string } }).dataset.sku))).toEqual([lamp, candle]);
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();

    // In German, from the page's own language choice.
    const german = await open(trackingLink(orderId, '?lang=de'), 'en-GB');
    expect(await german.page.getByRole('region', { name: 'Wie war deine Bestellung?' }).getByRole('link', { name: 'Feedback geben' }).getAttribute('href')).toMatch(/^\/feedback\/[\w.%-]+\?lang=de$/);
    expect(await german.page.getByRole('region', { name: 'Das könnte dir auch gefallen' }).getByRole('listitem').count()).toBe(3);
    await german.context.close();

    // Answered: the prompt gives way to a thank-you; the recommendations stay.
    const token = signLink({ scope: 'feedback', sub: orderId, exp: Math.floor(Date.now() / 1000) + 3600 }, h.config.linkSigningKeys);
    const answers = { products: [{ sku: lamp, rating: 5 }, { sku: candle, rating: 4 }], delivery: 5, packaging: 5, service: 4, nps: 9 };
    expect((await h.api('POST', `/v1/feedback/${token}`, answers, { Authorization: '' })).status).toBe(201);
    const after = await open(trackingLink(orderId));
    expect(await after.page.locator('.feedback.thanks').textContent()).toBe('Thank you for your feedback.');
    expect(await after.page.getByRole('link', { name: 'Give feedback' }).count()).toBe(0);
    expect(await after.page.getByRole('region', { name: 'You may also like' }).getByRole('listitem').count()).toBe(3);
    await after.context.close();
  });
});
