import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Reports1795453586987 implements MigrationInterface {
  name = 'Reports1795453586987';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "pos_sale_line" ADD "unit_cost" numeric(20,6)`);
    await q.query(`ALTER TABLE "pos_refund_line" ADD "unit_cost" numeric(20,6)`);
    await q.query(`CREATE INDEX "IDX_d0370472c1cde03c433530e6a9" ON "pos_sale"  ("business_date") `);
    await q.query(`CREATE INDEX "IDX_47c7992ea44f7f803cb9c4cca1" ON "pos_refund"  ("business_date") `);
    await q.query(`CREATE INDEX "IDX_9d78349144d7e60ceaba65daac" ON "purchase_order"  ("order_date") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_9d78349144d7e60ceaba65daac"`);
    await q.query(`DROP INDEX "public"."IDX_47c7992ea44f7f803cb9c4cca1"`);
    await q.query(`DROP INDEX "public"."IDX_d0370472c1cde03c433530e6a9"`);
    await q.query(`ALTER TABLE "pos_refund_line" DROP COLUMN "unit_cost"`);
    await q.query(`ALTER TABLE "pos_sale_line" DROP COLUMN "unit_cost"`);
  }
}
