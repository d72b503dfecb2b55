import { Migration } from '@mikro-orm/migrations';

export class Migration20261122130046_tracking_numbers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`tracking_numbers\` (\`id\` int unsigned not null auto_increment primary key, \`carrier\` varchar(32) not null, \`tracking_number\` varchar(64) not null, \`shipment_id\` varchar(191) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`tracking_numbers\` add unique \`tracking_numbers_carrier_tracking_number_unique\`(\`carrier\`, \`tracking_number\`);`);

  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`tracking_numbers\`;`);
  }

}
