import { Migration } from '@mikro-orm/migrations';

/**
 * Returns: records that outlive the order workflow (per parcel its direction, contents and delivery time; per
 * order line whether it may be returned), return requests and their lines, stock levels with an append-only
 * inventory ledger, and a store-credit ledger.
 */
export class Migration20261123140000_returns extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`order_items\` add \`returnable\` tinyint(1) not null default 1;`);
    this.addSql(`alter table \`shipments\` add \`direction\` varchar(8) not null default 'outbound', add \`items\` json null, add \`delivered_at\` datetime(3) null;`);

    this.addSql(`create table \`return_requests\` (\`rma_id\` varchar(64) not null, \`order_id\` varchar(64) not null, \`customer_id\` varchar(64) not null, \`idempotency_key\` varchar(191) null, \`request_hash\` varchar(64) not null, \`status\` varchar(32) not null, \`resolution\` varchar(16) not null, \`exchange_sku\` varchar(64) null, \`requested_minor\` bigint not null default 0, \`answer\` json not null, \`view\` json null, \`projection_version\` int not null default 0, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`rma_id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`return_requests\` add unique \`return_requests_idempotency_key_unique\`(\`idempotency_key\`);`);
    this.addSql(`alter table \`return_requests\` add index \`return_requests_order_id_index\`(\`order_id\`);`);
    this.addSql(`alter table \`return_requests\` add index \`return_requests_customer_id_created_at_index\`(\`customer_id\`, \`created_at\`);`);

    this.addSql(`create table \`return_items\` (\`id\` int unsigned not null auto_increment primary key, \`rma_id\` varchar(64) not null, \`order_id\` varchar(64) not null, \`sku\` varchar(64) not null, \`quantity\` int not null, \`reason\` varchar(32) not null, \`comment\` varchar(500) null, \`unit_price_minor\` bigint not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`return_items\` add unique \`return_items_rma_id_sku_unique\`(\`rma_id\`, \`sku\`);`);
    this.addSql(`alter table \`return_items\` add index \`return_items_order_id_sku_index\`(\`order_id\`, \`sku\`);`);

    this.addSql(`create table \`stock_levels\` (\`sku\` varchar(64) not null, \`on_hand\` int not null default 0, \`reserved\` int not null default 0, \`expected_inbound\` int not null default 0, \`reorder_point\` int not null default 0, \`reorder_quantity\` int not null default 0, \`replenishment_open\` tinyint(1) not null default 0, \`replenishment_seq\` int not null default 0, \`updated_at\` datetime(3) not null, primary key (\`sku\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`inventory_ledger\` (\`id\` int unsigned not null auto_increment primary key, \`idempotency_key\` varchar(191) not null, \`sku\` varchar(64) not null, \`kind\` varchar(24) not null, \`quantity\` int not null, \`reference\` varchar(191) not null, \`replenishment_seq\` int null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`inventory_ledger\` add unique \`inventory_ledger_idempotency_key_unique\`(\`idempotency_key\`);`);
    this.addSql(`alter table \`inventory_ledger\` add index \`inventory_ledger_sku_index\`(\`sku\`);`);
    this.addSql(`alter table \`inventory_ledger\` add index \`inventory_ledger_reference_index\`(\`reference\`);`);

    this.addSql(`create table \`store_credit_ledger\` (\`id\` int unsigned not null auto_increment primary key, \`idempotency_key\` varchar(191) not null, \`customer_id\` varchar(64) not null, \`amount_minor\` bigint not null, \`currency\` varchar(3) not null, \`reference\` varchar(191) not null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`store_credit_ledger\` add unique \`store_credit_ledger_idempotency_key_unique\`(\`idempotency_key\`);`);
    this.addSql(`alter table \`store_credit_ledger\` add index \`store_credit_ledger_customer_id_index\`(\`customer_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`store_credit_ledger\`;`);
    this.addSql(`drop table if exists \`inventory_ledger\`;`);
    this.addSql(`drop table if exists \`stock_levels\`;`);
    this.addSql(`drop table if exists \`return_items\`;`);
    this.addSql(`drop table if exists \`return_requests\`;`);
    this.addSql(`alter table \`shipments\` drop column \`direction\`, drop column \`items\`, drop column \`delivered_at\`;`);
    this.addSql(`alter table \`order_items\` drop column \`returnable\`;`);
  }

}
