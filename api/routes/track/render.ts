import { html } from 'hono/html';
import { feedbackPrompt, recommendationList, type AfterDelivery } from './after-delivery';
import { steps, type OpenIssue, type ParcelModel, type TrackingModel } from './model';
import { formatDate, formatTime, languages, texts, type Language } from './texts';

/** Where a button posts, with the signed token that allows it; the page's script sends the JSON. */
export interface ActionLinks {
  customs: (shipmentId: string) => string;
  address: (shipmentId: string) => string;
}

function progress(step: number | undefined, t: (typeof texts)[Language], label: string) {
  return html`<ol class="progress" aria-label="${label}">
    ${steps.map((name, i) => {
      const done = step !== undefined && i <= step;
      const current = step === i;
      return html`<li class="${done ? 'done' : ''}" ${current ? html`aria-current="step"` : ''}>${t.steps[name]}<span class="visually-hidden">${current ? ` (${t.stepCurrent})` : done ? ` (${t.stepDone})` : ''}</span></li>`;
    })}
  </ol>`;
}

function issueBlock(issue: OpenIssue, t: (typeof texts)[Language], links: ActionLinks) {
  const action = issue.action;
  const button =
    action?.kind === 'customs'
      ? html`<form class="act" data-action="${links.customs(action.shipmentId)}"><button name="action" value="${action.action}">${action.action === 'duties_paid' ? t.dutiesPaid : t.documentsSent}</button></form>`
      : action?.kind === 'address'
        ? html`<a class="button" href="${links.address(action.shipmentId)}">${t.correctAddress}</a>`
        : '';
  return html`<div class="issue" data-kind="${issue.kind}">
    <p>${issue.answered ? t.waitingForCustoms : t.issue[issue.kind]}</p>
    ${button}
  </div>`;
}

function parcelCard(parcel: ParcelModel, n: number, of: number, language: Language, links: ActionLinks) {
  const t = texts[language];
  const headingId = `parcel-${n}`;
  return html`<article class="parcel" aria-labelledby="${headingId}">
    <h2 id="${headingId}">${t.parcel(n, of)}: ${t.stage[parcel.stage] ?? parcel.stage}</h2>
    <p class="tracking">${parcel.carrier.toUpperCase()} ${parcel.trackingNumber}</p>
    ${parcel.problem ? html`<div class="issue"><p>${t.parcelProblem[parcel.problem]}</p></div>` : progress(parcel.step, t, `${t.progress}: ${t.parcel(n, of)}`)}
    ${parcel.issues.map((issue) => issueBlock(issue, t, links))}
    <p><strong>${t.contents}:</strong> ${parcel.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')}</p>
    <h3>${t.scans}</h3>
    ${parcel.scans.length === 0
      ? html`<p>${t.noScans}</p>`
      : html`<ol class="scans">
          ${parcel.scans.map(
            (s) => html`<li><time datetime="${s.at}">${formatTime(s.at, language)}</time><span class="what">${s.description ?? t.stage[s.status] ?? s.status}</span>${s.place ? html`<span class="place">${s.place}</span>` : ''}</li>`,
          )}
        </ol>`}
  </article>`;
}

function promiseLine(model: TrackingModel, language: Language) {
  const t = texts[language];
  const promise = model.promise;
  if (!promise) return '';
  const date = formatDate(promise.by, language);
  if (promise.delivered) return html`<p class="promise ${promise.late ? 'late' : 'on-time'}">${promise.late ? t.deliveredLate(date) : t.deliveredOnTime}</p>`;
  return html`<p class="promise ${promise.late ? 'late' : ''}">${promise.late ? t.lateBy(date) : t.promisedBy(date)}</p>`;
}

export function trackingContent(model: TrackingModel, language: Language, links: ActionLinks, after?: AfterDelivery) {
  const t = texts[language];
  return html`
    <p class="headline">${t.headline[model.headline]}</p>
    ${promiseLine(model, language)}
    <p>${t.shippingTo(model.destination)}</p>
    ${model.headline === 'cancelled' ? '' : progress(model.step, t, t.progress)}
    ${feedbackPrompt(after, language)}
    <section aria-label="${t.parcels}" class="parcels ${model.parcels.length > 1 ? 'split' : ''}">
      ${model.parcels.map((p, i) => parcelCard(p, i + 1, model.parcels.length, language, links))}
    </section>
    ${recommendationList(after, language)}
    <p id="result" role="status" aria-live="polite"></p>`;
}

/** Links to the same page in the other languages. */
export function languageSwitch(language: Language, hrefFor: (lang: Language) => string) {
  return html`<nav aria-label="${texts[language].language}">${languages.map((lang, i) => html`${i ? ' · ' : ''}${lang === language ? html`<span aria-current="true">${lang.toUpperCase()}</span>` : html`<a href="${hrefFor(lang)}" hreflang="${lang}" lang="${lang}">${lang.toUpperCase()}</a>`}`)}</nav>`;
}

/** Posts a customs answer as JSON with the page's signed token, then says so where a screen reader hears it. */
export const actionScript = (t: { passedOn: string; waitingForCustoms: string }) => `
document.querySelectorAll('form.act').forEach((form) => form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = event.submitter;
  button.disabled = true;
  const response = await fetch(form.dataset.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: button.value }) });
  const answer = await response.json().catch(() => ({}));
  document.getElementById('result').textContent = response.ok ? ${JSON.stringify(t.passedOn)} : (answer.detail || answer.title || String(response.status));
  if (!response.ok) { button.disabled = false; return; }
  const issue = form.closest('.issue');
  issue.querySelector('p').textContent = ${JSON.stringify(t.waitingForCustoms)};
  form.remove();
}));
`;
