import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class MoneyDocuments1796617426084 implements MigrationInterface {
  name = 'MoneyDocuments1796617426084';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "pos_top_up" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "store_code" character varying(32) NOT NULL, "top_up_no" character varying(64) NOT NULL, "kind" character varying(12) NOT NULL, "original_id" uuid, "original_no" character varying(64), "shift_id" uuid NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "business_date" date NOT NULL, "topped_up_at" TIMESTAMP WITH TIME ZONE NOT NULL, "card_no" character varying(40) NOT NULL, "card_scope" character varying(8) NOT NULL, "amount" numeric(18,2) NOT NULL, "payment_method_id" uuid NOT NULL, "method_code" character varying(16) NOT NULL, "method_name" character varying(60) NOT NULL, "method_type" character varying(16) NOT NULL, "tendered" numeric(18,2) NOT NULL, "change_amount" numeric(18,2) NOT NULL, "reference" character varying(64), "card_balance_after" numeric(18,2), "reason" character varying(200), "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_pos_top_up_no" UNIQUE ("store_id", "top_up_no"), CONSTRAINT "PK_b31c2a2b6dbd173cade27c375c3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_9001e1f51443f9c1721c905ff5" ON "pos_top_up"  ("shift_id") `);
    await q.query(`CREATE INDEX "IDX_f0327ef6e0265efff7a915f422" ON "pos_top_up"  ("business_date") `);
    await q.query(`CREATE INDEX "IDX_b9c5f2650be21cc3ee418e6751" ON "pos_top_up"  ("store_id", "business_date") `);
    await q.query(`CREATE UNIQUE INDEX "uq_pos_top_up_reversal" ON "pos_top_up"  ("original_id") WHERE original_id IS NOT NULL`);
    await q.query(
      `CREATE TABLE "member_adjustment" ("id" uuid NOT NULL, "adjustment_no" character varying(64) NOT NULL, "card_id" uuid NOT NULL, "card_no" character varying(40) NOT NULL, "member_id" uuid, "store_id" uuid, "account" character varying(16) NOT NULL, "delta" numeric(18,2) NOT NULL, "balance_before" numeric(18,2) NOT NULL, "balance_after" numeric(18,2) NOT NULL, "reason" character varying(200) NOT NULL, "created_by" uuid NOT NULL, "created_by_name" character varying(64) NOT NULL, "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_member_adjustment_delta" CHECK (delta <> 0 AND account IN ('points', 'stored_value')), CONSTRAINT "PK_f60e5dddfba09d3be3b542621aa" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_member_adjustment_no" ON "member_adjustment"  ("adjustment_no") `);
    await q.query(`CREATE INDEX "IDX_16f2e4f423498ba7cca859a3bd" ON "member_adjustment"  ("card_id") `);
    await q.query(`CREATE INDEX "IDX_3456c33f9c8b0f70e5000ab361" ON "member_adjustment"  ("store_id") `);
    await q.query(`ALTER TABLE "member_ledger" ADD "original_ref_id" uuid`);
    await q.query(`ALTER TABLE "member_ledger" ADD "doc_no" character varying(64)`);
    await q.query(`ALTER TABLE "pos_shift_report" ADD "top_ups_count" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "pos_shift_report" ADD "top_ups_total" numeric(18,2) NOT NULL DEFAULT '0'`);
    await q.query(`CREATE INDEX "idx_member_ledger_original" ON "member_ledger"  ("original_ref_id", "account", "kind") WHERE original_ref_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_member_ledger_top_up_reversal" ON "member_ledger"  ("original_ref_id") WHERE kind = 'top_up_reversal'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_member_ledger_top_up_reversal"`);
    await q.query(`DROP INDEX "public"."idx_member_ledger_original"`);
    await q.query(`ALTER TABLE "pos_shift_report" DROP COLUMN "top_ups_total"`);
    await q.query(`ALTER TABLE "pos_shift_report" DROP COLUMN "top_ups_count"`);
    await q.query(`ALTER TABLE "member_ledger" DROP COLUMN "doc_no"`);
    await q.query(`ALTER TABLE "member_ledger" DROP COLUMN "original_ref_id"`);
    await q.query(`DROP INDEX "public"."IDX_3456c33f9c8b0f70e5000ab361"`);
    await q.query(`DROP INDEX "public"."IDX_16f2e4f423498ba7cca859a3bd"`);
    await q.query(`DROP INDEX "public"."uq_member_adjustment_no"`);
    await q.query(`DROP TABLE "member_adjustment"`);
    await q.query(`DROP INDEX "public"."uq_pos_top_up_reversal"`);
    await q.query(`DROP INDEX "public"."IDX_b9c5f2650be21cc3ee418e6751"`);
    await q.query(`DROP INDEX "public"."IDX_f0327ef6e0265efff7a915f422"`);
    await q.query(`DROP INDEX "public"."IDX_9001e1f51443f9c1721c905ff5"`);
    await q.query(`DROP TABLE "pos_top_up"`);
  }
}
