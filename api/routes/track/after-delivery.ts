import { WorkflowNotFoundError } from '@temporalio/client';
import { html } from 'hono/html';
import { recommendationsFor } from '../../../activities/customer/recommendations';
import type { Logger } from '../../../lib/logger';
import { signLink } from '../../../lib/signed-links';
import { feedbackStatusQuery, feedbackWorkflowId, type FeedbackStatus } from '../../../workflows/feedback/messages';
import type { OrderView } from '../../../workflows/order/messages';
import type { AppDeps } from '../../context';
import { texts, type Language } from './texts';

/**
 * What the tracking page adds once the order is delivered: the feedback prompt while the order's feedback request
 * (`feedback-<orderId>`) is open, a thank-you once it was answered, and "you may also like" from the same
 * recommendations the outreach sends (co-purchase counts, else best sellers). Nothing before delivery.
 */
export interface AfterDelivery {
  feedback?: { state: 'open'; href: string } | { state: 'submitted' };
  recommendations: string[];
}

const deliveredStages: readonly OrderView['stage'][] = ['delivered', 'signed_for'];
const openStatuses: readonly FeedbackStatus[] = ['waiting', 'asked'];

export async function afterDelivery(deps: Pick<AppDeps, 'config' | 'temporal' | 'orm'>, log: Logger | undefined, order: OrderView, language: Language, linkExp: number): Promise<AfterDelivery | undefined> {
  if (!deliveredStages.includes(order.stage)) return undefined;
  const { config, temporal, orm } = deps;
  // These extras never cost the customer the tracking itself: no request (never started, or past retention) means
  // no prompt; anything else is logged and leaves its part out.
  const leftOut = (what: string) => (error: unknown) => {
    if (!(error instanceof WorkflowNotFoundError)) log?.warn({ err: error, orderId: order.orderId }, `tracking page without ${what}`);
    return undefined;
  };
  const [feedback, recommended] = await Promise.all([
    temporal.workflow.getHandle(feedbackWorkflowId(order.orderId)).query(feedbackStatusQuery).catch(leftOut('the feedback prompt')),
    recommendationsFor(orm, order.customerId, config.policy.customer).catch(leftOut('recommendations')),
  ]);
  const token = () => encodeURIComponent(signLink({ scope: 'feedback', sub: order.orderId, exp: linkExp }, config.linkSigningKeys));
  return {
    feedback:
      feedback && openStatuses.includes(feedback.status)
        ? { state: 'open', href: `/feedback/${token()}?lang=${language}` }
        : feedback?.status === 'submitted'
          ? { state: 'submitted' }
          : undefined,
    recommendations: recommended?.skus ?? [],
  };
}

export function feedbackPrompt(after: AfterDelivery | undefined, language: Language) {
  const t = texts[language];
  if (after?.feedback?.state === 'open') {
    return html`<section class="after feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">${t.feedbackTitle}</h2>
      <p>${t.feedbackAsk}</p>
      <a class="button" href="${after.feedback.href}">${t.feedbackButton}</a>
    </section>`;
  }
  if (after?.feedback?.state === 'submitted') return html`<p class="after feedback thanks">${t.feedbackThanks}</p>`;
  return '';
}

export function recommendationList(after: AfterDelivery | undefined, language: Language) {
  if (!after?.recommendations.length) return '';
  return html`<section class="after recommendations" aria-labelledby="recommendations-title">
    <h2 id="recommendations-title">${texts[language].alsoLike}</h2>
    <ul>
      ${after.recommendations.map((sku) => html`<li>${sku}</li>`)}
    </ul>
  </section>`;
}
