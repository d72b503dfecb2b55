import { msToNumber } from '@temporalio/common/lib/time';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { openDatabase } from '../../lib/database';
import { productionPolicy, resolvePolicy } from '../../workflows/policy';

describe('production policy', () => {
  it('keeps the production values the business agreed on', () => {
    expect(productionPolicy).toEqual({
      shipBySla: '2 days',
      promisedDelivery: '7 days',
      signatureGrace: '1 hour',
      shipmentLateEventGrace: '3 days',
      stalledAfter: '4 days',
      crossBorderStalledAfter: '7 days',
      maxDeliveryAttempts: 3,
      afterFailedAttempts: 'pickup_point',
      lostOrDamagedResolution: 'reship',
      addressCorrectionWait: '2 days',
      customsReminderInterval: '2 days',
      customsMaxReminders: 3,
      customsEscalateAfter: '3 days',
      customsAbandonAfter: '14 days',
      databaseActivityTimeout: '30 seconds',
      partnerActivityTimeout: '30 seconds',
      partnerRetryMaxInterval: '10 minutes',
    });
  });

  it('orders its customs timers so reminders come before escalation and escalation before abandonment', () => {
    const ms = (key: keyof typeof productionPolicy) => msToNumber(productionPolicy[key] as string);
    expect(ms('customsReminderInterval')).toBeLessThan(ms('customsEscalateAfter'));
    expect(ms('customsEscalateAfter')).toBeLessThan(ms('customsAbandonAfter'));
    expect(ms('stalledAfter')).toBeLessThan(ms('crossBorderStalledAfter'));
    expect(ms('signatureGrace')).toBeLessThan(ms('shipmentLateEventGrace'));
  });

  it('layers environment and per-order overrides over the production defaults', () => {
    const policy = resolvePolicy({ shipBySla: '3 days', maxDeliveryAttempts: 5 }, { shipBySla: '1 day' });
    expect(policy).toMatchObject({ shipBySla: '1 day', maxDeliveryAttempts: 5, promisedDelivery: '7 days' });
  });
});

describe('configuration', () => {
  it('has defaults that work on a developer machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: 'mysql://root@127.0.0.1:3306/aftercart', temporal: { address: undefined, namespace: 'default' } });
    expect(config.policy).toEqual(productionPolicy);
  });

  it('reads AFTERCART_POLICY into the policy', () => {
    const config = loadConfig({ AFTERCART_POLICY: '{"customsAbandonAfter":"21 days","afterFailedAttempts":"return_to_sender"}' });
    expect(config.policy).toMatchObject({ customsAbandonAfter: '21 days', afterFailedAttempts: 'return_to_sender', shipBySla: '2 days' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://localhost/aftercart' }, 'DATABASE_URL'],
    [{ AFTERCART_POLICY: '{not json' }, 'AFTERCART_POLICY'],
    [{ AFTERCART_POLICY: '{"shipBySla":"soonish"}' }, 'AFTERCART_POLICY.shipBySla'],
    [{ AFTERCART_POLICY: '{"shipBySlaa":"2 days"}' }, 'Unrecognized key: "shipBySlaa"'],
    [{ AFTERCART_POLICY: '{"maxDeliveryAttempts":"three"}' }, 'AFTERCART_POLICY.maxDeliveryAttempts'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
  ])('stops start-up on %j with a message naming %s', (env, named) => {
    expect(() => loadConfig(env)).toThrow(named);
  });

  it('says how to get a database when MySQL is unreachable', async () => {
    await expect(openDatabase('mysql://root@127.0.0.1:1/aftercart')).rejects.toThrow(/DATABASE_URL=mysql:\/\/root@127\.0\.0\.1:1\/aftercart.*\n.*docker compose up -d mysql/);
  });
});
