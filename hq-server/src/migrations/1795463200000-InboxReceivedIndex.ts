import { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxReceivedIndex1795463200000 implements MigrationInterface {
  name = 'InboxReceivedIndex1795463200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_transfer_inbox_received" ON "transfer_inbox"  ("store_id", "received_at", "id") WHERE "status" = 'received'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_transfer_inbox_received"`);
  }
}
