import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class InboxReceivedIndex1795463200000 implements MigrationInterface {
  name = 'InboxReceivedIndex1795463200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_c04fafb18aa191e3ddc564f71d"`);
    await q.query(`CREATE INDEX "idx_transfer_inbox_received" ON "transfer_inbox"  ("store_id", "received_at", "id") WHERE "status" = 'received'`);
    await q.query(`CREATE INDEX "idx_transfer_inbox_failed" ON "transfer_inbox"  ("store_id", "received_at") WHERE "status" = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_transfer_inbox_failed"`);
    await q.query(`DROP INDEX "public"."idx_transfer_inbox_received"`);
    await q.query(`CREATE INDEX "IDX_c04fafb18aa191e3ddc564f71d" ON "transfer_inbox"  ("status", "received_at") `);
  }
}
