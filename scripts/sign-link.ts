/**
 * `npm run link -- <scope> <id> [days]`: prints a signed customer link with the configured signing key, e.g.
 * `npm run link -- track A1001` or `npm run link -- customs shipment-dhl-JD014600003828`. Stored messages keep
 * `[token]` in place of their links' tokens, so this is how a developer or operator opens a customer's page.
 */
import { ConfigError, loadConfig } from '../lib/config';
import { signLink, type LinkClaims } from '../lib/signed-links';

const scopes = ['track', 'customs', 'address', 'feedback', 'consent', 'service'] as const;
const [scope, id, days = '1'] = process.argv.slice(2);

try {
  if (!scopes.includes(scope as LinkClaims['scope']) || !id || !(Number(days) > 0)) {
    throw new ConfigError(`usage: npm run link -- <${scopes.join('|')}> <order id, shipment id, customer id or case id> [days valid, default 1]`);
  }
  const config = loadConfig();
  const token = signLink({ scope: scope as LinkClaims['scope'], sub: id, exp: Math.floor(Date.now() / 1000) + Math.round(Number(days) * 86400) }, config.linkSigningKeys);
  const base = config.publicBaseUrl;
  const paths: Record<string, string> = {
    track: `/track/${token}`,
    customs: `/shipments/${encodeURIComponent(id)}/customs?token=${token}`,
    address: `/shipments/${encodeURIComponent(id)}/address?token=${token}`,
    feedback: `/feedback/${token}`,
    service: `/feedback/${token}`,
  };
  console.log(paths[scope!] ? `${base}${paths[scope!]}` : token);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
