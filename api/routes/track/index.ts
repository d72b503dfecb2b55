import { Hono } from 'hono';
import { html } from 'hono/html';
import { verifyLink } from '../../../lib/signed-links';
import { orderStatusQuery, type OrderView } from '../../../workflows/order/messages';
import type { AppEnv } from '../../context';
import { orderWorkflowId } from '../orders';

/** The customer's tracking page, reached through the signed link in every shipping message. */
export const trackApi = new Hono<AppEnv>().get('/track/:token', async (c) => {
  const { config, temporal } = c.get('deps');
  const claims = verifyLink(c.req.param('token'), config.linkSigningSecret, 'track');
  if (!claims) return c.html(page('Link expired', html`<p>This tracking link is invalid or has expired. Please use the link in your latest message.</p>`), 404);
  const view = await temporal.workflow.getHandle(orderWorkflowId(claims.sub)).query(orderStatusQuery);
  return c.html(page(`Order ${view.orderId}`, body(view)));
});

const words = (s: string) => s.replace(/_/g, ' ');

function body(view: OrderView) {
  return html`
    <p class="stage">${words(view.stage)}</p>
    <p>Shipping to ${view.shippingAddress.city}, ${view.shippingAddress.country}</p>
    ${view.parcels.map(
      (p) => html`<section>
        <h2>${p.carrier.toUpperCase()} ${p.trackingNumber}: ${words(p.stage)}</h2>
        ${p.exception ? html`<p class="exception">Needs attention: ${words(p.exception.kind)}${p.exception.description ? ` (${p.exception.description})` : ''}</p>` : ''}
        <p>${p.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')}</p>
      </section>`,
    )}
    <h2>Timeline</h2>
    <ol>
      ${[...view.timeline].reverse().map((e) => html`<li><time datetime="${e.at}">${e.at.slice(0, 16).replace('T', ' ')} UTC</time> ${e.what}</li>`)}
    </ol>`;
}

function page(title: string, content: unknown) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
          .stage { font-size: 1.5rem; font-weight: 600; text-transform: capitalize; }
          .exception { color: #a40; }
          time { color: #666; margin-right: .5rem; }
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        ${content}
      </body>
    </html>`;
}
