import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122124333_initial } from './Migration20261122124333_initial';
import { Migration20261122125132_shipments } from './Migration20261122125132_shipments';
import { Migration20261122130046_tracking_numbers } from './Migration20261122130046_tracking_numbers';
import { Migration20261123113000_payments_refunds } from './Migration20261123113000_payments_refunds';
import { Migration20261123140000_returns } from './Migration20261123140000_returns';

/** Committed migrations, in order. `npm run migration:create -- <name>` writes the next one; list it here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122124333_initial', class: Migration20261122124333_initial },
  { name: 'Migration20261122125132_shipments', class: Migration20261122125132_shipments },
  { name: 'Migration20261122130046_tracking_numbers', class: Migration20261122130046_tracking_numbers },
  { name: 'Migration20261123113000_payments_refunds', class: Migration20261123113000_payments_refunds },
  { name: 'Migration20261123140000_returns', class: Migration20261123140000_returns },
];
