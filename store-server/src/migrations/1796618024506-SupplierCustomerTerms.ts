import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SupplierCustomerTerms1796618024506 implements MigrationInterface {
  name = 'SupplierCustomerTerms1796618024506';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "supplier" ADD "settlement_mode" character varying(16) NOT NULL DEFAULT 'purchase'`);
    await q.query(`ALTER TABLE "supplier" ADD "commission_rate" numeric(5,2)`);
    await q.query(`ALTER TABLE "customer" ADD "address" character varying(300)`);
    await q.query(`ALTER TABLE "customer" ADD "tax_number" character varying(40)`);
    await q.query(`ALTER TABLE "customer" ADD "payment_terms_days" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "customer" DROP COLUMN "payment_terms_days"`);
    await q.query(`ALTER TABLE "customer" DROP COLUMN "tax_number"`);
    await q.query(`ALTER TABLE "customer" DROP COLUMN "address"`);
    await q.query(`ALTER TABLE "supplier" DROP COLUMN "commission_rate"`);
    await q.query(`ALTER TABLE "supplier" DROP COLUMN "settlement_mode"`);
  }
}
