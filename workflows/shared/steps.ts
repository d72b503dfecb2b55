import { msToNumber } from '@temporalio/common/lib/time';
import { RetryState } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, condition, defineUpdate, patched } from '@temporalio/workflow';
import type { AlertOperators } from './alerts';
import { refusal } from './refusal';

/**
 * Partner and database steps with an outcome. A step runs an activity under a key derived from the workflow id;
 * the activity keeps its normal retry. Past `stepAlertAfter` operators are told (once) that it is still retrying.
 * A permanent refusal (the partner's 4xx, PartnerRejected) is recorded as the step's outcome with the partner's
 * reason, flags NeedsAttention, sends a critical alert, and the workflow goes on. An operator then retries the
 * step (a new attempt under a new key: the refused one moved nothing) or settles it by hand with a note.
 */

export type StepStatus = 'running' | 'succeeded' | 'failed' | 'settled';

export interface StepView {
  stepId: string;
  /** What the step does, in plain words ("Refund 3399 EUR for the cancelled order"). */
  what: string;
  status: StepStatus;
  /** 1, then one more for every operator retry. */
  attempt: number;
  /** The partner's refusal of the last attempt (kept after a settle, for the record). */
  reason?: string;
  /** Operators were told this attempt is still retrying after the policy's stepAlertAfter. */
  stillRetrying?: boolean;
  /** What the operator wrote when retrying or settling. */
  note?: string;
  /** When the status last changed. */
  since: string;
}

export interface OperatorStepAction {
  stepId: string;
  /** retry: a new attempt under a new key. settle: done by hand, nothing more happens. */
  action: 'retry' | 'settle';
  note?: string;
}

/** Sent by an operator (API or Temporal UI) to any workflow that runs steps; answers with the step as it now is. */
export const operatorStepUpdate = defineUpdate<StepView, [OperatorStepAction]>('operatorStep');

export const stepRefusals = {
  unknownStep: 'unknown_step',
  notFailed: 'step_not_failed',
  noteRequired: 'note_required',
} as const;

export interface StepDefinition<T> {
  /** Unique in the workflow and URL-safe, e.g. `cancel-refund`, `refund-<shipmentId>`. */
  stepId: string;
  /** Machine-readable kind for alerts and NeedsAttention: `<kind>_refused`, `<kind>_still_retrying`. */
  kind: string;
  what: string;
  /**
   * One attempt. `keySuffix` is '' for the first and `:retry-<n>` after the n-th operator retry. An attempt that
   * goes on waiting after its partner answered (for a replacement to ship, for a child workflow to finish) calls
   * `answered()` so operators are not told it is still retrying; it ends a wait it gives up on by throwing
   * `stepRefused(reason)`, an outcome like a partner's refusal.
   */
  attempt: (keySuffix: string, answered: () => void) => Promise<T>;
  succeeded: (value: T) => void;
  failed?: (reason: string) => void;
  settled?: (note: string) => void;
}

export interface StepOptions {
  /** The workflow's view of its steps (it is part of what the workflow's query returns). */
  list: StepView[];
  stepAlertAfter: string;
  alertOperators: AlertOperators;
  /** Where background work runs; the workflow awaits it before it completes. */
  track: (work: Promise<unknown>) => void;
  /** A status changed in a way the workflow did not cause itself (refused, still retrying, operator action). */
  changed: () => void;
  /** A line for the workflow's timeline. */
  note: (what: string, detail?: string) => void;
  unflag: (reason: string) => void;
}

export function createSteps(options: StepOptions) {
  const definitions = new Map<string, StepDefinition<unknown>>();
  const viewOf = (stepId: string) => options.list.find((s) => s.stepId === stepId);
  const now = () => new Date().toISOString();

  /** Lowers a NeedsAttention reason once no step still gives it. */
  const reflag = () => {
    for (const definition of definitions.values()) {
      const same = options.list.filter((s) => definitions.get(s.stepId)?.kind === definition.kind);
      if (!same.some((s) => s.status === 'failed')) options.unflag(`${definition.kind}_refused`);
      if (!same.some((s) => s.status === 'running' && s.stillRetrying)) options.unflag(`${definition.kind}_still_retrying`);
    }
  };

  async function runAttempt(view: StepView, definition: StepDefinition<unknown>): Promise<void> {
    const suffix = view.attempt === 1 ? '' : `:retry-${view.attempt - 1}`;
    let finished = false;
    if (patched('step-outcomes')) {
      options.track(
        condition(() => finished, msToNumber(options.stepAlertAfter)).then((done) => {
          if (done) return;
          view.stillRetrying = true;
          options.alertOperators(`${definition.kind}_still_retrying`, `${definition.what}: still retrying after ${options.stepAlertAfter}`, `${definition.stepId}:${view.attempt}`);
          options.changed();
        }),
      );
    }
    let value: unknown;
    try {
      value = await definition.attempt(suffix, () => {
        finished = true;
      });
    } catch (error) {
      finished = true;
      const reason = refusalReason(error);
      if (reason === undefined) throw error;
      Object.assign(view, { status: 'failed', reason, stillRetrying: undefined, since: now() });
      options.note(`${definition.what}: refused`, reason);
      options.alertOperators(`${definition.kind}_refused`, `${definition.what} was refused: ${reason}`, `${definition.stepId}:${view.attempt}`, 'critical');
      definition.failed?.(reason);
      options.changed();
      return;
    }
    finished = true;
    Object.assign(view, { status: 'succeeded', stillRetrying: undefined, since: now() });
    reflag();
    definition.succeeded(value);
  }

  return {
    /** Runs a step once per workflow; resolves when it succeeded or was refused (never rejects on a refusal). */
    run<T>(definition: StepDefinition<T>): Promise<void> {
      if (definitions.has(definition.stepId)) return Promise.resolve();
      definitions.set(definition.stepId, definition as StepDefinition<unknown>);
      const view: StepView = { stepId: definition.stepId, what: definition.what, status: 'running', attempt: 1, since: now() };
      options.list.push(view);
      return runAttempt(view, definition as StepDefinition<unknown>);
    },

    /** Steps an operator still has to act on. */
    failed(): StepView[] {
      return options.list.filter((s) => s.status === 'failed');
    },

    /** The update validator: only a failed step can be retried or settled, and settling needs a note. */
    refuse(action: OperatorStepAction): void {
      const view = viewOf(action.stepId);
      if (!view) throw refusal(stepRefusals.unknownStep, `there is no step ${action.stepId} here`);
      if (view.status !== 'failed') throw refusal(stepRefusals.notFailed, `step ${action.stepId} is ${view.status}; only a failed step can be retried or settled`);
      if (action.action === 'settle' && !action.note?.trim()) throw refusal(stepRefusals.noteRequired, 'settling a step by hand needs a note saying what was done');
    },

    apply(action: OperatorStepAction): StepView {
      const view = viewOf(action.stepId)!;
      const definition = definitions.get(action.stepId)!;
      view.note = action.note;
      if (action.action === 'retry') {
        Object.assign(view, { status: 'running', attempt: view.attempt + 1, since: now() });
        options.note(`${definition.what}: retried by an operator`, action.note);
        options.track(runAttempt(view, definition));
      } else {
        Object.assign(view, { status: 'settled', since: now() });
        options.note(`${definition.what}: settled by an operator`, action.note);
        definition.settled?.(action.note ?? '');
      }
      reflag();
      options.changed();
      return { ...view };
    },
  };
}

export type Steps = ReturnType<typeof createSteps>;

const STEP_REFUSED = 'StepRefused';

/** Ends a step's attempt with a recorded refusal from inside the workflow (a deadline passed, a child failed). */
export function stepRefused(reason: string): ApplicationFailure {
  return ApplicationFailure.create({ type: STEP_REFUSED, message: reason, nonRetryable: true });
}

/** A plain-language line about the steps that need an operator, for a workflow's current details. */
export function describeSteps(list: StepView[]): string {
  return list
    .map((s) => {
      if (s.status === 'failed') return ` **${s.what}** was refused: ${s.reason}. An operator can retry or settle it (update \`operatorStep\`, stepId \`${s.stepId}\`).`;
      if (s.status === 'running' && s.stillRetrying) return ` ${s.what} is still retrying; operators were told.`;
      return '';
    })
    .join('');
}

/**
 * The partner's reason when the step was refused for good: the activity failed without retrying (a
 * non-retryable ApplicationFailure such as PartnerRejected). Anything else is not an outcome: undefined.
 */
function refusalReason(error: unknown): string | undefined {
  if (error instanceof ApplicationFailure && error.type === STEP_REFUSED) return error.message;
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return undefined;
  if (!error.cause.nonRetryable && error.retryState !== RetryState.NON_RETRYABLE_FAILURE) return undefined;
  return error.cause.message || error.cause.type || 'refused';
}
