import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Vouchers1796626917080 implements MigrationInterface {
  name = 'Vouchers1796626917080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "voucher_batch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_no" character varying(40) NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "face_value" numeric(18,2) NOT NULL, "min_spend" numeric(18,2) NOT NULL DEFAULT '0', "quantity" integer NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE NOT NULL, "store_ids" uuid array, "note" character varying(200), "created_by" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64f1f84010fa5b987ebd1ad6509" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_batch_no" ON "voucher_batch"  ("batch_no") `);
    await q.query(
      `CREATE TABLE "voucher" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(32) NOT NULL, "batch_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "face_value" numeric(18,2) NOT NULL, "balance" numeric(18,2) NOT NULL, "min_spend" numeric(18,2) NOT NULL DEFAULT '0', "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE NOT NULL, "store_ids" uuid array, "state" character varying(16) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, CONSTRAINT "ck_voucher_balance" CHECK (balance >= 0), CONSTRAINT "PK_677ae75f380e81c2f103a57ffaf" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_number" ON "voucher"  ("number") `);
    await q.query(`CREATE INDEX "IDX_64f1f84010fa5b987ebd1ad650" ON "voucher"  ("batch_id") `);
    await q.query(
      `CREATE TABLE "voucher_ledger" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "voucher_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "ref_id" uuid NOT NULL, "doc_no" character varying(64), "original_ref_id" uuid, "amount" numeric(18,2) NOT NULL, "delta" numeric(18,2) NOT NULL, "balance_after" numeric(18,2) NOT NULL, "store_id" uuid, "username" character varying(64), CONSTRAINT "PK_f014d6c9e9dd5b68b5afb7e3e2f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_e9a6985b2807a56b0c2af42419" ON "voucher_ledger"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_935890bf8d39fe0dc4a5bdff2d" ON "voucher_ledger"  ("original_ref_id") WHERE original_ref_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_ledger_ref" ON "voucher_ledger"  ("voucher_id", "kind", "ref_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_voucher_ledger_ref"`);
    await q.query(`DROP INDEX "public"."IDX_935890bf8d39fe0dc4a5bdff2d"`);
    await q.query(`DROP INDEX "public"."IDX_e9a6985b2807a56b0c2af42419"`);
    await q.query(`DROP TABLE "voucher_ledger"`);
    await q.query(`DROP INDEX "public"."IDX_64f1f84010fa5b987ebd1ad650"`);
    await q.query(`DROP INDEX "public"."uq_voucher_number"`);
    await q.query(`DROP TABLE "voucher"`);
    await q.query(`DROP INDEX "public"."uq_voucher_batch_no"`);
    await q.query(`DROP TABLE "voucher_batch"`);
  }
}
