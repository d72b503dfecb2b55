import { msToNumber } from '@temporalio/common/lib/time';
import { parseReplenishmentCycles, type CustomerPolicy } from './policy';
import type { CustomerBook } from './state';

/**
 * Which marketing messages are due, and whether one may go now (frequency cap, quiet hours). Plain functions:
 * outreach is derived from the facts (last order, deliveries of consumables) and the contact log rather than kept
 * as timers, so it survives continue-as-new by construction and an unsubscribe removes it at once.
 */

export type OutreachKind = 'win_back' | 'replenishment';

export interface ContactLogEntry {
  /** `win_back:<lastOrderId>` or `replenishment:<sku>:<orderId>`: one message per key, ever. */
  key: string;
  kind: OutreachKind;
  at: string;
  status: 'sent' | 'cancelled' | 'refused';
  detail?: string;
  channel?: string;
  recommendations?: string[];
}

export interface DeferredSend {
  key: string;
  until: string;
  reason: string;
}

export interface DueOutreach {
  key: string;
  kind: OutreachKind;
  orderId: string;
  sku?: string;
  dueAt: string;
  status: 'scheduled' | 'deferred';
  reason?: string;
}

export function winBackAfter(policy: CustomerPolicy, segment: string | undefined): string {
  switch (segment) {
    case 'champions': return policy.winBackChampions;
    case 'loyal': return policy.winBackLoyal;
    case 'at_risk': return policy.winBackAtRisk;
    case 'hibernating': return policy.winBackHibernating;
    default: return policy.winBackOther;
  }
}

/** Marketing messages waiting to go, earliest first; none without consent or after erasure. */
export function pendingOutreach(book: CustomerBook, policy: CustomerPolicy): DueOutreach[] {
  const state = book.state;
  if (book.consentedChannels().length === 0) return [];
  const handled = new Set(state.contactLog.map((entry) => entry.key));
  const due: DueOutreach[] = [];
  const last = [...state.orders].sort((a, b) => a.placedAt.localeCompare(b.placedAt)).at(-1);
  if (last) {
    due.push({ key: `win_back:${last.orderId}`, kind: 'win_back', orderId: last.orderId, dueAt: plus(last.placedAt, winBackAfter(policy, state.rfm?.segment)), status: 'scheduled' });
  }
  const cycles = parseReplenishmentCycles(policy.replenishmentCycles);
  for (const order of state.orders) {
    if (!order.deliveredAt) continue;
    for (const sku of order.skus) {
      const cycle = cycles[sku];
      // A later order of the same SKU replenished it already; its own delivery schedules the next reminder.
      if (!cycle || state.orders.some((o) => o.placedAt > order.placedAt && o.skus.includes(sku))) continue;
      due.push({ key: `replenishment:${sku}:${order.orderId}`, kind: 'replenishment', orderId: order.orderId, sku, dueAt: plus(order.deliveredAt, cycle), status: 'scheduled' });
    }
  }
  return due
    .filter((item) => !handled.has(item.key))
    .map((item) => {
      const deferral = state.deferred.find((d) => d.key === item.key);
      if (!deferral || deferral.until <= item.dueAt) return item;
      return { ...item, dueAt: deferral.until, status: 'deferred' as const, reason: deferral.reason };
    })
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
}

/** May a marketing message go at `now`? If not, until when it waits and why. */
export function sendGate(
  now: number,
  log: ContactLogEntry[],
  policy: CustomerPolicy,
  timeZone: string | undefined,
): { allowed: true } | { allowed: false; until: number; reason: string } {
  const window = msToNumber(policy.marketingCapWindow);
  const sent = log.filter((entry) => entry.status === 'sent' && Date.parse(entry.at) > now - window).map((entry) => Date.parse(entry.at)).sort((a, b) => a - b);
  if (sent.length >= policy.marketingCap) {
    return { allowed: false, until: sent[sent.length - policy.marketingCap]! + window + 1, reason: `frequency cap: ${sent.length} marketing message(s) in the last ${policy.marketingCapWindow}` };
  }
  const quietUntil = quietHoursEnd(now, timeZone, policy.quietHoursStart, policy.quietHoursEnd);
  if (quietUntil !== undefined) {
    return { allowed: false, until: quietUntil, reason: `quiet hours ${policy.quietHoursStart}:00-${policy.quietHoursEnd}:00 in ${timeZone ?? 'UTC'}` };
  }
  return { allowed: true };
}

/** When the quiet hours around `now` end (epoch ms), or undefined when `now` is outside them. */
export function quietHoursEnd(now: number, timeZone: string | undefined, start: number, end: number): number | undefined {
  if (start === end) return undefined;
  const { hour, minute, second } = localTime(now, timeZone);
  const quiet = start < end ? hour >= start && hour < end : hour >= start || hour < end;
  if (!quiet) return undefined;
  const hoursLeft = (end - hour + 24) % 24;
  return now + hoursLeft * 3_600_000 - minute * 60_000 - second * 1000 - (now % 1000);
}

/** The wall-clock time in a zone (UTC when the zone is unknown to the runtime). */
export function localTime(now: number, timeZone: string | undefined): { hour: number; minute: number; second: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: timeZone ?? 'UTC', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(now));
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(now));
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: part('hour') % 24, minute: part('minute'), second: part('second') };
}

function plus(at: string, duration: string): string {
  return new Date(Date.parse(at) + msToNumber(duration as never)).toISOString();
}
