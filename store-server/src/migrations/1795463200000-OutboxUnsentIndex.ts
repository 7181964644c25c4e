import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class OutboxUnsentIndex1795463200000 implements MigrationInterface {
  name = 'OutboxUnsentIndex1795463200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_149df0017369aae660f502bcad"`);
    await q.query(`CREATE INDEX "idx_transfer_outbox_unsent" ON "transfer_outbox"  ("stream", "seq") WHERE "sent_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_transfer_outbox_unsent"`);
    await q.query(`CREATE INDEX "IDX_149df0017369aae660f502bcad" ON "transfer_outbox"  ("stream", "sent_at", "seq") `);
  }
}
