import { Migration } from '@mikro-orm/migrations';

/**
 * Unmatched carrier events, bounded: identical deliveries share one row (unique content hash, a delivery count),
 * an index for the operators' newest-first list and one for the retention prune. Rows kept before this get a
 * hash of their own id, so none of them collides with another or with a new delivery.
 */
export class Migration20261123150002_unmatched_bounds extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`unmatched_webhook_events\` add \`content_hash\` char(64) null, add \`deliveries\` int not null default 1, add \`last_received_at\` datetime(3) null;`);
    this.addSql(`update \`unmatched_webhook_events\` set \`content_hash\` = sha2(concat('kept-before-dedupe:', \`id\`), 256), \`last_received_at\` = \`received_at\`;`);
    this.addSql(`alter table \`unmatched_webhook_events\` modify \`content_hash\` char(64) not null, modify \`last_received_at\` datetime(3) not null;`);
    this.addSql(`alter table \`unmatched_webhook_events\` add unique \`unmatched_webhook_events_content_hash_unique\`(\`content_hash\`);`);
    this.addSql(`alter table \`unmatched_webhook_events\` add index \`unmatched_webhook_events_replayed_at_received_at_index\`(\`replayed_at\`, \`received_at\`);`);
    this.addSql(`alter table \`unmatched_webhook_events\` add index \`unmatched_webhook_events_received_at_index\`(\`received_at\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`unmatched_webhook_events\` drop index \`unmatched_webhook_events_received_at_index\`;`);
    this.addSql(`alter table \`unmatched_webhook_events\` drop index \`unmatched_webhook_events_replayed_at_received_at_index\`;`);
    this.addSql(`alter table \`unmatched_webhook_events\` drop index \`unmatched_webhook_events_content_hash_unique\`;`);
    this.addSql(`alter table \`unmatched_webhook_events\` drop column \`content_hash\`, drop column \`deliveries\`, drop column \`last_received_at\`;`);
  }

}
