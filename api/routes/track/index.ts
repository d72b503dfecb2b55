import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { signLink, verifyLink } from '../../../lib/signed-links';
import { orderStatusQuery, orderWorkflowId } from '../../../workflows/order/messages';
import { shipmentStatusQuery, type ShipmentView } from '../../../workflows/shipment/messages';
import type { AppEnv } from '../../context';
import { htmlPageHeaders } from '../../html-page';
import { afterDelivery } from './after-delivery';
import { trackingModel } from './model';
import { actionScript, languageSwitch, trackingContent } from './render';
import { customerPage } from './shell';
import { pickLanguage, texts, type Language } from './texts';

/** Action links minted by the tracking page live no longer than 30 days, and never longer than its own link. */
const ACTION_LINK_SECONDS = 30 * 86400;

const languageOf = (c: Context<AppEnv>): Language => pickLanguage(c.req.query('lang'), c.req.header('accept-language'));

function expired(c: Context<AppEnv>) {
  const language = languageOf(c);
  const t = texts[language];
  return c.html(customerPage({ nonce: c.get('cspNonce')!, language, title: t.expiredTitle, brand: c.get('deps').config.brand, content: html`<p>${t.expired}</p>` }), 404);
}

/**
 * The customer's pages, reached through signed links in our messages: the tracking page, and the pages where a
 * customer acts on a customs hold or an address problem (they post to the API with a token of that scope).
 */
export const trackApi = new Hono<AppEnv>()
  .get('/track/:token', htmlPageHeaders, async (c) => {
    const { config, temporal } = c.get('deps');
    const token = c.req.param('token');
    const claims = verifyLink(token, config.linkSigningKeys, 'track');
    if (!claims) return expired(c);
    const workflowId = orderWorkflowId(claims.sub);
    c.set('workflowId', workflowId);
    const order = await temporal.workflow.getHandle(workflowId).query(orderStatusQuery);
    // A parcel whose workflow cannot answer still shows what the order knows about it.
    const shipments = await Promise.all(
      order.parcels.map((p) => temporal.workflow.getHandle(p.shipmentId).query(shipmentStatusQuery).catch((): ShipmentView | undefined => undefined)),
    );
    const language = languageOf(c);
    const t = texts[language];
    const exp = Math.min(claims.exp, Math.floor(Date.now() / 1000) + ACTION_LINK_SECONDS);
    const tokenFor = (scope: 'customs' | 'address', shipmentId: string) => encodeURIComponent(signLink({ scope, sub: shipmentId, exp }, config.linkSigningKeys));
    const links = {
      customs: (shipmentId: string) => `/v1/shipments/${encodeURIComponent(shipmentId)}/customs-actions?token=${tokenFor('customs', shipmentId)}`,
      address: (shipmentId: string) => `/shipments/${encodeURIComponent(shipmentId)}/address?token=${tokenFor('address', shipmentId)}&lang=${language}`,
    };
    const model = trackingModel(order, shipments, new Date());
    const after = await afterDelivery(c.get('deps'), c.get('log'), order, language, exp);
    return c.html(
      customerPage({
        nonce: c.get('cspNonce')!,
        language,
        title: t.order(order.orderId),
        brand: config.brand,
        content: trackingContent(model, language, links, after),
        footer: languageSwitch(language, (lang) => `/track/${token}?lang=${lang}`),
        script: model.parcels.some((p) => p.issues.some((i) => i.action?.kind === 'customs')) ? actionScript(t) : undefined,
      }),
    );
  })
  .get('/shipments/:shipmentId/:scope{customs|address}', htmlPageHeaders, async (c) => {
    const { config, temporal } = c.get('deps');
    const scope = c.req.param('scope') as 'customs' | 'address';
    const token = c.req.query('token') ?? '';
    const claims = verifyLink(token, config.linkSigningKeys, scope);
    if (!claims || claims.sub !== c.req.param('shipmentId')) return expired(c);
    const shipment = await temporal.workflow.getHandle(claims.sub).query(shipmentStatusQuery);
    const action = `/v1/shipments/${encodeURIComponent(claims.sub)}/${scope === 'customs' ? 'customs-actions' : 'address-correction'}?token=${encodeURIComponent(token)}`;
    const language = languageOf(c);
    return c.html(
      customerPage({
        nonce: c.get('cspNonce')!,
        language,
        title: `${shipment.carrier.toUpperCase()} ${shipment.trackingNumber}`,
        brand: config.brand,
        content: actionForm(scope, shipment, action, language),
        script: actionFormScript(texts[language].passedOn),
      }),
    );
  });

function actionForm(scope: 'customs' | 'address', shipment: ShipmentView, action: string, language: Language) {
  const t = texts[language];
  const kind = shipment.exception?.kind;
  const hold = kind ? html`<div class="issue"><p>${t.issue[kind]}</p>${shipment.exception?.description ? html`<p>${shipment.exception.description}</p>` : ''}</div>` : html`<p>Nothing is needed from you right now.</p>`;
  const fields =
    scope === 'customs'
      ? html`<button name="action" value="${kind === 'customs_duties_owed' ? 'duties_paid' : 'documents_provided'}">${kind === 'customs_duties_owed' ? t.dutiesPaid : t.documentsSent}</button>
          <button name="action" value="abandon">Return the parcel and refund me</button>`
      : html`${['name', 'line1', 'line2', 'city', 'postalCode', 'country'].map((f) => html`<label>${f} <input name="${f}" ${f === 'line2' ? '' : 'required'} /></label>`)}<button>${t.correctAddress}</button>`;
  return html`${hold}<form data-action="${action}" data-scope="${scope}">${fields}</form><p id="result" role="status" aria-live="polite"></p>`;
}

// The form posts JSON to the API with the same signed token; the page shows the answer.
const actionFormScript = (passedOn: string) => `
document.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target, data = Object.fromEntries(new FormData(form));
  if (!data.line2) delete data.line2;
  const body = form.dataset.scope === 'customs' ? { action: event.submitter.value } : { address: data };
  const response = await fetch(form.dataset.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  document.getElementById('result').textContent = response.ok ? ${JSON.stringify(passedOn)} : answer.detail;
});
`;
