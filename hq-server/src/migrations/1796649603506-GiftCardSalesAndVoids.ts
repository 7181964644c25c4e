import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { GIFT_CARD_SALES_SCHEMA, runStatements } from '@chain-erp/shared';

export class GiftCardSalesAndVoids1796649603506 implements MigrationInterface {
  name = 'GiftCardSalesAndVoids1796649603506';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, GIFT_CARD_SALES_SCHEMA.up);
    await q.query(
      `CREATE TABLE "voucher_void" ("id" uuid NOT NULL, "void_no" character varying(40) NOT NULL, "batch_id" uuid NOT NULL, "number" character varying(32), "count" integer NOT NULL, "amount" numeric(18,2) NOT NULL, "reason" character varying(200) NOT NULL, "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9bef0e47e8c6dc9358cdcf9b98c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_void_no" ON "voucher_void"  ("void_no") `);
    await q.query(`CREATE INDEX "IDX_ec4e156acdf16e5fcf45d017ed" ON "voucher_void"  ("batch_id") `);
    await q.query(`ALTER TABLE "voucher_batch" ADD "sold_at_till" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "voucher_batch" DROP COLUMN "sold_at_till"`);
    await q.query(`DROP INDEX "public"."IDX_ec4e156acdf16e5fcf45d017ed"`);
    await q.query(`DROP INDEX "public"."uq_voucher_void_no"`);
    await q.query(`DROP TABLE "voucher_void"`);
    await runStatements(q, GIFT_CARD_SALES_SCHEMA.down);
  }
}
