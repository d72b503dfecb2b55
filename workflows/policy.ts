import { customerPolicy } from './customer/policy';
import { feedbackPolicy } from './feedback/policy';
import { orderPolicy } from './order/policy';
import { servicePolicy } from './service/policy';
import { returnsPolicy, returnsPolicyChoices } from './returns/policy';
import { activityPolicy, activityPolicyChoices } from './shared/policy';
import { shipmentPolicy, shipmentPolicyChoices } from './shipment/policy';

/**
 * Every duration, limit and choice the lifecycles use, one group per lifecycle plus the activity timeouts they
 * share. Each group's production defaults live beside its workflows (order/policy.ts, shipment/policy.ts,
 * shared/policy.ts); this module composes them. AFTERCART_POLICY (grouped JSON) overrides them per environment,
 * and a journey may override them per order. A workflow input carries only the groups it needs.
 *
 * Durations are Temporal duration strings ("2 days", "90 minutes", "500ms").
 */
export const productionPolicy = {
  order: orderPolicy,
  shipment: shipmentPolicy,
  activities: activityPolicy,
  customer: customerPolicy,
  feedback: feedbackPolicy,
  service: servicePolicy,
  returns: returnsPolicy,
};

export type Policy = typeof productionPolicy;
export type PolicyGroup = keyof Policy;
export type PolicyOverrides = { [G in PolicyGroup]?: Partial<Policy[G]> };

/** Keys whose value is one of a few choices, by group (validation in lib/config.ts offers exactly these). */
export const policyChoices: { [G in PolicyGroup]?: { [K in keyof Policy[G]]?: readonly [string, ...string[]] } } = {
  shipment: shipmentPolicyChoices,
  returns: returnsPolicyChoices,
  activities: activityPolicyChoices,
};

/** Keys whose value is a list of "KEY=duration" pairs, comma-separated, by group (validated in lib/config.ts). */
export const policyDurationLists: { [G in PolicyGroup]?: (keyof Policy[G])[] } = {
  customer: ['replenishmentCycles'],
};

/** Production defaults with each layer's groups merged over them, later layers winning key by key. */
export function resolvePolicy(...layers: (PolicyOverrides | undefined)[]): Policy {
  const groups = Object.keys(productionPolicy) as PolicyGroup[];
  return Object.fromEntries(groups.map((group) => [group, Object.assign({}, productionPolicy[group], ...layers.map((layer) => layer?.[group]))])) as Policy;
}

/** Only the groups a workflow needs, for its input. */
export function policyGroups<G extends PolicyGroup>(policy: Policy, ...groups: G[]): Pick<Policy, G> {
  return Object.fromEntries(groups.map((group) => [group, policy[group]])) as Pick<Policy, G>;
}

/**
 * Journeys started before the policy was grouped carry one flat object ({ shipBySla, stalledAfter, ... }) in
 * their input, and their recorded histories replay with it. Where each flat key went:
 */
const flatKeys: Record<string, [PolicyGroup, string]> = {
  shipBySla: ['order', 'shipBySla'],
  promisedDelivery: ['order', 'promisedDelivery'],
  signatureGrace: ['order', 'signatureGrace'],
  shipmentLateEventGrace: ['shipment', 'lateEventGrace'],
  stalledAfter: ['shipment', 'stalledAfter'],
  crossBorderStalledAfter: ['shipment', 'crossBorderStalledAfter'],
  maxDeliveryAttempts: ['shipment', 'maxDeliveryAttempts'],
  afterFailedAttempts: ['shipment', 'afterFailedAttempts'],
  lostOrDamagedResolution: ['shipment', 'lostOrDamagedResolution'],
  addressCorrectionWait: ['shipment', 'addressCorrectionWait'],
  customsReminderInterval: ['shipment', 'customsReminderInterval'],
  customsMaxReminders: ['shipment', 'customsMaxReminders'],
  customsEscalateAfter: ['shipment', 'customsEscalateAfter'],
  customsAbandonAfter: ['shipment', 'customsAbandonAfter'],
  databaseActivityTimeout: ['activities', 'databaseActivityTimeout'],
  partnerActivityTimeout: ['activities', 'partnerActivityTimeout'],
  partnerRetryMaxInterval: ['activities', 'partnerRetryMaxInterval'],
};

/** The flat policy object of journeys started before the grouping. */
export type LegacyFlatPolicy = { [key: string]: string | number };

/**
 * A workflow's policy in the grouped shape, whether its input carries groups or (an older journey) the flat
 * object. Pure, so replay gives the same answer. Groups the input does not carry get the production defaults.
 */
export function normalizePolicy(policy: PolicyOverrides | LegacyFlatPolicy): Policy {
  const groups = Object.keys(productionPolicy);
  if (Object.keys(policy).some((key) => groups.includes(key))) return resolvePolicy(policy as PolicyOverrides);
  const grouped: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(policy)) {
    const target = flatKeys[key];
    if (target) (grouped[target[0]] ??= {})[target[1]] = value;
  }
  return resolvePolicy(grouped as PolicyOverrides);
}
