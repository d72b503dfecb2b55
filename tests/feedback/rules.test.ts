import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { productionPolicy } from '../../workflows/policy';
import { FeedbackRequest, lowScoreReasons } from '../../workflows/feedback/request';
import type { FeedbackInput } from '../../workflows/feedback/messages';

const good = { products: [{ sku: 'MUG', rating: 5 }], delivery: 5, packaging: 5, service: 5, nps: 10 };
const input: FeedbackInput = { orderId: 'A1', customerId: 'C1', origin: 'delivered', crossBorder: false, lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'TEA', quantity: 2 }], parcels: [], policy: {} };

describe('feedback rules (plain code, production policy)', () => {
  it('production waits, reminders and thresholds are the documented defaults', () => {
    expect(productionPolicy.feedback).toEqual({ askAfterDomestic: '3 days', askAfterCrossBorder: '7 days', reminderInterval: '4 days', maxReminders: 2, expireAfter: '21 days', lowRatingAtOrBelow: 2, lowNpsAtOrBelow: 4 });
    expect(productionPolicy.service).toEqual({ firstResponseSla: '8 hours', resolutionSla: '5 days', answerWait: '7 days' });
  });

  it('a low score is any rating at or below the threshold, or a detractor NPS, each named', () => {
    const policy = productionPolicy.feedback;
    expect(lowScoreReasons(good, policy)).toEqual([]);
    expect(lowScoreReasons({ ...good, delivery: 3, nps: 5 }, policy)).toEqual([]); // just above both thresholds
    expect(lowScoreReasons({ ...good, products: [{ sku: 'MUG', rating: 2 }], service: 1, nps: 4 }, policy)).toEqual(['product MUG rated 2/5', 'service rated 1/5', 'NPS 4/10']);
  });

  it('refuses a second submission, lines not in the order, and answers after expiry', () => {
    const request = new FeedbackRequest(input, productionPolicy.feedback, '2026-01-01T00:00:00Z');
    expect(request.refuse({ ...good, products: [{ sku: 'OTHER', rating: 5 }] })?.type).toBe('unknown_sku');
    expect(request.refuse({ ...good, products: [{ sku: 'MUG', rating: 5 }, { sku: 'MUG', rating: 4 }] })?.type).toBe('duplicate_sku');
    expect(request.refuse(good)).toBeUndefined();
    request.submit(good, '2026-01-02T00:00:00Z');
    expect(request.refuse(good)?.type).toBe('already_submitted');
    const late = new FeedbackRequest(input, productionPolicy.feedback, '2026-01-01T00:00:00Z');
    late.expire();
    expect(late.refuse(good)?.type).toBe('feedback_expired');
  });

  it('AFTERCART_POLICY overrides the feedback and service keys and names a typo', () => {
    const config = loadConfig({ NODE_ENV: 'test', AFTERCART_POLICY: JSON.stringify({ feedback: { askAfterDomestic: '1 day', maxReminders: 1 }, service: { firstResponseSla: '2 hours' } }) });
    expect(config.policy.feedback).toMatchObject({ askAfterDomestic: '1 day', maxReminders: 1, askAfterCrossBorder: '7 days' });
    expect(config.policy.service.firstResponseSla).toBe('2 hours');
    expect(() => loadConfig({ NODE_ENV: 'test', AFTERCART_POLICY: JSON.stringify({ feedback: { askAfterDomestc: '1 day' } }) })).toThrow(/feedback/);
  });
});
