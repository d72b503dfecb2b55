import { Migration } from '@mikro-orm/migrations';

/**
 * Recycled tracking numbers: a carrier + tracking number may be owned by several shipments over time, one per
 * generation. Existing rows are generation 1, so open shipments keep their ids and their routing. A new parcel
 * records the order it belongs to, when the warehouse handed it over (older scans belong to the generation
 * before) and the key of the claim that chose it (a retried claim finds its row again).
 */
export class Migration20261124090000_tracking_generations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`tracking_numbers\` add \`generation\` int not null default 1, add \`order_id\` varchar(64) null, add \`handed_over_at\` datetime(3) null, add \`claim_key\` varchar(191) null;`);
    // The new unique index first: lookups by carrier + tracking number always have an index to use.
    this.addSql(`alter table \`tracking_numbers\` add unique \`tracking_numbers_carrier_tracking_number_generation_unique\`(\`carrier\`, \`tracking_number\`, \`generation\`);`);
    this.addSql(`alter table \`tracking_numbers\` drop index \`tracking_numbers_carrier_tracking_number_unique\`;`);
    this.addSql(`alter table \`tracking_numbers\` add unique \`tracking_numbers_claim_key_unique\`(\`claim_key\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from \`tracking_numbers\` where \`generation\` > 1;`);
    this.addSql(`alter table \`tracking_numbers\` drop index \`tracking_numbers_claim_key_unique\`;`);
    this.addSql(`alter table \`tracking_numbers\` add unique \`tracking_numbers_carrier_tracking_number_unique\`(\`carrier\`, \`tracking_number\`);`);
    this.addSql(`alter table \`tracking_numbers\` drop index \`tracking_numbers_carrier_tracking_number_generation_unique\`;`);
    this.addSql(`alter table \`tracking_numbers\` drop column \`generation\`, drop column \`order_id\`, drop column \`handed_over_at\`, drop column \`claim_key\`;`);
  }

}
