import { Migration } from '@mikro-orm/migrations';

export class Migration20261123113000_payments_refunds extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`payments\` (\`payment_id\` varchar(128) not null, \`order_id\` varchar(64) not null, \`captured_minor\` bigint not null, \`currency\` varchar(3) not null, \`created_at\` datetime(3) not null, primary key (\`payment_id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`payments\` add index \`payments_order_id_index\`(\`order_id\`);`);
    this.addSql(`create table \`refunds\` (\`id\` int unsigned not null auto_increment primary key, \`idempotency_key\` varchar(191) not null, \`payment_id\` varchar(128) not null, \`order_id\` varchar(64) not null, \`amount_minor\` bigint not null, \`currency\` varchar(3) not null, \`reason\` varchar(64) not null, \`status\` varchar(16) not null, \`provider_refund_id\` varchar(191) null, \`failure_reason\` varchar(500) null, \`requested_by\` varchar(191) not null, \`created_at\` datetime(3) not null, \`completed_at\` datetime(3) null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`refunds\` add unique \`refunds_idempotency_key_unique\`(\`idempotency_key\`);`);
    this.addSql(`alter table \`refunds\` add index \`refunds_payment_id_index\`(\`payment_id\`);`);
    this.addSql(`alter table \`refunds\` add index \`refunds_order_id_index\`(\`order_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`refunds\`;`);
    this.addSql(`drop table if exists \`payments\`;`);
  }

}
