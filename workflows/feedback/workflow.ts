import { msToNumber } from '@temporalio/common/lib/time';
import { allHandlersFinished, condition, log, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import { resolvePolicy } from '../policy';
import { activityProfiles } from '../shared/activity-profiles';
import { Background } from '../shared/background';
import { createNotifier } from '../shared/notifier';
import { tellCustomer } from '../customer/tell';
import { startServiceCase } from '../service/start';
import { feedbackDetails } from './details';
import {
  feedbackStatusQuery,
  orderReturnedSignal,
  submitFeedbackUpdate,
  type FeedbackInput,
  type FeedbackSubmission,
  type FeedbackView,
} from './messages';
import { FeedbackRequest } from './request';

/**
 * An order's feedback request, `feedback-<orderId>`: waits after delivery (longer cross-border), asks once with
 * a signed link, reminds a bounded number of times, expires. A submission lands in MySQL (product ratings, the
 * carrier scorecard's delivery rating); a low score opens a service follow-up.
 */
export async function feedbackWorkflow(input: FeedbackInput): Promise<FeedbackView> {
  const workflowId = workflowInfo().workflowId;
  const policy = resolvePolicy(input.policy);
  const { database, partner } = activityProfiles(policy.activities);
  const askAfter = msToNumber(input.crossBorder || input.origin === 'returned' ? policy.feedback.askAfterCrossBorder : policy.feedback.askAfterDomestic);
  const request = new FeedbackRequest(input, policy.feedback, iso(Date.now() + askAfter));
  const background = new Background();
  let submission: FeedbackSubmission | undefined;
  let recorded = false;

  const notify = createNotifier({
    workflowId,
    customerId: input.customerId,
    orderId: input.orderId,
    partner,
    track: background.add,
    onFailure: (template, reason) => {
      request.view.undelivered = `${template}: ${reason}`;
      publish();
    },
  });
  const link = { scope: 'feedback' as const, orderId: input.orderId };
  const publish = () => setCurrentDetails(feedbackDetails(request.view));

  setHandler(feedbackStatusQuery, () => request.view);
  setHandler(orderReturnedSignal, ({ skus }) => {
    request.returned(skus);
    publish();
  });
  setHandler(
    submitFeedbackUpdate,
    async (answers) => {
      submission = answers;
      request.submit(answers, iso(Date.now()));
      publish();
      await database.recordFeedback.executeWithOptions({ summary: `Record the feedback on order ${input.orderId} in MySQL` }, [
        { orderId: input.orderId, customerId: input.customerId, submission: answers, submittedAt: request.view.submittedAt!, lowScore: request.view.lowScoreReasons.length > 0 },
      ]);
      recorded = true;
      return request.view;
    },
    {
      validator: (answers) => {
        const refused = request.refuse(answers);
        if (refused) throw refused;
      },
    },
  );

  publish();
  if (input.parcels.length > 0) {
    await database.recordDeliveryFacts.executeWithOptions({ summary: `Record the delivery facts of order ${input.orderId} for the carrier scorecard` }, [{ orderId: input.orderId, parcels: input.parcels }]);
  }

  if (!(await condition(() => !request.open, askAfter))) {
    const expiresAt = Date.now() + msToNumber(policy.feedback.expireAfter);
    request.asked(iso(Date.now()), iso(expiresAt));
    notify(request.view.skus.length === 0 ? 'feedback_request_returned' : 'feedback_request', '', {}, link);
    publish();
    for (let reminder = 1; reminder <= policy.feedback.maxReminders; reminder++) {
      const until = Math.min(Date.now() + msToNumber(policy.feedback.reminderInterval), expiresAt);
      if (await condition(() => !request.open, Math.max(until - Date.now(), 1))) break;
      if (Date.now() >= expiresAt) break;
      request.reminded();
      notify('feedback_reminder', String(reminder), {}, link);
      publish();
    }
    if (request.open && !(await condition(() => !request.open, Math.max(expiresAt - Date.now(), 1)))) {
      request.expire();
      log.info('feedback request expired unanswered', { orderId: input.orderId });
      publish();
    }
  }

  if (request.submitted) {
    await condition(() => recorded);
    // The customer's entity workflow keeps the fact (its RFM and outreach decisions read it).
    await tellCustomer(database, input.customerId, {
      type: 'feedback',
      eventId: `${workflowId}:submitted`,
      at: request.view.submittedAt!,
      orderId: input.orderId,
      nps: submission?.nps,
      lowScore: request.view.lowScoreReasons.length > 0,
    });
    if (request.view.lowScoreReasons.length > 0) {
      const caseId = `feedback-${input.orderId}`;
      request.view.serviceCaseId = caseId;
      const description = [`Low feedback on order ${input.orderId}: ${request.view.lowScoreReasons.join('; ')}.`, submission?.comment ? `Customer's comment: ${submission.comment}` : ''].filter(Boolean).join('\n');
      await startServiceCase({
        caseId,
        customerId: input.customerId,
        orderId: input.orderId,
        origin: 'low_feedback',
        subject: `Low feedback on order ${input.orderId}`,
        description,
        policy: { service: policy.service, activities: policy.activities },
      });
      publish();
    }
  }

  await background.settle();
  await condition(allHandlersFinished);
  request.view.completed = true;
  publish();
  return request.view;
}

const iso = (ms: number) => new Date(ms).toISOString();
