import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from './context';

/**
 * Headers for every HTML page a customer opens through a signed link (/track/..., the customs and address pages,
 * and the feedback and unsubscribe pages). The URL holds a token, so: no Referer leaves the page, no cache keeps it, no
 * other site may frame it, and the page loads nothing from elsewhere but the brand's logo: its one inline style and script run by nonce.
 */
export const htmlPageHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  const nonce = randomBytes(16).toString('base64');
  c.set('cspNonce', nonce);
  c.header(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      `img-src 'self'${logoOrigin(c.get('deps').config.brand.logoUrl)}`,
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  await next();
};

/** The configured brand logo is the one image a customer page may load from elsewhere. */
const logoOrigin = (logoUrl: string | undefined) => (logoUrl && /^https?:\/\//.test(logoUrl) ? ` ${new URL(logoUrl).origin}` : '');

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The document every customer page is: its language, the head every page shares (charset, mobile viewport, kept
 * out of search engines, title) and its one inline style, allowed by the CSP nonce `htmlPageHeaders` set. `style`
 * is the page's own CSS, written by us (never customer input); `body` is the escaped content.
 */
export function htmlDocument(options: { nonce: string; lang: string; title: string; style: string; body: Content | string }) {
  const { nonce, lang, title, style, body } = options;
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style nonce="${nonce}">${raw(style)}</style>
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}
