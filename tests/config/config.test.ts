import { msToNumber } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { openDatabase } from '../../lib/database';
import { normalizePolicy, policyGroups, productionPolicy, resolvePolicy } from '../../workflows/policy';

describe('production policy', () => {
  it('keeps the production values the business agreed on, grouped by lifecycle', () => {
    expect(productionPolicy).toEqual({
      order: { shipBySla: '2 days', promisedDelivery: '7 days', signatureGrace: '1 hour', reshipConfirmWithin: '3 days' },
      shipment: {
        lateEventGrace: '3 days',
        stalledAfter: '4 days',
        crossBorderStalledAfter: '7 days',
        declareLostAfter: '21 days',
        historyEventsBeforeContinueAsNew: 10000,
        maxDeliveryAttempts: 3,
        afterFailedAttempts: 'pickup_point',
        lostOrDamagedResolution: 'reship',
        addressCorrectionWait: '2 days',
        customsReminderInterval: '2 days',
        customsMaxReminders: 3,
        customsEscalateAfter: '3 days',
        customsAbandonAfter: '14 days',
      },
      activities: { databaseActivityTimeout: '30 seconds', partnerActivityTimeout: '30 seconds', partnerRetryMaxInterval: '10 minutes', stepAlertAfter: '30 minutes', failedStepWait: '30 days', activityQueues: 'shared' },
      customer: expect.any(Object), // its values are pinned in tests/customer/rules.test.ts
      feedback: { askAfterDomestic: '3 days', askAfterCrossBorder: '7 days', reminderInterval: '4 days', maxReminders: 2, expireAfter: '21 days', lowRatingAtOrBelow: 2, lowNpsAtOrBelow: 4 },
      service: { firstResponseSla: '8 hours', resolutionSla: '5 days', answerWait: '7 days' },
      returns: {
        returnWindow: '30 days',
        autoApproveMaxMinor: 10000,
        excessiveReturnsCount: 3,
        excessiveReturnsWindow: '90 days',
        reviewTimeout: '2 days',
        reviewTimeoutDecision: 'approve',
        refundAt: 'receipt',
        labelValidFor: '14 days',
        receiptExpectedWithin: '7 days',
        restockingFeePercent: 10,
        restockingFeeReasons: 'changed_mind',
      },
    });
  });

  it('orders its customs timers so reminders come before escalation and escalation before abandonment', () => {
    const { order, shipment } = productionPolicy;
    expect(msToNumber(shipment.customsReminderInterval)).toBeLessThan(msToNumber(shipment.customsEscalateAfter));
    expect(msToNumber(shipment.customsEscalateAfter)).toBeLessThan(msToNumber(shipment.customsAbandonAfter));
    expect(msToNumber(shipment.stalledAfter)).toBeLessThan(msToNumber(shipment.crossBorderStalledAfter));
    expect(msToNumber(order.signatureGrace)).toBeLessThan(msToNumber(shipment.lateEventGrace));
  });

  it('layers environment and per-order overrides over the production defaults, key by key within a group', () => {
    const policy = resolvePolicy({ order: { shipBySla: '3 days' }, shipment: { maxDeliveryAttempts: 5 } }, { order: { shipBySla: '1 day' } });
    expect(policy.order).toEqual({ shipBySla: '1 day', promisedDelivery: '7 days', signatureGrace: '1 hour', reshipConfirmWithin: '3 days' });
    expect(policy.shipment).toMatchObject({ maxDeliveryAttempts: 5, stalledAfter: '4 days' });
  });

  it('reads the flat policy that journeys started before the grouping carry', () => {
    const flat = { shipBySla: '3 days', shipmentLateEventGrace: '1 second', customsMaxReminders: 1, partnerRetryMaxInterval: '5 seconds' };
    const policy = normalizePolicy(flat);
    expect(policy.order.shipBySla).toBe('3 days');
    expect(policy.shipment).toMatchObject({ lateEventGrace: '1 second', customsMaxReminders: 1, stalledAfter: '4 days' });
    expect(policy.activities.partnerRetryMaxInterval).toBe('5 seconds');
    expect(normalizePolicy(policyGroups(policy, 'order', 'activities'))).toEqual({ ...policy, shipment: productionPolicy.shipment });
  });
});

describe('configuration', () => {
  it('has defaults that work on a developer machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: 'mysql://root@127.0.0.1:3306/aftercart', temporal: { address: undefined, namespace: 'default' } });
    expect(config.policy).toEqual(productionPolicy);
  });

  it('serves worker metrics on 9464 unless turned off, and traces only with an OTLP endpoint (empty counts as unset)', () => {
    expect(loadConfig({}).observability).toEqual({ workerMetricsAddress: '0.0.0.0:9464', otlpEndpoint: undefined, serviceName: undefined });
    expect(loadConfig({ WORKER_METRICS_PORT: '0', OTEL_EXPORTER_OTLP_ENDPOINT: '' }).observability).toMatchObject({ workerMetricsAddress: undefined, otlpEndpoint: undefined });
    expect(loadConfig({ WORKER_METRICS_HOST: '127.0.0.1', WORKER_METRICS_PORT: '9500', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).observability)
      .toMatchObject({ workerMetricsAddress: '127.0.0.1:9500', otlpEndpoint: 'http://collector:4318' });
  });

  it('reads the grouped AFTERCART_POLICY into the policy', () => {
    const config = loadConfig({ AFTERCART_POLICY: '{"shipment":{"customsAbandonAfter":"21 days","afterFailedAttempts":"return_to_sender"}}' });
    expect(config.policy.shipment).toMatchObject({ customsAbandonAfter: '21 days', afterFailedAttempts: 'return_to_sender', stalledAfter: '4 days' });
    expect(config.policy.order.shipBySla).toBe('2 days');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://localhost/aftercart' }, 'DATABASE_URL'],
    [{ AFTERCART_POLICY: '{not json' }, 'AFTERCART_POLICY'],
    [{ AFTERCART_POLICY: '{"order":{"shipBySla":"soonish"}}' }, 'AFTERCART_POLICY.order.shipBySla'],
    [{ AFTERCART_POLICY: '{"shipment":{"stalledAfter":"a while"}}' }, 'AFTERCART_POLICY.shipment.stalledAfter'],
    [{ AFTERCART_POLICY: '{"order":{"shipBySlaa":"2 days"}}' }, 'Unrecognized key: "shipBySlaa"'],
    [{ AFTERCART_POLICY: '{"shipBySla":"2 days"}' }, 'Unrecognized key: "shipBySla"'],
    [{ AFTERCART_POLICY: '{"shipment":{"maxDeliveryAttempts":"three"}}' }, 'AFTERCART_POLICY.shipment.maxDeliveryAttempts'],
    [{ AFTERCART_POLICY: '{"shipment":{"afterFailedAttempts":"burn_it"}}' }, 'AFTERCART_POLICY.shipment.afterFailedAttempts'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ WORKER_METRICS_PORT: '70000' }, 'WORKER_METRICS_PORT'],
  ])('stops start-up on %j with a message naming %s', (env, named) => {
    expect(() => loadConfig(env)).toThrow(named);
  });

  it('says how to get a database when MySQL is unreachable', async () => {
    await expect(openDatabase('mysql://root@127.0.0.1:1/aftercart')).rejects.toThrow(/DATABASE_URL=mysql:\/\/root@127\.0\.0\.1:1\/aftercart.*\n.*docker compose up -d mysql/);
  });
});
