import { type SharedSchemaStep } from './run-statements';

/**
 * The till top-ups and the member ledger’s reversal columns, as both servers have them: HQ's
 * migration MoneyDocuments1796617426084 and the store's MoneyDocuments1796617471225 run these
 * statements. They have run on deployed databases: never edit them — change the schema in a new
 * migration.
 */
export const MONEY_DOCUMENTS_SCHEMA: SharedSchemaStep = {
  up: [
    `CREATE TABLE "pos_top_up" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "store_code" character varying(32) NOT NULL, "top_up_no" character varying(64) NOT NULL, "kind" character varying(12) NOT NULL, "original_id" uuid, "original_no" character varying(64), "shift_id" uuid NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "business_date" date NOT NULL, "topped_up_at" TIMESTAMP WITH TIME ZONE NOT NULL, "card_no" character varying(40) NOT NULL, "card_scope" character varying(8) NOT NULL, "amount" numeric(18,2) NOT NULL, "payment_method_id" uuid NOT NULL, "method_code" character varying(16) NOT NULL, "method_name" character varying(60) NOT NULL, "method_type" character varying(16) NOT NULL, "tendered" numeric(18,2) NOT NULL, "change_amount" numeric(18,2) NOT NULL, "reference" character varying(64), "card_balance_after" numeric(18,2), "reason" character varying(200), "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_pos_top_up_no" UNIQUE ("store_id", "top_up_no"), CONSTRAINT "PK_b31c2a2b6dbd173cade27c375c3" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_9001e1f51443f9c1721c905ff5" ON "pos_top_up"  ("shift_id") `,
    `CREATE INDEX "IDX_f0327ef6e0265efff7a915f422" ON "pos_top_up"  ("business_date") `,
    `CREATE INDEX "IDX_b9c5f2650be21cc3ee418e6751" ON "pos_top_up"  ("store_id", "business_date") `,
    `CREATE UNIQUE INDEX "uq_pos_top_up_reversal" ON "pos_top_up"  ("original_id") WHERE original_id IS NOT NULL`,
    `ALTER TABLE "member_ledger" ADD "original_ref_id" uuid`,
    `ALTER TABLE "member_ledger" ADD "doc_no" character varying(64)`,
    `ALTER TABLE "pos_shift_report" ADD "top_ups_count" integer NOT NULL DEFAULT '0'`,
    `ALTER TABLE "pos_shift_report" ADD "top_ups_total" numeric(18,2) NOT NULL DEFAULT '0'`,
    `CREATE INDEX "idx_member_ledger_original" ON "member_ledger"  ("original_ref_id", "account", "kind") WHERE original_ref_id IS NOT NULL`,
    `CREATE UNIQUE INDEX "uq_member_ledger_top_up_reversal" ON "member_ledger"  ("original_ref_id") WHERE kind = 'top_up_reversal'`,
  ],
  down: [
    `DROP INDEX "public"."uq_member_ledger_top_up_reversal"`,
    `DROP INDEX "public"."idx_member_ledger_original"`,
    `ALTER TABLE "pos_shift_report" DROP COLUMN "top_ups_total"`,
    `ALTER TABLE "pos_shift_report" DROP COLUMN "top_ups_count"`,
    `ALTER TABLE "member_ledger" DROP COLUMN "doc_no"`,
    `ALTER TABLE "member_ledger" DROP COLUMN "original_ref_id"`,
    `DROP INDEX "public"."uq_pos_top_up_reversal"`,
    `DROP INDEX "public"."IDX_b9c5f2650be21cc3ee418e6751"`,
    `DROP INDEX "public"."IDX_f0327ef6e0265efff7a915f422"`,
    `DROP INDEX "public"."IDX_9001e1f51443f9c1721c905ff5"`,
    `DROP TABLE "pos_top_up"`,
  ],
};
