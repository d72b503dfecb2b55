import { Migration } from '@mikro-orm/migrations';

export class Migration20261123170001_customers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`customers\` add \`loyalty_tier\` varchar(16) null, add \`last_order_at\` datetime(3) null, add \`delivered_orders\` int not null default 0, add \`monetary_minor\` bigint not null default 0, add \`rfm_scores\` varchar(8) null, add \`time_zone\` varchar(64) null, add \`erased_at\` datetime(3) null, add \`projection_version\` int not null default 0;`);
    this.addSql(`create table \`loyalty_ledger\` (\`id\` int unsigned not null auto_increment primary key, \`idempotency_key\` varchar(191) not null, \`customer_id\` varchar(64) not null, \`kind\` varchar(16) not null, \`points\` bigint not null, \`order_id\` varchar(64) null, \`occurred_at\` datetime(3) not null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`loyalty_ledger\` add unique \`loyalty_ledger_idempotency_key_unique\`(\`idempotency_key\`);`);
    this.addSql(`alter table \`loyalty_ledger\` add index \`loyalty_ledger_customer_id_index\`(\`customer_id\`);`);
    this.addSql(`create table \`rfm_boundaries\` (\`id\` int unsigned not null auto_increment primary key, \`computed_at\` datetime(3) not null, \`customers\` int not null, \`recency_days\` json not null, \`frequency\` json not null, \`monetary_minor\` json not null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`rfm_boundaries\` add index \`rfm_boundaries_computed_at_index\`(\`computed_at\`);`);
    // Co-purchase counts ("frequently bought together") and best sellers read order items by SKU.
    this.addSql(`alter table \`order_items\` add index \`order_items_sku_index\`(\`sku\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`order_items\` drop index \`order_items_sku_index\`;`);
    this.addSql(`drop table if exists \`rfm_boundaries\`;`);
    this.addSql(`drop table if exists \`loyalty_ledger\`;`);
    this.addSql(`alter table \`customers\` drop column \`loyalty_tier\`, drop column \`last_order_at\`, drop column \`delivered_orders\`, drop column \`monetary_minor\`, drop column \`rfm_scores\`, drop column \`time_zone\`, drop column \`erased_at\`, drop column \`projection_version\`;`);
  }

}
