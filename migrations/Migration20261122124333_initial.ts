import { Migration } from '@mikro-orm/migrations';

export class Migration20261122124333_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customers\` (\`id\` varchar(64) not null, \`email\` varchar(254) null, \`phone\` varchar(32) null, \`locale\` varchar(16) not null default 'en', \`preferred_channel\` varchar(8) not null default 'email', \`consent\` json not null, \`segment\` varchar(32) null, \`loyalty_balance\` int not null default 0, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`orders\` (\`id\` varchar(64) not null, \`customer_id\` varchar(64) not null, \`currency\` varchar(3) not null, \`total_minor\` int not null, \`destination_country\` varchar(2) not null, \`stage\` varchar(32) not null, \`requires_signature\` tinyint(1) not null default false, \`shipping_address\` json not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`orders\` add index \`orders_customer_id_index\`(\`customer_id\`);`);
    this.addSql(`alter table \`orders\` add index \`orders_stage_index\`(\`stage\`);`);

    this.addSql(`create table \`order_items\` (\`id\` int unsigned not null auto_increment primary key, \`order_id\` varchar(64) not null, \`sku\` varchar(64) not null, \`quantity\` int not null, \`unit_price_minor\` int not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`order_items\` add index \`order_items_order_id_index\`(\`order_id\`);`);
    this.addSql(`alter table \`order_items\` add unique \`order_items_order_id_sku_unique\`(\`order_id\`, \`sku\`);`);

    this.addSql(`create table \`outbound_messages\` (\`id\` int unsigned not null auto_increment primary key, \`idempotency_key\` varchar(191) not null, \`partner\` varchar(32) not null, \`kind\` varchar(64) not null, \`workflow_id\` varchar(191) null, \`request\` json not null, \`response\` json null, \`status\` varchar(16) not null default 'pending', \`attempts\` int not null default 0, \`created_at\` datetime(3) not null, \`completed_at\` datetime(3) null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`outbound_messages\` add unique \`outbound_messages_idempotency_key_unique\`(\`idempotency_key\`);`);
    this.addSql(`alter table \`outbound_messages\` add index \`outbound_messages_workflow_id_index\`(\`workflow_id\`);`);

    this.addSql(`alter table \`order_items\` add constraint \`order_items_order_id_foreign\` foreign key (\`order_id\`) references \`orders\` (\`id\`) on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`order_items\` drop foreign key \`order_items_order_id_foreign\`;`);

    this.addSql(`drop table if exists \`customers\`;`);

    this.addSql(`drop table if exists \`orders\`;`);

    this.addSql(`drop table if exists \`order_items\`;`);

    this.addSql(`drop table if exists \`outbound_messages\`;`);
  }

}
