import { ApplicationFailure } from '@temporalio/common';

/** A business refusal from an update validator: the type is the machine-readable reason the API returns (409). */
export function refusal(reason: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: reason, message, nonRetryable: true });
}
