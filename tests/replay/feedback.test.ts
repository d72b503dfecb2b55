import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answers, feedbackSteps } from '../feedback/support';
import { asKey, createHarness, eventually, type Harness } from '../support/harness';
import { replayHistories } from '../support/replay';

/**
 * Determinism guard for the feedback lifecycle: a feedback request answered with a low score, and the service
 * case it opened, run to the end and replay against the current code. `RECORD_HISTORIES=1` writes them to
 * histories/, where replay.test.ts keeps replaying them after every change.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness(__filename, { policy: { feedback: { askAfterDomestic: '1 second', reminderInterval: '1 hour' }, service: { firstResponseSla: '1 second', answerWait: '1 hour' } } });
});
afterAll(() => h?.close());

it('replays a low-score feedback request and the service case it opened, from ask to the customer\'s answer', async () => {
  const f = feedbackSteps(h);
  const { orderId } = await f.deliveredOrder();
  await eventually(() => expect(f.messages(orderId, 'feedback_request')).toHaveLength(1), 10_000);
  expect((await f.submit(f.token(orderId), answers({ packaging: 1, comment: 'Crushed box.' }))).status).toBe(201);
  const feedback = f.feedbackHandle(orderId);
  await feedback.result();
  const caseId = `feedback-${orderId}`;
  const service = h.client.workflow.getHandle(`service-${caseId}`);
  await eventually(async () => expect((await h.api('GET', `/v1/service-cases/${caseId}`)).body.needsAttention).toBe(true), 10_000);
  const event = (type: string) => h.api('POST', `/v1/service-cases/${caseId}/events`, { eventId: `hd-${type}`, type, occurredAt: new Date().toISOString() }, asKey('operator'));
  expect((await event('first_response')).status).toBe(200);
  expect((await event('resolved')).status).toBe(200);
  await eventually(async () => expect((await h.api('POST', `/v1/service-cases/${caseId}/answer`, { resolved: true }, asKey('operator'))).status).toBe(200));
  await service.result();

  const histories = [
    { workflowId: 'feedback-low-score-opened-case', history: await feedback.fetchHistory() },
    { workflowId: 'service-case-escalated-resolved-answered', history: await service.fetchHistory() },
  ];
  expect((await replayHistories(h.config, histories)).map((r) => r.error)).toEqual([undefined, undefined]);
  if (process.env.RECORD_HISTORIES === '1') {
    for (const { workflowId, history } of histories) writeFileSync(join(__dirname, 'histories', `${workflowId}.json`), historyToJSON(history));
  }
});
