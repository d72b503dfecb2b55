import { Migration } from '@mikro-orm/migrations';

export class Migration20261122125132_shipments extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`shipments\` (\`id\` varchar(191) not null, \`order_id\` varchar(64) not null, \`carrier\` varchar(32) not null, \`tracking_number\` varchar(64) not null, \`stage\` varchar(32) not null default 'shipped', \`exception_kind\` varchar(48) null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`shipments\` add index \`shipments_order_id_index\`(\`order_id\`);`);
    this.addSql(`alter table \`shipments\` add index \`shipments_carrier_tracking_number_index\`(\`carrier\`, \`tracking_number\`);`);

    this.addSql(`create table \`tracking_events\` (\`id\` int unsigned not null auto_increment primary key, \`shipment_id\` varchar(191) not null, \`provider\` varchar(32) not null, \`event_id\` varchar(191) not null, \`status\` varchar(32) not null, \`exception_kind\` varchar(48) null, \`milestone\` varchar(48) null, \`occurred_at\` datetime(3) not null, \`description\` varchar(500) null, \`location\` varchar(200) null, \`received_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`tracking_events\` add index \`tracking_events_shipment_id_occurred_at_index\`(\`shipment_id\`, \`occurred_at\`);`);
    this.addSql(`alter table \`tracking_events\` add unique \`tracking_events_shipment_id_provider_event_id_unique\`(\`shipment_id\`, \`provider\`, \`event_id\`);`);

    this.addSql(`create table \`unmatched_webhook_events\` (\`id\` int unsigned not null auto_increment primary key, \`provider\` varchar(32) not null, \`carrier\` varchar(32) not null, \`tracking_number\` varchar(64) not null, \`reason\` varchar(32) not null, \`events\` json not null, \`payload\` json not null, \`received_at\` datetime(3) not null, \`replayed_at\` datetime(3) null, \`replayed_into\` varchar(191) null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`unmatched_webhook_events\` add index \`unmatched_webhook_events_carrier_tracking_number_re_8180e_index\`(\`carrier\`, \`tracking_number\`, \`replayed_at\`);`);

    this.addSql(`alter table \`orders\` add \`projection_version\` int not null default 0;`);

  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`shipments\`;`);
    this.addSql(`drop table if exists \`tracking_events\`;`);
    this.addSql(`drop table if exists \`unmatched_webhook_events\`;`);
    this.addSql(`alter table \`orders\` drop column \`projection_version\`;`);
  }

}
