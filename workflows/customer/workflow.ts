import { msToNumber } from '@temporalio/common/lib/time';
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  makeContinueAsNewFunc,
  patched,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { resolvePolicy } from '../policy';
import { activityProfiles } from '../shared/activity-profiles';
import { refusal } from '../shared/refusal';
import { entityQueueName, isEntityQueue } from '../shared/task-queues';
import { customerEventSignal, customerViewQuery, eraseCustomerUpdate, redeemPointsUpdate, type CustomerEvent, type CustomerInput } from './messages';
import { pendingOutreach, sendGate, type DueOutreach } from './outreach';
import { scoreRfm } from './rfm';
import { CustomerBook, initialState, type LoyaltyEntry } from './state';
import { customerView, describeCustomer } from './view';

/**
 * The customer, `customer-<customerId>`: a long-running entity workflow that every lifecycle tells what happened
 * (customerEventSignal, signalled-with-start). It keeps the facts its decisions need (orders' value and SKUs,
 * loyalty, consent, the contact log), scores RFM, earns and reverses points, redeems them (update), sends
 * win-back and replenishment messages only with consent, and continues as new before its history grows large.
 */
export async function customerWorkflow(input: CustomerInput): Promise<void> {
  const workflowId = workflowInfo().workflowId;
  const policy = resolvePolicy(input.policy);
  const rules = policy.customer;
  const { database, partner } = activityProfiles(policy.activities);
  const state = input.carried ? { ...input.carried, run: input.carried.run + 1 } : initialState(input.customerId);
  const book = new CustomerBook(state, rules);
  // Loyalty entries applied to the state but not yet in the MySQL ledger (carried over continue-as-new).
  const backlog: LoyaltyEntry[] = state.ledgerBacklog.splice(0);
  let wake = false;
  let scoredAt = 0;
  let dirty = true;

  const project = async () => {
    const facts = book.facts;
    const rfm = state.rfm;
    await database.projectCustomer.executeWithOptions({ summary: `Project customer ${input.customerId} to MySQL` }, [
      {
        customerId: input.customerId,
        version: ++state.projectionVersion,
        lastOrderAt: facts.lastOrderAt,
        deliveredOrders: facts.deliveredOrders,
        monetaryMinor: facts.monetaryMinor,
        segment: rfm?.segment ?? 'prospect',
        rfmScores: rfm && rfm.recency ? `${rfm.recency}${rfm.frequency}${rfm.monetary}` : undefined,
        loyaltyBalance: state.loyalty.balance,
        loyaltyTier: book.tier,
        consent: Object.fromEntries(Object.entries(state.consent).map(([channel, c]) => [channel, c.granted])),
        timeZone: state.timeZone,
      },
    ]);
  };
  const recordLoyalty = async (entries: LoyaltyEntry[]) => {
    if (entries.length === 0) return;
    await database.recordLoyalty.executeWithOptions({ summary: `Loyalty ledger: ${entries.map((e) => `${e.kind} ${e.points}`).join(', ')}` }, [{ customerId: input.customerId, entries }]);
  };
  const cancelPending = (pending: DueOutreach[], why: string) => {
    for (const item of pending) book.log({ key: item.key, kind: item.kind, at: new Date().toISOString(), status: 'cancelled', detail: why });
  };

  // Events change the state at once (a query right after an unsubscribe sees nothing pending); the ledger write
  // follows in the main loop.
  const apply = (event: CustomerEvent) => {
    const before = event.type === 'consent_changed' ? pendingOutreach(book, rules) : [];
    backlog.push(...book.apply(event));
    // An unsubscribe cancels at once whatever was waiting (win-back, replenishment, deferred sends).
    if (before.length && book.consentedChannels().length === 0) cancelPending(before, 'unsubscribed');
    dirty = true;
  };
  for (const event of state.inbox.splice(0)) apply(event);
  setHandler(customerEventSignal, apply);
  setHandler(customerViewQuery, () => customerView(book, rules));
  setHandler(
    redeemPointsUpdate,
    async ({ redemptionId, points }) => {
      const { result, entry } = book.redeem(points, redemptionId, new Date().toISOString());
      if (entry) {
        await recordLoyalty([entry]);
        dirty = true;
        wake = true;
      }
      return result;
    },
    {
      validator: ({ redemptionId, points }) => {
        const refused = book.refuseRedemption(points, redemptionId);
        if (refused) throw refusal(refused.reason, refused.message);
      },
    },
  );
  setHandler(eraseCustomerUpdate, async () => {
    if (state.erasure) return state.erasure;
    // Outreach stops first, before anything else can be awaited: no message goes out from here on.
    const pending = pendingOutreach(book, rules);
    cancelPending(pending, 'personal data erased');
    state.erasure = { customerId: input.customerId, erasedAt: new Date().toISOString(), outreachCancelled: pending.length, erased: [], kept: [] };
    state.consent = {};
    state.timeZone = undefined;
    state.deferred = [];
    wake = true;
    const { erased, kept } = await database.eraseCustomerData.executeWithOptions({ summary: 'Erase personal data in MySQL' }, [{ customerId: input.customerId }]);
    Object.assign(state.erasure, { erased, kept });
    dirty = true;
    return state.erasure;
  });

  const send = async (item: DueOutreach) => {
    const gate = sendGate(Date.now(), state.contactLog, rules, state.timeZone);
    if (!gate.allowed) {
      state.deferred = [...state.deferred.filter((d) => d.key !== item.key), { key: item.key, until: new Date(gate.until).toISOString(), reason: gate.reason }];
      return;
    }
    const channels = book.consentedChannels();
    try {
      const sent = await partner.sendMarketing.executeWithOptions({ summary: `Marketing: ${item.kind.replace('_', ' ')}${item.sku ? ` for ${item.sku}` : ''}` }, [
        { idempotencyKey: `${workflowId}:outreach:${item.key}`, workflowId, customerId: input.customerId, template: item.kind, channels, orderId: item.orderId, sku: item.sku },
      ]);
      book.log({ key: item.key, kind: item.kind, at: new Date().toISOString(), status: 'sent', channel: sent.channel, recommendations: sent.recommendations, detail: sent.basis });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      book.log({ key: item.key, kind: item.kind, at: new Date().toISOString(), status: 'refused', detail: error.cause?.message ?? 'refused' });
    }
    state.deferred = state.deferred.filter((d) => d.key !== item.key);
  };

  for (;;) {
    if (backlog.length > 0) {
      const writing = [...backlog];
      await recordLoyalty(writing);
      backlog.splice(0, writing.length); // entries that arrived meanwhile stay for the next pass
    }
    if (dirty || Date.now() >= scoredAt + msToNumber(rules.rescoreEvery)) {
      const boundaries = await database.latestRfmBoundaries.executeWithOptions({ summary: 'Read the RFM quintile boundaries' }, []);
      state.rfm = scoreRfm(book.facts, boundaries, Date.now());
      scoredAt = Date.now();
      dirty = false;
      await project();
    }
    const isDue = (item: DueOutreach) => Date.parse(item.dueAt) <= Date.now();
    for (const item of pendingOutreach(book, rules).filter(isDue)) {
      // Still due? An unsubscribe or an erasure that arrived during the previous send removes it.
      if (pendingOutreach(book, rules).some((p) => p.key === item.key && isDue(p))) await send(item);
    }
    if (backlog.length > 0) continue;
    setCurrentDetails(describeCustomer(book, rules));

    const info = workflowInfo();
    // A customer started on the journeys' queue (before entity queues) moves to its entity queue at once.
    const moving = !isEntityQueue(info.taskQueue) && patched('customer-entity-queue');
    if (info.historyLength >= rules.continueAsNewAfterEvents || info.continueAsNewSuggested || moving) {
      await condition(allHandlersFinished);
      state.ledgerBacklog = [...backlog];
      const next = { customerId: input.customerId, policy: input.policy, carried: state };
      if (moving) await makeContinueAsNewFunc<typeof customerWorkflow>({ taskQueue: entityQueueName(info.taskQueue) })(next);
      await continueAsNew<typeof customerWorkflow>(next);
    }

    const next = pendingOutreach(book, rules)[0];
    const wakeAt = Math.min(next ? Date.parse(next.dueAt) : Infinity, scoredAt + msToNumber(rules.rescoreEvery));
    wake = false;
    await condition(() => backlog.length > 0 || wake || dirty, Math.max(wakeAt - Date.now(), 1));
  }
}
