import { randomUUID } from 'node:crypto';

/** A short unique business id, so tests sharing one Temporal server and database never collide. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
