import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { tellCustomer } from '../../../activities/customer/signal';
import { verifyLink } from '../../../lib/signed-links';
import type { AppEnv } from '../../context';
import { htmlDocument, htmlPageHeaders } from '../../html-page';

/**
 * The unsubscribe page a person reaches from the link in a marketing message: a GET only asks (mail scanners
 * follow links), the button's POST unsubscribes from every marketing channel. Mail providers use the one-click
 * API route of the List-Unsubscribe header instead (RFC 8058).
 */
export const unsubscribePageApi = new Hono<AppEnv>()
  .get('/unsubscribe/:token', htmlPageHeaders, (c) => {
    const customerId = claimed(c);
    if (!customerId) return c.html(page(c, 'Link expired', html`<p>This link is invalid or has expired.</p>`), 404);
    return c.html(page(c, 'Unsubscribe', html`<p>Stop all marketing messages from us? Order and delivery updates still reach you.</p>
      <form method="post"><button>Unsubscribe</button></form>`));
  })
  .post('/unsubscribe/:token', htmlPageHeaders, async (c) => {
    const customerId = claimed(c);
    if (!customerId) return c.html(page(c, 'Link expired', html`<p>This link is invalid or has expired.</p>`), 404);
    const { config, temporal } = c.get('deps');
    c.set('workflowId', `customer-${customerId}`);
    await tellCustomer(temporal, { taskQueue: config.temporal.taskQueue, policy: config.policy }, customerId, {
      type: 'consent_changed', eventId: `unsubscribe:${crypto.randomUUID()}`, at: new Date().toISOString(), channels: { email: false, sms: false, push: false }, source: 'unsubscribe_link',
    });
    return c.html(page(c, 'Unsubscribed', html`<p>You will get no more marketing messages from us.</p>`));
  });

function claimed(c: Context<AppEnv>): string | undefined {
  return verifyLink(c.req.param('token') ?? '', c.get('deps').config.linkSigningKeys, 'consent')?.sub;
}

const style = 'body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; } button { font: inherit; padding: .5rem 1rem; }';

function page(c: Context<AppEnv>, title: string, content: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return htmlDocument({ nonce: c.get('cspNonce')!, lang: 'en', title, style, body: html`<h1>${title}</h1>
        ${content}` });
}
