/**
 * `npm run demo`: plays twenty realistic journeys and the after-delivery stories (four returns, a low feedback
 * score with its service case, a customer's loyalty) against a running Aftercart (`npm start` in another
 * terminal), then prints the Temporal UI searches that show them, customer links and the API views to open.
 *
 *   AFTERCART_URL (http://localhost:$PORT), AFTERCART_API_KEY (default: the development key in .data/dev-api-key)
 *   and the service's own WEBHOOK_SECRET_GENERIC and link keys (the same environment as `npm start`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config';
import { demoReport } from './demo/report';
import { runDemo } from './demo/run';

async function main() {
  const config = loadConfig();
  const baseUrl = process.env.AFTERCART_URL ?? `http://localhost:${config.port}`;
  const devKeyFile = join(config.dataDir, 'dev-api-key');
  const apiKey = process.env.AFTERCART_API_KEY ?? (existsSync(devKeyFile) ? readFileSync(devKeyFile, 'utf8').trim() : config.apiKeys[0]?.secret);
  if (!apiKey) throw new Error('No API key: set AFTERCART_API_KEY (a key with the storefront, warehouse and operator scopes), or run `npm start` once to create the development key.');
  const ready = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
  if (!ready?.ok) throw new Error(`Aftercart does not answer at ${baseUrl}/readyz: start it with \`npm start\` (or set AFTERCART_URL).`);

  console.log(`Playing twenty journeys, four returns, a feedback answer and a customer's loyalty against ${baseUrl} ...`);
  const result = await runDemo({ baseUrl, apiKey, webhookSecret: config.webhookSecrets.generic, linkKeys: config.linkSigningKeys }, { say: console.log });
  const temporalUi = config.temporal.address ? "your cluster's UI" : `http://localhost:${config.temporal.uiPort}`;
  console.log(['', ...demoReport(result, { baseUrl, publicBaseUrl: config.publicBaseUrl, temporalUi, linkKeys: config.linkSigningKeys })].join('\n'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
