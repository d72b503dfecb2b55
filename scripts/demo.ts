/**
 * `npm run demo`: plays twenty realistic journeys against a running Aftercart (`npm start` in another terminal),
 * then prints the Temporal UI searches that show them and a few customer tracking links.
 *
 *   AFTERCART_URL (http://localhost:3000), AFTERCART_API_KEY (default: the development key in .data/dev-api-key)
 *   and the service's own WEBHOOK_SECRET_GENERIC and link keys (the same environment as `npm start`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config';
import { signLink } from '../lib/signed-links';
import { runDemo } from './demo/run';

async function main() {
  const config = loadConfig();
  const baseUrl = process.env.AFTERCART_URL ?? `http://localhost:${config.port}`;
  const devKeyFile = join(config.dataDir, 'dev-api-key');
  const apiKey = process.env.AFTERCART_API_KEY ?? (existsSync(devKeyFile) ? readFileSync(devKeyFile, 'utf8').trim() : config.apiKeys[0]?.secret);
  if (!apiKey) throw new Error('No API key: set AFTERCART_API_KEY (a key with the storefront, warehouse and operator scopes), or run `npm start` once to create the development key.');
  const ready = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
  if (!ready?.ok) throw new Error(`Aftercart does not answer at ${baseUrl}/readyz: start it with \`npm start\` (or set AFTERCART_URL).`);

  console.log(`Playing twenty journeys against ${baseUrl} ...`);
  const result = await runDemo({ baseUrl, apiKey, webhookSecret: config.webhookSecrets.generic }, { say: console.log });
  console.log(result.pending.length === 0 ? '\nEvery journey is where it should be.' : `\nStill settling: ${result.pending.map((p) => `${p.name} (${p.missing})`).join('; ')}`);

  console.log(`\nIn the Temporal UI (${config.temporal.address ? 'your cluster\'s UI' : `http://localhost:${config.temporal.uiPort}`}), paste these into the search box:`);
  for (const search of result.searches) console.log(`  ${search.what.padEnd(48)} ${search.query}`);

  const exp = Math.floor(Date.now() / 1000) + 7 * 86400;
  console.log('\nWhat shoppers see (tracking pages, valid for 7 days):');
  for (const name of ['split-partial', 'customs-documents-open', 'duties-owed', 'failed-attempts-pickup', 'happy-berlin']) {
    const journey = result.journeys.find((j) => j.name === name)!;
    console.log(`  ${name.padEnd(28)} ${config.publicBaseUrl}/track/${signLink({ scope: 'track', sub: journey.orderId, exp }, config.linkSigningKeys)}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
