import { Migration } from '@mikro-orm/migrations';

/** Money in BIGINT minor units: an INT column refused orders above 2^31 - 1 minor units and froze their journey. */
export class Migration20261123150001_money_bigint extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`orders\` modify \`total_minor\` bigint not null;`);
    this.addSql(`alter table \`order_items\` modify \`unit_price_minor\` bigint not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`order_items\` modify \`unit_price_minor\` int not null;`);
    this.addSql(`alter table \`orders\` modify \`total_minor\` int not null;`);
  }

}
