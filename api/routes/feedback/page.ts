import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Customer } from '../../../entities';
import { verifyLink } from '../../../lib/signed-links';
import { feedbackStatusQuery, feedbackWorkflowId, type FeedbackView } from '../../../workflows/feedback/messages';
import { serviceCaseQuery, serviceCaseWorkflowId, type ServiceCaseView } from '../../../workflows/service/messages';
import type { AppEnv } from '../../context';
import { htmlDocument, htmlPageHeaders } from '../../html-page';
import { fill, textFor, type PageText } from './page-text';
import { pageScript, pageStyle } from './page-assets';

/**
 * The customer's feedback page, `GET /feedback/<token>`: a small form that posts to `POST /v1/feedback/<token>`
 * and shows a thank-you. The same path answers a service case's "was this resolved?" link (scope `service`).
 * Mobile-first, no external assets, in the customer's language (`?lang=` overrides it).
 */
export const feedbackPageApi = new Hono<AppEnv>().get('/feedback/:token', htmlPageHeaders, async (c) => {
  const { config, temporal, orm } = c.get('deps');
  const nonce = c.get('cspNonce')!;
  const token = c.req.param('token');
  const localeOf = async (customerId: string) => c.req.query('lang') ?? (await orm.em.fork().findOne(Customer, { id: customerId }))?.locale;
  const query = async <T>(workflowId: string, run: (id: string) => Promise<T>) => run(workflowId).catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  });

  const feedback = verifyLink(token, config.linkSigningKeys, 'feedback');
  if (feedback) {
    const view = await query(feedbackWorkflowId(feedback.sub), (id) => temporal.workflow.getHandle(id).query(feedbackStatusQuery));
    const { lang, t } = textFor(view ? await localeOf(view.customerId) : c.req.query('lang'));
    if (!view) return c.html(page(nonce, lang, t.expiredTitle, html`<p>${t.expiredBody}</p>`), 404);
    if (view.status === 'submitted') return c.html(page(nonce, lang, t.thanksTitle, html`<p>${t.thanksBody}</p>`));
    if (view.status === 'expired') return c.html(page(nonce, lang, t.closedTitle, html`<p>${t.closedBody}</p>`), 410);
    return c.html(page(nonce, lang, fill(t.title, { orderId: view.orderId }), feedbackForm(nonce, t, view, `/v1/feedback/${encodeURIComponent(token)}`)));
  }
  const service = verifyLink(token, config.linkSigningKeys, 'service');
  if (service) {
    const view = await query(serviceCaseWorkflowId(service.sub), (id) => temporal.workflow.getHandle(id).query(serviceCaseQuery));
    const { lang, t } = textFor(view ? await localeOf(view.customerId) : c.req.query('lang'));
    if (!view) return c.html(page(nonce, lang, t.expiredTitle, html`<p>${t.expiredBody}</p>`), 404);
    const action = `/v1/service-cases/${encodeURIComponent(service.sub)}/answer?token=${encodeURIComponent(token)}`;
    return c.html(page(nonce, lang, t.caseTitle, caseQuestion(nonce, t, view, action)));
  }
  const { lang, t } = textFor(c.req.query('lang'));
  return c.html(page(nonce, lang, t.expiredTitle, html`<p>${t.expiredBody}</p>`), 404);
});

const scale = (name: string, from: number, to: number, hintId: string) =>
  html`<div class="scale" role="radiogroup" aria-describedby="${hintId}">
    ${Array.from({ length: to - from + 1 }, (_, i) => from + i).map((value) => html`<label><input type="radio" name="${name}" value="${value}" required /><span>${value}</span></label>`)}
  </div>`;

const question = (name: string, legend: string, hint: string, from = 1, to = 5, sku?: string) =>
  html`<fieldset ${sku ? html`data-sku="${sku}"` : ''} data-name="${name}">
    <legend>${legend}</legend>
    <p class="hint" id="hint-${name}">${hint}</p>
    ${scale(name, from, to, `hint-${name}`)}
  </fieldset>`;

function feedbackForm(nonce: string, t: PageText, view: FeedbackView, action: string) {
  return html`<p>${view.origin === 'returned' ? t.returnedIntro : t.intro}</p>
    <div id="problems" class="problems" role="alert" tabindex="-1" hidden><p>${t.errors}</p><ul></ul></div>
    <form id="feedback" data-action="${action}" data-failed="${t.failed}" data-sending="${t.sending}" novalidate>
      ${view.skus.map((sku, i) => question(`product-${i}`, fill(t.product, { sku }), t.scaleHint, 1, 5, sku))}
      ${question('delivery', t.delivery, t.scaleHint)}
      ${question('packaging', t.packaging, t.scaleHint)}
      ${question('service', t.service, t.scaleHint)}
      ${question('nps', t.nps, t.npsHint, 0, 10)}
      <label class="comment" for="comment">${t.comment}</label>
      <textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea>
      <button type="submit">${t.submit}</button>
    </form>
    <section id="thanks" class="thanks" tabindex="-1" aria-live="polite" hidden><h2>${t.thanksTitle}</h2><p>${t.thanksBody}</p></section>
    <script nonce="${nonce}">${raw(pageScript)}</script>`;
}

function caseQuestion(nonce: string, t: PageText, view: ServiceCaseView, action: string) {
  if (view.customerAnswer && view.customerAnswer !== 'unanswered') return html`<p>${t.caseThanks}</p>`;
  return html`<p>${fill(t.caseIntro, { ticketId: view.ticketId ?? view.caseId })}</p>
    <div id="problems" class="problems" role="alert" tabindex="-1" hidden><p>${t.errors}</p><ul></ul></div>
    <form id="case" data-action="${action}" data-failed="${t.failed}" data-sending="${t.sending}">
      <button type="submit" name="resolved" value="true">${t.yes}</button>
      <button type="submit" name="resolved" value="false" class="secondary">${t.no}</button>
    </form>
    <section id="thanks" class="thanks" tabindex="-1" aria-live="polite" hidden><p>${t.caseThanks}</p></section>
    <script nonce="${nonce}">${raw(pageScript)}</script>`;
}

function page(nonce: string, lang: string, title: string, content: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return htmlDocument({ nonce, lang, title, style: pageStyle, body: html`<main>
          <h1>${title}</h1>
          ${content}
        </main>` });
}
