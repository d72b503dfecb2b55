/**
 * Customer-link tokens are credentials: whoever reads one can act for the customer until it expires. Request
 * logs keep the path and query with every token replaced by a marker.
 */
export const TOKEN_MARKER = '[token]';

/** Path segments that carry a token on the customer pages: /track/<token>, /feedback/<token>, /v1/feedback/<token>. */
const tokenInPath = /^(\/(?:v1\/)?(?:track|feedback)\/)[^/]+/;
/** A signed link token anywhere in a path (lib/signed-links.ts: key id, claims, 43-character HMAC). */
const signedToken = /^[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;
const tokenParams = new Set(['token', 'access_token', 'api_key', 'key']);

/** The request target (path and query) of a URL, with link tokens replaced by TOKEN_MARKER. */
export function redactTokens(url: string): string {
  const target = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const [path = '', query] = splitOnce(target, '?');
  const redactedPath = path
    .replace(tokenInPath, `$1${TOKEN_MARKER}`)
    .split('/')
    .map((segment) => (signedToken.test(segment) ? TOKEN_MARKER : segment))
    .join('/');
  if (query === undefined) return redactedPath;
  const redactedQuery = query
    .split('&')
    .map((pair) => {
      const [name = '', value] = splitOnce(pair, '=');
      return value !== undefined && tokenParams.has(safeDecode(name).toLowerCase()) ? `${name}=${TOKEN_MARKER}` : pair;
    })
    .join('&');
  return `${redactedPath}?${redactedQuery}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
