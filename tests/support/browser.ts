import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, headless; nothing downloads a browser. Override the binary with CHROMIUM_PATH. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/**
 * A tab on one of our pages that refuses every other origin and remembers what it asked for elsewhere and any CSP
 * complaint, so a test can assert the page loads nothing from outside and breaks none of its own policy.
 */
export async function openOwnOriginPage(browser: Browser, origin: string, url: string, options: { locale?: string; width?: number } = {}) {
  const context: BrowserContext = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: options.width ?? 390, height: 900 } });
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).origin === origin) return route.continue();
    foreign.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => void (/Content Security Policy/i.test(message.text()) && violations.push(message.text())));
  expect((await page.goto(url))?.status()).toBe(200);
  return { page, context, foreign, violations };
}
