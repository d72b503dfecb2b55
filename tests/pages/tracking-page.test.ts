import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../lib/signed-links';
import { launchBrowser, openOwnOriginPage } from '../support/browser';
import { createHarness, eventually, type Harness } from '../support/harness';
import { journeys } from '../support/journeys';
import { orderBody } from '../support/orders';
import { serveHarness } from '../support/serve';
import { postCarrierEvents, scan } from '../support/webhooks';

/** The shopper's tracking page in headless Chromium: what they read, and the customs button they press. */
let h: Harness;
let j: ReturnType<typeof journeys>;
let server: Awaited<ReturnType<typeof serveHarness>>;
let browser: Browser;
beforeAll(async () => {
  h = await createHarness(__filename, { env: { BRAND_NAME: 'Teapot & Co', BRAND_COLOR: '#7b2d8b' } });
  j = journeys(h);
  server = await serveHarness(h);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await h?.close();
});

const trackingLink = (orderId: string) => `${server.baseUrl}/track/${signLink({ scope: 'track', sub: orderId, exp: Math.floor(Date.now() / 1000) + 3600 }, h.config.linkSigningKeys)}`;

const open = (url: string, options: { locale: string; width: number }) => openOwnOriginPage(browser, server.baseUrl, url, options);

const parcelCards = (page: Page) => page.getByRole('article');
/** The little of the browser's window these checks read (the project compiles without the DOM library). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
  document: { documentElement: { scrollWidth: number } };
}

describe('a delivered split order', () => {
  let orderId: string;
  beforeAll(async () => {
    const body = orderBody();
    orderId = body.orderId;
    expect((await h.api('POST', '/v1/orders', body)).status).toBe(201);
    const mugs = { carrier: 'dhl', trackingNumber: `JS${Date.now()}A`, items: [{ sku: 'MUG-BLUE', quantity: 2 }] };
    const tea = { carrier: 'dpd', trackingNumber: `JS${Date.now()}B`, items: [{ sku: 'TEA-EARLGREY', quantity: 1 }] };
    expect((await j.fulfil(orderId, { type: 'shipped', parcels: [mugs, tea] })).status).toBe(200);
    await eventually(async () => expect((await j.getOrder(orderId)).parcels).toHaveLength(2));
    await eventually(async () => expect((await h.api('GET', `/v1/shipments/shipment-dpd-${tea.trackingNumber}`)).status).toBe(200));
    expect(await postCarrierEvents(h, mugs, [scan('in_transit', { location: 'Leipzig hub', description: 'Sorted at hub' }), scan('out_for_delivery', { location: 'Berlin' }), scan('delivered', { location: 'Berlin', description: 'Left with neighbour' })])).toBe(202);
    expect(await postCarrierEvents(h, tea, [scan('in_transit', { location: 'Hamburg depot' }), scan('delivered', { location: 'Berlin' })])).toBe(202);
    await j.completed(orderId);
  });

  it('tells the shopper in English that both parcels arrived on time, with every scan, place and time, side by side on a wide screen', async () => {
    const { page, context, foreign, violations } = await open(trackingLink(orderId), { locale: 'en-GB', width: 1200 });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Order ${orderId}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.headline').textContent()).toBe('Your order has been delivered.');
    expect(await page.locator('.promise').textContent()).toBe('Delivered on time.');
    // The brand from configuration: name in the header, its colour behind it.
    expect(await page.locator('header.brand').textContent()).toContain('Teapot & Co');
    expect(await page.locator('header.brand').evaluate((el) => (globalThis as unknown as BrowserWindow).getComputedStyle(el).backgroundColor)).toBe('rgb(123, 45, 139)');

    const cards = parcelCards(page);
    expect(await cards.count()).toBe(2);
    const [first, second] = [cards.nth(0), cards.nth(1)];
    expect(await first.getByRole('heading', { level: 2 }).textContent()).toBe('Parcel 1 of 2: Delivered');
    expect(await second.getByRole('heading', { level: 2 }).textContent()).toBe('Parcel 2 of 2: Delivered');
    expect(await first.textContent()).toContain('2 × MUG-BLUE');
    expect(await second.textContent()).toContain('1 × TEA-EARLGREY');
    // Every carrier scan, newest first, with its place and time.
    const mugScans = await first.locator('ol.scans li').allTextContents();
    expect(mugScans).toHaveLength(3);
    expect(mugScans[0]).toMatch(/UTCLeft with neighbourBerlin$/);
    expect(mugScans[2]).toMatch(/^20 Nov 2026, \d\d:\d\d UTCSorted at hubLeipzig hub$/);
    expect(await second.locator('ol.scans li').allTextContents()).toEqual([expect.stringMatching(/DeliveredBerlin$/), expect.stringMatching(/In transitHamburg depot$/)]);
    // The progress bar: every step done, "Delivered" the current one, announced as such.
    const progress = page.getByRole('list', { name: 'Progress', exact: true });
    expect(await progress.locator('[aria-current="step"]').textContent()).toBe('Delivered (current step)');
    expect(await progress.locator('li.done').count()).toBe(6);
    // Side by side on a wide screen.
    const [a, b] = [await first.boundingBox(), await second.boundingBox()];
    expect(a!.y).toBe(b!.y);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);

    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('speaks German to a German browser, one parcel under the other on a phone', async () => {
    const { page, context } = await open(trackingLink(orderId), { locale: 'de-DE', width: 375 });
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Bestellung ${orderId}`);
    expect(await page.locator('.headline').textContent()).toBe('Deine Bestellung wurde zugestellt.');
    expect(await page.locator('.promise').textContent()).toBe('Pünktlich zugestellt.');
    const cards = parcelCards(page);
    expect(await cards.nth(0).getByRole('heading', { level: 2 }).textContent()).toBe('Paket 1 von 2: Zugestellt');
    expect(await cards.nth(1).locator('ol.scans li').first().textContent()).toMatch(/^20\.11\.2026, \d\d:\d\d UTCZugestelltBerlin$/);
    const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
    expect(a!.x).toBe(b!.x);
    expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserWindow).document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The shopper can switch language on the page itself.
    await page.getByRole('link', { name: 'EN', exact: true }).click();
    expect(await page.locator('.headline').textContent()).toBe('Your order has been delivered.');
    await context.close();
  });
});

describe('a parcel held at customs', () => {
  it('explains the hold in plain words, says the order is late, and takes the shopper’s answer from its button', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder({ originCountry: 'US', policy: { order: { promisedDelivery: '1 second' } } });
    await postCarrierEvents(h, parcel, [
      scan('in_transit', { milestone: 'arrived_destination_country', location: 'Frankfurt airport' }),
      scan('exception', { exceptionKind: 'customs_documents_required', description: 'Commercial invoice required', location: 'Frankfurt customs' }),
    ]);
    await eventually(async () => expect((await j.getShipment(shipmentId)).cases[0]).toMatchObject({ kind: 'customs_documents_required', waitingFor: 'customer' }));
    // The promise was one second after the order was placed: make sure it has passed, however fast the set-up ran.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const { page, context, violations } = await open(trackingLink(orderId), { locale: 'en-US', width: 390 });
    expect(await page.locator('.promise').textContent()).toMatch(/^Running late: we promised delivery by \w+day,? \d+ \w+\. Sorry for the wait\.$/);
    expect(await page.locator('.promise').getAttribute('class')).toContain('late');
    const card = parcelCards(page).first();
    expect(await card.getByRole('heading', { level: 2 }).textContent()).toBe('Your parcel: In transit');
    expect(await card.locator('.issue p').textContent()).toBe('Customs is holding this parcel until it receives documents from you, such as the invoice.');
    expect(await card.locator('ol.scans li').first().textContent()).toMatch(/Commercial invoice requiredFrankfurt customs$/);

    await card.getByRole('button', { name: 'I have sent the documents' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you, we have passed this on.' }).waitFor();
    expect(await card.locator('.issue p').textContent()).toBe('Thank you: we have passed your answer on and are waiting for customs to release the parcel.');
    expect(await card.getByRole('button').count()).toBe(0);

    // The answer reached the parcel's workflow, as the customer's (the page's own signed token, no API key).
    const held = await j.getShipment(shipmentId);
    expect(held.cases[0]).toMatchObject({ waitingFor: 'carrier', actions: [{ action: 'documents_provided', by: 'customer' }] });
    await eventually(() => expect(h.partners.effectsOf('carriers').filter((c) => c.path === '/v1/customs/actions' && c.body.tracking_number === parcel.trackingNumber)).toHaveLength(1));
    // Opened again later, the page remembers: no button, the waiting message.
    await page.reload();
    expect(await parcelCards(page).first().locator('.issue p').textContent()).toBe('Thank you: we have passed your answer on and are waiting for customs to release the parcel.');
    expect(await parcelCards(page).first().getByRole('button').count()).toBe(0);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('offers an address correction for an address problem, and says nothing can be done with an expired link', async () => {
    const { orderId, parcel, shipmentId } = await j.shippedOrder();
    await postCarrierEvents(h, parcel, [scan('exception', { exceptionKind: 'address_problem', description: 'House number missing' })]);
    await eventually(async () => expect((await j.getShipment(shipmentId)).cases[0]).toMatchObject({ kind: 'address_problem', waitingFor: 'customer' }));
    const { page, context } = await open(`${trackingLink(orderId)}?lang=de`, { locale: 'en-GB', width: 390 });
    const card = parcelCards(page).first();
    expect(await card.locator('.issue p').textContent()).toBe('Der Paketdienst konnte an die angegebene Adresse nicht zustellen. Bitte korrigiere sie.');
    await card.getByRole('link', { name: 'Adresse korrigieren' }).click();
    await page.getByRole('button', { name: 'Adresse korrigieren' }).waitFor();
    expect(page.url()).toContain(`/shipments/${shipmentId}/address?token=`);
    await context.close();

    const expired = await h.request(`/track/${signLink({ scope: 'track', sub: orderId, exp: Math.floor(Date.now() / 1000) - 1 }, h.config.linkSigningKeys)}`, { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } });
    expect(expired.status).toBe(404);
    expect(await expired.text()).toContain('Dieser Link ist ungültig oder abgelaufen.');
  });
});
