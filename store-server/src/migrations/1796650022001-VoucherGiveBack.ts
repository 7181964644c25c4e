import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A voucher use at this store given back by a refund (docs/promotions.md): the use row is kept and
 * marked returned, and only a use not given back counts as "used here" — so the one-use-per-voucher
 * index becomes partial.
 */
export class VoucherGiveBack1796650022001 implements MigrationInterface {
  name = 'VoucherGiveBack1796650022001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "voucher_redemption" ADD "returned_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "voucher_redemption" ADD "returned_by" uuid`);
    await q.query(`DROP INDEX "uq_voucher_redemption_voucher"`);
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_redemption_voucher" ON "voucher_redemption" ("voucher_id") WHERE "returned_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "voucher_redemption" WHERE "returned_at" IS NOT NULL`);
    await q.query(`DROP INDEX "uq_voucher_redemption_voucher"`);
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_redemption_voucher" ON "voucher_redemption" ("voucher_id")`);
    await q.query(`ALTER TABLE "voucher_redemption" DROP COLUMN "returned_by"`);
    await q.query(`ALTER TABLE "voucher_redemption" DROP COLUMN "returned_at"`);
  }
}
