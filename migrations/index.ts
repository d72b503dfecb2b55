import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122124333_initial } from './Migration20261122124333_initial';
import { Migration20261122125132_shipments } from './Migration20261122125132_shipments';
import { Migration20261122130046_tracking_numbers } from './Migration20261122130046_tracking_numbers';
import { Migration20261123113000_payments_refunds } from './Migration20261123113000_payments_refunds';
import { Migration20261123150001_money_bigint } from './Migration20261123150001_money_bigint';
import { Migration20261123150002_unmatched_bounds } from './Migration20261123150002_unmatched_bounds';
import { Migration20261123170001_customers } from './Migration20261123170001_customers';
import { Migration20261123160001_feedback } from './Migration20261123160001_feedback';
import { Migration20261123140000_returns } from './Migration20261123140000_returns';
import { Migration20261124090000_tracking_generations } from './Migration20261124090000_tracking_generations';
import { Migration20261123190001_returns_money_and_prices } from './Migration20261123190001_returns_money_and_prices';

/** Committed migrations, in order. `npm run migration:create -- <name>` writes the next one; list it here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122124333_initial', class: Migration20261122124333_initial },
  { name: 'Migration20261122125132_shipments', class: Migration20261122125132_shipments },
  { name: 'Migration20261122130046_tracking_numbers', class: Migration20261122130046_tracking_numbers },
  { name: 'Migration20261123113000_payments_refunds', class: Migration20261123113000_payments_refunds },
  { name: 'Migration20261123150001_money_bigint', class: Migration20261123150001_money_bigint },
  { name: 'Migration20261123150002_unmatched_bounds', class: Migration20261123150002_unmatched_bounds },
  { name: 'Migration20261123170001_customers', class: Migration20261123170001_customers },
  { name: 'Migration20261123160001_feedback', class: Migration20261123160001_feedback },
  { name: 'Migration20261123140000_returns', class: Migration20261123140000_returns },
  { name: 'Migration20261124090000_tracking_generations', class: Migration20261124090000_tracking_generations },
  { name: 'Migration20261123190001_returns_money_and_prices', class: Migration20261123190001_returns_money_and_prices },
];
