import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Config } from '../../../lib/config';
import { htmlDocument } from '../../html-page';
import type { Language } from './texts';

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The frame of every customer page: the merchant's brand (name, colour, logo from configuration), one inline
 * style and at most one inline script, both allowed by the page's CSP nonce. Nothing loads from elsewhere except
 * the configured logo. Mobile first: one column, parcels side by side once the screen is wide enough.
 */
export function customerPage(options: { nonce: string; language: Language; title: string; brand: Config['brand']; content: Content; script?: string; footer?: Content }) {
  const { nonce, language, title, brand, content, script, footer } = options;
  return htmlDocument({
    nonce,
    lang: language,
    title: `${title} · ${brand.name}`,
    style: pageStyle(brand.color),
    body: html`<header class="brand">
          ${brand.logoUrl ? html`<img src="${brand.logoUrl}" alt="${brand.name}" />` : html`<span class="name">${brand.name}</span>`}
        </header>
        <main>
          <h1>${title}</h1>
          ${content}
        </main>
        ${footer ? html`<footer>${footer}</footer>` : ''}
        ${script ? html`<script nonce="${nonce}">${raw(script)}</script>` : ''}`,
  });
}

/** The one inline style; the brand colour is configuration checked to be `#rrggbb`. */
const pageStyle = (color: string) => `
          :root { --brand: ${color}; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --warn: #9a3412; --warn-bg: #fff4e5; --ok: #116329; }
          * { box-sizing: border-box; }
          body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #f6f8fa; }
          header.brand { background: var(--brand); color: #fff; padding: .75rem 1rem; display: flex; align-items: center; gap: .75rem; }
          header.brand img { max-height: 2rem; max-width: 10rem; }
          header.brand .name { font-weight: 700; font-size: 1.125rem; }
          main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
          h1 { font-size: 1.375rem; margin: .5rem 0; }
          h2 { font-size: 1.125rem; margin: 0 0 .5rem; }
          h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
          .headline { font-size: 1.125rem; font-weight: 600; margin: .25rem 0; }
          .promise { margin: .25rem 0 1rem; }
          .promise.late, .issue { color: var(--warn); }
          .promise.on-time { color: var(--ok); }
          ol.progress { list-style: none; display: flex; padding: 0; margin: .75rem 0; gap: 2px; }
          ol.progress li { flex: 1; font-size: .75rem; color: var(--muted); border-top: 6px solid var(--line); padding-top: .25rem; min-width: 0; overflow-wrap: anywhere; }
          ol.progress li.done { border-color: var(--brand); color: var(--ink); }
          ol.progress li[aria-current] { font-weight: 700; }
          .parcels { display: grid; gap: 1rem; grid-template-columns: 1fr; }
          @media (min-width: 44rem) { .parcels.split { grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); } }
          article.parcel { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; }
          .tracking { color: var(--muted); font-size: .875rem; margin: 0; }
          .issue { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .5rem .75rem; margin: .75rem 0; }
          .issue p { margin: 0 0 .5rem; }
          button, a.button { font: inherit; background: var(--brand); color: #fff; border: 0; border-radius: .375rem; padding: .6rem 1rem; min-height: 44px; cursor: pointer; text-decoration: none; display: inline-block; }
          button:focus-visible, a:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
          button:disabled { opacity: .6; cursor: default; }
          ol.scans { list-style: none; padding: 0; margin: 0; }
          ol.scans li { border-left: 2px solid var(--line); padding: 0 0 .75rem .75rem; }
          ol.scans time, .place { color: var(--muted); font-size: .875rem; display: block; }
          .what { display: block; }
          label { display: block; margin: .25rem 0; }
          input { font: inherit; width: 100%; padding: .4rem; }
          .after { background: #fff; border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
          .after p { margin: 0 0 .75rem; }
          .feedback.thanks { color: var(--ok); }
          .recommendations ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0; }
          .recommendations li { border: 1px solid var(--line); border-radius: .375rem; padding: .25rem .6rem; }
          footer { max-width: 64rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: .875rem; }
          footer a { color: inherit; }
          .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
