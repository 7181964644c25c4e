import { type SharedSchemaStep } from './run-statements';

/**
 * The stock balances, batches, the ledger, limits, alerts, reasons, stock documents and counts, as
 * both servers have them: HQ's migration Inventory1795450398888 and the store's
 * Inventory1795450404508 run these statements. They have run on deployed databases: never edit
 * them — change the schema in a new migration.
 */
export const INVENTORY_SCHEMA: SharedSchemaStep = {
  up: [
    `CREATE TABLE "stock_balance" ("warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "qty" numeric(18,3) NOT NULL DEFAULT '0', "avg_cost" numeric(20,6) NOT NULL DEFAULT '0', "value" numeric(20,6) NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f5aaad4e9838ff3882aee1993e6" PRIMARY KEY ("warehouse_id", "product_id"))`,
    `CREATE INDEX "IDX_861d0a9bde76c84e6e301cf8ab" ON "stock_balance"  ("product_id") `,
    `CREATE TABLE "stock_batch" ("warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "batch_no" character varying(40) NOT NULL, "expiry_date" date, "qty" numeric(18,3) NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b69eb47770304d7c567d2514b4f" PRIMARY KEY ("warehouse_id", "product_id", "batch_no"))`,
    `CREATE INDEX "IDX_18be4c72bf3c97f29b0c605c4a" ON "stock_batch"  ("expiry_date") `,
    `CREATE TABLE "stock_ledger" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "batch_no" character varying(40), "expiry_date" date, "delta" numeric(18,3) NOT NULL, "balance_after" numeric(18,3) NOT NULL, "batch_balance_after" numeric(18,3), "unit_cost" numeric(20,6) NOT NULL, "amount" numeric(20,6) NOT NULL, "value_after" numeric(20,6) NOT NULL, "doc_type" character varying(32) NOT NULL, "doc_id" uuid NOT NULL, "doc_no" character varying(64), "doc_line" integer, "reason" character varying(32), "business_date" date NOT NULL, "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "operator_id" uuid, CONSTRAINT "chk_stock_ledger_delta" CHECK (delta <> 0), CONSTRAINT "PK_bb04575ee2ff52f72028f669701" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "IDX_04266b2fa3f8dec40732ec1d24" ON "stock_ledger"  ("seq") `,
    `CREATE INDEX "IDX_756b12b25b2375a0cb956faf8c" ON "stock_ledger"  ("doc_type", "doc_id") `,
    `CREATE INDEX "IDX_3ff2ee1e777e262a06f31e8f14" ON "stock_ledger"  ("warehouse_id", "product_id", "business_date") `,
    `CREATE INDEX "IDX_50a7b6a37b2e0e36bbc15d593a" ON "stock_ledger"  ("warehouse_id", "product_id", "seq") `,
    `CREATE TABLE "stock_limit" ("warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "min_qty" numeric(18,3), "max_qty" numeric(18,3), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_stock_limit" CHECK (min_qty IS NULL OR max_qty IS NULL OR min_qty <= max_qty), CONSTRAINT "PK_2b8e9eed3f9019df10b411bcf21" PRIMARY KEY ("warehouse_id", "product_id"))`,
    `CREATE TABLE "stock_alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_date" date NOT NULL, "org_unit_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "batch_no" character varying(40) NOT NULL DEFAULT '', "kind" character varying(16) NOT NULL, "qty" numeric(18,3) NOT NULL, "threshold" numeric(18,3), "expiry_date" date, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b03b162a0276f6e46528700cf86" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_d9e89516d5d04df115a7e1fa5b" ON "stock_alert"  ("org_unit_id") `,
    `CREATE UNIQUE INDEX "uq_stock_alert_day" ON "stock_alert"  ("alert_date", "warehouse_id", "product_id", "batch_no", "kind") `,
    `CREATE TABLE "stock_reason" ("code" character varying(32) NOT NULL, "name" character varying(60) NOT NULL, "direction" character varying(8) NOT NULL DEFAULT 'both', "active" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_12441c2d2fc78168c0114c17159" PRIMARY KEY ("code"))`,
    `CREATE TABLE "stock_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "type" character varying(16) NOT NULL, "warehouse_id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "business_date" date NOT NULL, "remark" character varying(500), "reverses_id" uuid, "created_by" uuid, "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c1c55089d9c9ed8cde23a2011d" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "IDX_d74627c2f1d104f991f876dfcc" ON "stock_document"  ("number") `,
    `CREATE INDEX "IDX_6a1e027dd0184e4bc69a2c229c" ON "stock_document"  ("warehouse_id") `,
    `CREATE INDEX "IDX_dee49f1c2a33ffa64e9b056199" ON "stock_document"  ("org_unit_id") `,
    `CREATE UNIQUE INDEX "uq_stock_document_reverses" ON "stock_document"  ("reverses_id") WHERE reverses_id IS NOT NULL`,
    `CREATE TABLE "stock_document_line" ("document_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "batch_no" character varying(40), "expiry_date" date, "quantity" numeric(18,3) NOT NULL, "unit_cost" numeric(20,6), "reason_code" character varying(32) NOT NULL, "note" character varying(200), "posted_cost" numeric(20,6), CONSTRAINT "chk_stock_document_line_qty" CHECK (quantity <> 0), CONSTRAINT "PK_623dffb3d7450d26a9acfd854a4" PRIMARY KEY ("document_id", "line_no"))`,
    `CREATE TABLE "stock_count" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "warehouse_id" uuid NOT NULL, "org_unit_id" uuid NOT NULL, "category_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'counting', "snapshot_at" TIMESTAMP WITH TIME ZONE NOT NULL, "snapshot_seq" bigint NOT NULL, "business_date" date NOT NULL, "uncounted_policy" character varying(8), "remark" character varying(500), "created_by" uuid, "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_942c8300c7bc6f5d7b17031402e" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "IDX_9d3061cec39909ed8ea13a474d" ON "stock_count"  ("number") `,
    `CREATE INDEX "IDX_541ef5607053eca2837572157a" ON "stock_count"  ("org_unit_id") `,
    `CREATE UNIQUE INDEX "uq_stock_count_open" ON "stock_count"  ("warehouse_id") WHERE status = 'counting'`,
    `CREATE TABLE "stock_count_line" ("count_id" uuid NOT NULL, "product_id" uuid NOT NULL, "book_qty" numeric(18,3) NOT NULL, "counted_qty" numeric(18,3), "counted_seq" bigint, "counted_by" uuid, "counted_at" TIMESTAMP WITH TIME ZONE, "expected_qty" numeric(18,3), "variance_qty" numeric(18,3), CONSTRAINT "PK_da3a9ddcaf4fe4e4bf0e05e7d03" PRIMARY KEY ("count_id", "product_id"))`,
    // the ledger is append-only: corrections are new rows, never edits
    `CREATE FUNCTION stock_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'stock_ledger is append-only' USING ERRCODE = '55000'; END $$`,
    `CREATE TRIGGER trg_stock_ledger_append_only BEFORE UPDATE OR DELETE ON stock_ledger FOR EACH ROW EXECUTE FUNCTION stock_ledger_append_only()`,
  ],
  down: [
    `DROP TRIGGER IF EXISTS trg_stock_ledger_append_only ON stock_ledger`,
    `DROP FUNCTION IF EXISTS stock_ledger_append_only()`,
    `DROP TABLE "stock_count_line"`,
    `DROP INDEX "public"."uq_stock_count_open"`,
    `DROP INDEX "public"."IDX_541ef5607053eca2837572157a"`,
    `DROP INDEX "public"."IDX_9d3061cec39909ed8ea13a474d"`,
    `DROP TABLE "stock_count"`,
    `DROP TABLE "stock_document_line"`,
    `DROP INDEX "public"."uq_stock_document_reverses"`,
    `DROP INDEX "public"."IDX_dee49f1c2a33ffa64e9b056199"`,
    `DROP INDEX "public"."IDX_6a1e027dd0184e4bc69a2c229c"`,
    `DROP INDEX "public"."IDX_d74627c2f1d104f991f876dfcc"`,
    `DROP TABLE "stock_document"`,
    `DROP TABLE "stock_reason"`,
    `DROP INDEX "public"."uq_stock_alert_day"`,
    `DROP INDEX "public"."IDX_d9e89516d5d04df115a7e1fa5b"`,
    `DROP TABLE "stock_alert"`,
    `DROP TABLE "stock_limit"`,
    `DROP INDEX "public"."IDX_50a7b6a37b2e0e36bbc15d593a"`,
    `DROP INDEX "public"."IDX_3ff2ee1e777e262a06f31e8f14"`,
    `DROP INDEX "public"."IDX_756b12b25b2375a0cb956faf8c"`,
    `DROP INDEX "public"."IDX_04266b2fa3f8dec40732ec1d24"`,
    `DROP TABLE "stock_ledger"`,
    `DROP INDEX "public"."IDX_18be4c72bf3c97f29b0c605c4a"`,
    `DROP TABLE "stock_batch"`,
    `DROP INDEX "public"."IDX_861d0a9bde76c84e6e301cf8ab"`,
    `DROP TABLE "stock_balance"`,
  ],
};
