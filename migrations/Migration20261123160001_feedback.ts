import { Migration } from '@mikro-orm/migrations';

export class Migration20261123160001_feedback extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`feedback\` (\`id\` int unsigned not null auto_increment primary key, \`order_id\` varchar(64) not null, \`customer_id\` varchar(64) not null, \`delivery_rating\` tinyint not null, \`packaging_rating\` tinyint not null, \`service_rating\` tinyint not null, \`nps\` tinyint not null, \`comment\` text null, \`low_score\` tinyint(1) not null default false, \`submitted_at\` datetime(3) not null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`feedback\` add unique \`feedback_order_id_unique\`(\`order_id\`);`);
    this.addSql(`alter table \`feedback\` add index \`feedback_customer_id_index\`(\`customer_id\`);`);

    this.addSql(`create table \`product_ratings\` (\`id\` int unsigned not null auto_increment primary key, \`order_id\` varchar(64) not null, \`sku\` varchar(64) not null, \`rating\` tinyint not null, \`submitted_at\` datetime(3) not null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`product_ratings\` add index \`product_ratings_sku_submitted_at_index\`(\`sku\`, \`submitted_at\`);`);
    this.addSql(`alter table \`product_ratings\` add unique \`product_ratings_order_id_sku_unique\`(\`order_id\`, \`sku\`);`);

    this.addSql(`create table \`carrier_deliveries\` (\`id\` int unsigned not null auto_increment primary key, \`shipment_id\` varchar(191) not null, \`order_id\` varchar(64) not null, \`carrier\` varchar(32) not null, \`shipped_at\` datetime(3) null, \`delivered_at\` datetime(3) null, \`on_time\` tinyint(1) null, \`exception_count\` int not null default 0, \`exception_kinds\` json not null, \`days_in_transit\` double null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`carrier_deliveries\` add unique \`carrier_deliveries_shipment_id_unique\`(\`shipment_id\`);`);
    this.addSql(`alter table \`carrier_deliveries\` add index \`carrier_deliveries_carrier_index\`(\`carrier\`);`);
    this.addSql(`alter table \`carrier_deliveries\` add index \`carrier_deliveries_order_id_index\`(\`order_id\`);`);

    this.addSql(`create table \`service_cases\` (\`id\` varchar(191) not null, \`customer_id\` varchar(64) not null, \`order_id\` varchar(64) null, \`origin\` varchar(16) not null, \`status\` varchar(16) not null, \`ticket_id\` varchar(128) null, \`first_response_due_by\` datetime(3) not null, \`first_responded_at\` datetime(3) null, \`resolved_at\` datetime(3) null, \`customer_answer\` varchar(16) null, \`needs_attention\` tinyint(1) not null default false, \`projection_version\` int not null default 0, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`service_cases\` add index \`service_cases_customer_id_index\`(\`customer_id\`);`);
    this.addSql(`alter table \`service_cases\` add index \`service_cases_status_index\`(\`status\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`service_cases\`;`);
    this.addSql(`drop table if exists \`carrier_deliveries\`;`);
    this.addSql(`drop table if exists \`product_ratings\`;`);
    this.addSql(`drop table if exists \`feedback\`;`);
  }

}
