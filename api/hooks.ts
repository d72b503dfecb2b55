import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './context';
import { validationProblem } from './problem';

/** Every route's validation failure becomes one 400 problem document naming each bad field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hook's generics are per route; this one serves them all
export const validationHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (!result.success) return validationProblem(c, result.error);
};
