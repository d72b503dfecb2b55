import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { Feedback } from '../../../entities';
import { verifyLink } from '../../../lib/signed-links';
import { feedbackRefusals, feedbackWorkflowId, submitFeedbackUpdate } from '../../../workflows/feedback/messages';
import { byKey } from '../../auth';
import type { AppEnv } from '../../context';
import { validationHook } from '../../hooks';
import { ProblemError, problems } from '../../problem';
import { jsonBody, jsonContent, keyProblems, problemContent } from '../../schemas/common';
import { CarrierParam, CarrierScorecardSchema, FeedbackReceiptSchema, FeedbackSubmissionSchema, FeedbackTokenParam, ProductFeedbackSchema, SkuParam } from '../../schemas/feedback';
import { executeUpdate } from '../../temporal';
import { carrierScorecard, productFeedback } from './reports';

/** The feedback link's token is in the path: it names the order and is the customer's only credential. */
const byFeedbackToken = (): { security: Record<string, string[]>[]; middleware: MiddlewareHandler<AppEnv>[] } => ({
  security: [{ LinkToken: [] }],
  middleware: [
    async (c, next) => {
      const claims = verifyLink(c.req.param('token') ?? '', c.get('deps').config.linkSigningKeys, 'feedback');
      if (!claims) throw problems.unauthorized('The feedback link is invalid or has expired.');
      c.set('workflowId', feedbackWorkflowId(claims.sub));
      c.set('actor', 'customer');
      await next();
    },
  ],
});

const submitFeedback = createRoute({
  method: 'post',
  path: '/v1/feedback/{token}',
  tags: ['feedback'],
  summary: 'Leave feedback on an order: product rating per line, delivery timeliness, packaging, service (1-5), NPS (0-10), a comment',
  description: 'The token is the one in the feedback link (the path segment after /feedback/). One submission per order.',
  ...byFeedbackToken(),
  request: { params: FeedbackTokenParam, body: jsonBody(FeedbackSubmissionSchema) },
  responses: {
    401: problemContent('The link is invalid or has expired'),
    201: jsonContent(FeedbackReceiptSchema, 'Received; thank you'),
    400: problemContent('Invalid answers; `errors` names each field'),
    409: problemContent('Refused; `reason` says why (already_submitted, feedback_expired, feedback_closed)'),
    422: problemContent('A rated sku is not a line of this order to rate (unknown_sku, duplicate_sku)'),
  },
});

const getProductFeedback = createRoute({
  method: 'get',
  path: '/v1/products/{sku}/feedback',
  tags: ['feedback'],
  summary: "A product's ratings: average, count, distribution and recent comments",
  ...byKey('operator'),
  request: { params: SkuParam },
  responses: { ...keyProblems, 200: jsonContent(ProductFeedbackSchema, 'Aggregates (count 0 and average null before the first rating)') },
});

const getCarrierScorecard = createRoute({
  method: 'get',
  path: '/v1/carriers/{carrier}/scorecard',
  tags: ['feedback'],
  summary: "A carrier's scorecard: on time against the promise, exceptions, days in transit, customers' delivery ratings",
  ...byKey('operator'),
  request: { params: CarrierParam },
  responses: { ...keyProblems, 200: jsonContent(CarrierScorecardSchema, 'The scorecard over every delivered parcel on record') },
});

export const feedbackApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(submitFeedback, async (c) => {
    const { orm, temporal } = c.get('deps');
    const workflowId = c.get('workflowId')!;
    const orderId = workflowId.slice('feedback-'.length);
    const answerOnRecord = async () => (await orm.em.fork().count(Feedback, { orderId })) > 0;
    const alreadyReceived = () => problems.conflict(feedbackRefusals.alreadySubmitted, 'Feedback for this order has already been received. Thank you!');
    if (await answerOnRecord()) throw alreadyReceived();
    try {
      const view = await executeUpdate(temporal.workflow.getHandle(workflowId), submitFeedbackUpdate, [c.req.valid('json')]);
      return c.json({ orderId, status: view.status, submittedAt: view.submittedAt, lowScore: view.lowScoreReasons.length > 0 }, 201);
    } catch (error) {
      // executeUpdate answers this request's own answer even when its reply was lost. A closed request with an answer
      // on record was closed by another submission (a second tab, a retry after a 503): the customer is told so.
      if (error instanceof ProblemError && error.problem.reason === 'journey_completed' && (await answerOnRecord())) throw alreadyReceived();
      throw feedbackProblem(error);
    }
  })
  .openapi(getProductFeedback, async (c) => c.json(await productFeedback(c.get('deps').orm, c.req.valid('param').sku), 200))
  .openapi(getCarrierScorecard, async (c) => c.json(await carrierScorecard(c.get('deps').orm, c.req.valid('param').carrier), 200));

/** A refused submission in the customer's terms: lines that are not the order's are a 422 naming the field. */
function feedbackProblem(error: unknown): unknown {
  if (!(error instanceof ProblemError)) return error;
  const { reason, detail } = error.problem;
  if (reason === feedbackRefusals.unknownSku || reason === feedbackRefusals.duplicateSku) {
    return new ProblemError({ title: 'Unprocessable Content', status: 422, reason, detail, errors: [{ field: 'products', reason: detail ?? reason }] });
  }
  if (reason === 'journey_completed') return problems.conflict('feedback_closed', 'This feedback request has closed; it takes no more answers.');
  return error;
}
