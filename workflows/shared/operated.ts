import type { PartnerActivities } from './activity-profiles';
import { createOperatorAlerts } from './alerts';
import { createSteps, type StepView } from './steps';
import type { TimelineEntry } from './types';

/** A lifecycle's case as operators see it: its flags, its timeline and its partner steps. */
export interface OperatedCase {
  view: { steps: StepView[] };
  record(entry: TimelineEntry): void;
  flag(reason: string): void;
  unflag(reason: string): void;
}

/**
 * What every lifecycle with partner steps sets up the same way: operator alerts that flag the case, and steps
 * (./steps.ts) that alert while retrying, note their outcome on the case's timeline and lower its flags.
 */
export function createOperatedSteps(options: {
  workflowId: string;
  partner: PartnerActivities;
  subject: OperatedCase;
  stepAlertAfter: string;
  /** Where background work runs; the workflow awaits it before it completes. */
  track: (work: Promise<unknown>) => void;
  /** A step changed in a way the workflow did not cause itself: publish the case again. */
  changed: () => void;
}) {
  const { workflowId, partner, subject, track } = options;
  const alertOperators = createOperatorAlerts({ workflowId, partner, track, flag: (reason) => subject.flag(reason) });
  const steps = createSteps({
    list: subject.view.steps,
    stepAlertAfter: options.stepAlertAfter,
    alertOperators,
    track,
    changed: options.changed,
    note: (what, detail) => subject.record({ at: new Date().toISOString(), what, source: 'aftercart', detail }),
    unflag: (reason) => subject.unflag(reason),
  });
  return { alertOperators, steps };
}
