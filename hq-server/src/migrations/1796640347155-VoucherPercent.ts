import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class VoucherPercent1796640347155 implements MigrationInterface {
  name = 'VoucherPercent1796640347155';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "voucher_batch" ADD "percent" numeric(5,2)`);
    await q.query(`ALTER TABLE "voucher" ADD "percent" numeric(5,2)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "voucher" DROP COLUMN "percent"`);
    await q.query(`ALTER TABLE "voucher_batch" DROP COLUMN "percent"`);
  }
}
