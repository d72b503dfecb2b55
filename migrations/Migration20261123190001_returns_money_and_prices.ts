import { Migration } from '@mikro-orm/migrations';

/**
 * Additive, for returns: a refunds-ledger row says how the money went back (`payment` through the payments
 * partner, or `store_credit` on the customer's ledger; rows before this are payments), so store credit counts
 * against the captured payment like a refund. A sku's stock level may carry the merchant's unit price (and its
 * currency), which an exchange is checked against.
 */
export class Migration20261123190001_returns_money_and_prices extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`refunds\` add \`method\` varchar(16) not null default 'payment';`);
    this.addSql(`alter table \`stock_levels\` add \`unit_price_minor\` bigint null, add \`currency\` varchar(3) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`stock_levels\` drop column \`unit_price_minor\`, drop column \`currency\`;`);
    this.addSql(`alter table \`refunds\` drop column \`method\`;`);
  }

}
