import { Hono } from 'hono';
import { html } from 'hono/html';
import { verifyLink } from '../../../lib/signed-links';
import { orderStatusQuery, orderWorkflowId, type OrderView } from '../../../workflows/order/messages';
import { shipmentStatusQuery, type ShipmentView } from '../../../workflows/shipment/messages';
import type { AppEnv } from '../../context';
import { htmlPageHeaders } from '../../html-page';

const expired = (nonce: string) => page(nonce, 'Link expired', html`<p>This link is invalid or has expired. Please use the link in your latest message.</p>`);

/**
 * The customer's pages, reached through signed links in our messages: the tracking page, and the pages where a
 * customer acts on a customs hold or an address problem (they post to the API with the same token).
 */
export const trackApi = new Hono<AppEnv>()
  .get('/track/:token', htmlPageHeaders, async (c) => {
    const { config, temporal } = c.get('deps');
    const nonce = c.get('cspNonce')!;
    const claims = verifyLink(c.req.param('token'), config.linkSigningKeys, 'track');
    if (!claims) return c.html(expired(nonce), 404);
    const view = await temporal.workflow.getHandle(orderWorkflowId(claims.sub)).query(orderStatusQuery);
    return c.html(page(nonce, `Order ${view.orderId}`, body(view)));
  })
  .get('/shipments/:shipmentId/:scope{customs|address}', htmlPageHeaders, async (c) => {
    const { config, temporal } = c.get('deps');
    const nonce = c.get('cspNonce')!;
    const scope = c.req.param('scope') as 'customs' | 'address';
    const token = c.req.query('token') ?? '';
    const claims = verifyLink(token, config.linkSigningKeys, scope);
    if (!claims || claims.sub !== c.req.param('shipmentId')) return c.html(expired(nonce), 404);
    const shipment = await temporal.workflow.getHandle(claims.sub).query(shipmentStatusQuery);
    const action = `/v1/shipments/${encodeURIComponent(claims.sub)}/${scope === 'customs' ? 'customs-actions' : 'address-correction'}?token=${encodeURIComponent(token)}`;
    return c.html(page(nonce, `Parcel ${shipment.trackingNumber}`, actionForm(nonce, scope, shipment, action)));
  });

function actionForm(nonce: string, scope: 'customs' | 'address', shipment: ShipmentView, action: string) {
  const hold = shipment.exception ? html`<p class="exception">${words(shipment.exception.kind)}${shipment.exception.description ? `: ${shipment.exception.description}` : ''}</p>` : html`<p>Nothing is needed from you right now.</p>`;
  const fields = scope === 'customs'
    ? html`<button name="action" value="${shipment.exception?.kind === 'customs_duties_owed' ? 'duties_paid' : 'documents_provided'}">I have ${shipment.exception?.kind === 'customs_duties_owed' ? 'paid the duties' : 'sent the documents'}</button>
        <button name="action" value="abandon">Return the parcel and refund me</button>`
    : html`${['name', 'line1', 'line2', 'city', 'postalCode', 'country'].map((f) => html`<label>${f} <input name="${f}" ${f === 'line2' ? '' : 'required'} /></label>`)}<button>Send the corrected address</button>`;
  // The form posts JSON to the API with the same signed token; the page shows the answer.
  return html`${hold}<form data-action="${action}" data-scope="${scope}">${fields}</form><p id="result"></p>
    <script nonce="${nonce}">
      document.querySelector('form').addEventListener('submit', async (event) => {
        event.preventDefault();
        const form = event.target, data = Object.fromEntries(new FormData(form));
        const body = form.dataset.scope === 'customs' ? { action: event.submitter.value } : { address: data };
        const response = await fetch(form.dataset.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        const answer = await response.json();
        document.getElementById('result').textContent = response.ok ? 'Thank you, we have passed this on.' : answer.detail;
      });
    </script>`;
}

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

function page(nonce: string, title: string, content: unknown) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style nonce="${nonce}">
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
          .stage { font-size: 1.5rem; font-weight: 600; text-transform: capitalize; }
          .exception { color: #a40; }
          time { color: #666; margin-right: .5rem; }
          label { display: block; margin: .25rem 0; }
          button { margin: .5rem .5rem 0 0; }
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        ${content}
      </body>
    </html>`;
}
