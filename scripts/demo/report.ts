import type { LinkSigningKey } from '../../lib/keys';
import { signLink } from '../../lib/signed-links';
import { feedbackToken } from './feedback';
import type { DemoResult } from './run';

export interface ReportTarget {
  /** Where the API answers (AFTERCART_URL). */
  baseUrl: string;
  /** PUBLIC_BASE_URL: where customers' links point. */
  publicBaseUrl: string;
  /** The Temporal Web UI, or a phrase when it is elsewhere. */
  temporalUi: string;
  linkKeys: readonly LinkSigningKey[];
}

/** What `npm run demo` prints once the journeys have settled: where to look, and what to paste. */
export function demoReport(result: DemoResult, target: ReportTarget): string[] {
  const lines: string[] = [];
  lines.push(result.pending.length === 0 ? 'Every journey and story is where it should be.' : `Still settling: ${result.pending.map((p) => `${p.name} (${p.missing})`).join('; ')}`);

  lines.push('', `In the Temporal UI (${target.temporalUi}), paste these into the search box:`);
  for (const search of result.searches) lines.push(`  ${search.what.padEnd(48)} ${search.query}`);

  const exp = Math.floor(Date.now() / 1000) + 7 * 86400;
  lines.push('', 'What shoppers see (tracking pages, valid for 7 days):');
  for (const name of ['split-partial', 'customs-documents-open', 'duties-owed', 'failed-attempts-pickup', 'happy-berlin']) {
    const journey = result.journeys.find((j) => j.name === name)!;
    lines.push(`  ${name.padEnd(28)} ${target.publicBaseUrl}/track/${signLink({ scope: 'track', sub: journey.orderId, exp }, target.linkKeys)}`);
  }
  const feedback = result.stories.find((s) => s.name === 'feedback-low-score')!;
  lines.push(`  ${'feedback form (answered)'.padEnd(28)} ${target.publicBaseUrl}/feedback/${feedbackToken(feedback.orderId, { run: result.run, linkKeys: target.linkKeys })}`);

  lines.push('', 'After delivery, over the API (KEY=$(cat .data/dev-api-key)):');
  for (const story of result.stories) lines.push(`  ${story.name.padEnd(28)} curl -s ${target.baseUrl}${story.look} -H "Authorization: Bearer $KEY"`);
  lines.push(`  ${''.padEnd(28)} (the segment reads "unscored" until the RFM schedule has run: README, "The demo first")`);
  lines.push(`  ${'product ratings'.padEnd(28)} curl -s ${target.baseUrl}/v1/products/TEA-EARLGREY/feedback -H "Authorization: Bearer $KEY"`);
  return lines;
}
