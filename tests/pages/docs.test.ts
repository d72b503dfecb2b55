import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { createHarness, type Harness } from '../support/harness';
import { serveHarness } from '../support/serve';

/** /docs opened in headless Chromium with every other origin cut off: as on a machine without internet. */
let h: Harness;
let server: Awaited<ReturnType<typeof serveHarness>>;
let browser: Browser;
beforeAll(async () => {
  h = await createHarness(__filename, { worker: false });
  server = await serveHarness(h);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await h?.close();
});

it('shows the API documentation offline, every asset from our own origin, under a CSP that nothing violates', async () => {
  const context = await browser.newContext();
  const requested: string[] = [];
  const elsewhere: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:')) return route.continue();
    requested.push(url);
    if (new URL(url).origin !== server.baseUrl) {
      elsewhere.push(url);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  const page = await context.newPage();
  const violations: string[] = [];
  const failed: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });

  const response = await page.goto(`${server.baseUrl}/docs`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
  // What a reader sees: the API's title and its operations, rendered by Swagger UI from /openapi.json.
  await page.getByRole('heading', { name: /Aftercart API/ }).waitFor({ timeout: 30_000 });
  await page.getByText('/v1/orders/{orderId}/fulfillment-events').first().waitFor();
  expect(await page.getByText('/v1/webhooks/carriers/{provider}').count()).toBeGreaterThan(0);

  expect(elsewhere).toEqual([]);
  expect(failed).toEqual([]);
  expect(violations).toEqual([]);
  expect(requested.map((url) => new URL(url).pathname)).toEqual(expect.arrayContaining(['/docs', expect.stringMatching(/^\/docs\/assets\/[\d.]+\/swagger-ui-bundle\.js$/), expect.stringMatching(/swagger-ui\.css$/), '/openapi.json']));
  await context.close();
});

it('serves its assets with long-lived caching and nothing it does not know', async () => {
  const html = await (await h.request('/docs')).text();
  const bundlePath = /src="(\/docs\/assets\/[^"]+\/swagger-ui-bundle\.js)"/.exec(html)?.[1];
  expect(bundlePath).toBeDefined();
  const bundle = await h.request(bundlePath!);
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('content-type')).toContain('javascript');
  expect(bundle.headers.get('cache-control')).toContain('immutable');
  expect((await h.request(bundlePath!.replace('swagger-ui-bundle.js', 'package.json'))).status).toBe(404);
  expect((await h.request('/docs/assets/0.0.1/swagger-ui-bundle.js')).status).toBe(404);
});
