import { msToNumber } from '@temporalio/common/lib/time';
import { z } from 'zod';
import { policyChoices, policyDurationLists, productionPolicy, type Policy, type PolicyGroup } from '../workflows/policy';

/**
 * Validation of policy values (AFTERCART_POLICY, and the per-order and per-return overrides the API takes): each
 * key's schema follows its production default, so a new policy key is validated without being listed here.
 */

/** Ten years: a longer timer is a typo (or an attack on a per-order policy), never a business rule. */
const longestDurationMs = 10 * 365 * 24 * 3600 * 1000;
export const durationString = z.string().max(64).refine(
  (value) => {
    try {
      const ms = msToNumber(value as never);
      return Number.isFinite(ms) && ms >= 0 && ms <= longestDurationMs;
    } catch {
      return false;
    }
  },
  { message: 'must be a duration such as "2 days", "90 minutes" or "500ms", at most 10 years' },
);

/** "SKU=30 days,OTHER=2 weeks": pairs of a key and a duration (an empty string is an empty list). */
const durationList = z.string().refine(
  (value) => value.split(',').filter((pair) => pair.trim()).every((pair) => {
    const [key, duration, extra] = pair.split('=').map((s) => s.trim());
    return !!key && extra === undefined && durationString.safeParse(duration).success;
  }),
  { message: 'must be "KEY=duration" pairs separated by commas, such as "TEA-EARLGREY=30 days,COFFEE-BEANS=3 weeks"' },
);

/**
 * Each policy key's schema follows its production default: durations, counts, or one of the listed choices.
 * Groups and keys are strict, so a typo names itself (AFTERCART_POLICY.shipment.stalledAfer).
 */
function policyGroupSchema<G extends PolicyGroup>(group: G) {
  const choices: Partial<Record<string, readonly [string, ...string[]]>> = policyChoices[group] ?? {};
  const shape = Object.fromEntries(
    Object.entries(productionPolicy[group]).map(([key, value]) => {
      const options = choices[key];
      const lists = (policyDurationLists[group] ?? []) as readonly string[];
      const schema = options ? z.enum(options) : lists.includes(key) ? durationList : typeof value === 'number' ? z.number().int().nonnegative().max(1_000_000) : durationString;
      return [key, schema.optional()];
    }),
  ) as unknown as { [K in keyof Policy[G]]: z.ZodOptional<z.ZodType<Policy[G][K]>> };
  return z.object(shape).strict();
}
const policyGroupSchemas = Object.fromEntries(
  (Object.keys(productionPolicy) as PolicyGroup[]).map((group) => [group, policyGroupSchema(group).optional()]),
) as unknown as { [G in PolicyGroup]: z.ZodOptional<z.ZodType<Partial<Policy[G]>>> };
/** Policy overrides, grouped by lifecycle: { "order": {...}, "shipment": {...}, "activities": {...} }. */
export const policyOverridesSchema = z.object(policyGroupSchemas).strict();

export const policyFromJson = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (!raw) return {};
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object grouped by lifecycle, e.g. {"order":{"shipBySla":"3 days"}}' });
      return z.NEVER;
    }
  })
  .pipe(policyOverridesSchema);
