import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The inbox job reads a store's waiting records in the store's own order (its outbox position) within
 * one arrival: a voucher used, given back and used again offline must be booked in that order, and a
 * push's record ids (derived UUIDs) say nothing about it. The index follows the new ORDER BY.
 */
export class InboxStoreOrder1796650023000 implements MigrationInterface {
  name = 'InboxStoreOrder1796650023000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_transfer_inbox_received"`);
    await q.query(`CREATE INDEX "idx_transfer_inbox_received" ON "transfer_inbox" ("store_id", "received_at", "store_seq", "id") WHERE "status" = 'received'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_transfer_inbox_received"`);
    await q.query(`CREATE INDEX "idx_transfer_inbox_received" ON "transfer_inbox" ("store_id", "received_at", "id") WHERE "status" = 'received'`);
  }
}
