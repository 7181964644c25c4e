import { type SharedSchemaStep } from './run-statements';

/**
 * The till sales, refunds, their lines and payments, shift reports, as both servers have them:
 * HQ's migration PosInbox1795450999201 and the store's Pos1795450761616 run these statements. They
 * have run on deployed databases: never edit them — change the schema in a new migration.
 */
export const POS_SCHEMA: SharedSchemaStep = {
  up: [
    `CREATE TABLE "pos_sale" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "store_code" character varying(32) NOT NULL, "receipt_no" character varying(64) NOT NULL, "shift_id" uuid NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "warehouse_id" uuid NOT NULL, "business_date" date NOT NULL, "sold_at" TIMESTAMP WITH TIME ZONE NOT NULL, "member_ref" character varying(40), "gross_amount" numeric(18,2) NOT NULL, "discount_amount" numeric(18,2) NOT NULL, "rounding_amount" numeric(18,2) NOT NULL, "total_amount" numeric(18,2) NOT NULL, "paid_amount" numeric(18,2) NOT NULL, "change_amount" numeric(18,2) NOT NULL, "negative_stock" boolean NOT NULL DEFAULT false, "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_pos_sale_receipt" UNIQUE ("store_id", "receipt_no"), CONSTRAINT "PK_bc1ec442f04084d0ea07c5129ef" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_8d891656a57282db6338ff58ec" ON "pos_sale"  ("shift_id") `,
    `CREATE INDEX "IDX_e284f17b4ad05cb5016141a34f" ON "pos_sale"  ("store_id", "business_date") `,
    `CREATE TABLE "pos_sale_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sale_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "product_code" character varying(32) NOT NULL, "product_name" character varying(200) NOT NULL, "barcode" character varying(32), "quantity" numeric(18,3) NOT NULL, "list_price" numeric(18,2) NOT NULL, "unit_price" numeric(18,2) NOT NULL, "price_source" character varying(12) NOT NULL, "line_discount" numeric(18,2) NOT NULL, "sale_discount" numeric(18,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "voided" boolean NOT NULL DEFAULT false, "balance_after" numeric(18,3), CONSTRAINT "uq_pos_sale_line" UNIQUE ("sale_id", "line_no"), CONSTRAINT "PK_71f32a114e0d21c9545689c9dfe" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_38f40e0c99da4a62bb2a76310b" ON "pos_sale_line"  ("product_id") `,
    `CREATE TABLE "pos_sale_payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sale_id" uuid NOT NULL, "line_no" integer NOT NULL, "payment_method_id" uuid NOT NULL, "method_code" character varying(16) NOT NULL, "method_name" character varying(60) NOT NULL, "method_type" character varying(16) NOT NULL, "tendered" numeric(18,2) NOT NULL, "change_amount" numeric(18,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "reference" character varying(64), CONSTRAINT "uq_pos_sale_payment" UNIQUE ("sale_id", "line_no"), CONSTRAINT "PK_ad82b1fd84b0c2fa8a1f0f5962d" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_be17c4098e808210c78a6cfc3d" ON "pos_sale_payment"  ("payment_method_id") `,
    `CREATE TABLE "pos_refund" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "store_code" character varying(32) NOT NULL, "refund_no" character varying(64) NOT NULL, "sale_id" uuid, "sale_receipt_no" character varying(64), "shift_id" uuid NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "warehouse_id" uuid NOT NULL, "business_date" date NOT NULL, "refunded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(200) NOT NULL, "without_receipt" boolean NOT NULL DEFAULT false, "total_amount" numeric(18,2) NOT NULL, "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_pos_refund_no" UNIQUE ("store_id", "refund_no"), CONSTRAINT "PK_a7d00e02e8edf8deff87bef2fcb" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_953f157cbd954c6837fce2343c" ON "pos_refund"  ("sale_id") `,
    `CREATE INDEX "IDX_5906ceebc927c2464809b536b0" ON "pos_refund"  ("shift_id") `,
    `CREATE INDEX "IDX_da48b01812cdbdd58a6fa525c1" ON "pos_refund"  ("store_id", "business_date") `,
    `CREATE TABLE "pos_refund_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "refund_id" uuid NOT NULL, "line_no" integer NOT NULL, "sale_line_id" uuid, "product_id" uuid NOT NULL, "product_code" character varying(32) NOT NULL, "product_name" character varying(200) NOT NULL, "quantity" numeric(18,3) NOT NULL, "amount" numeric(18,2) NOT NULL, CONSTRAINT "uq_pos_refund_line" UNIQUE ("refund_id", "line_no"), CONSTRAINT "PK_d4fa6a0296f7fcfacd6dd033c34" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_aa31ecea7f3e9d8d8b121e4c2d" ON "pos_refund_line"  ("sale_line_id") `,
    `CREATE TABLE "pos_refund_payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "refund_id" uuid NOT NULL, "line_no" integer NOT NULL, "payment_method_id" uuid NOT NULL, "method_code" character varying(16) NOT NULL, "method_name" character varying(60) NOT NULL, "method_type" character varying(16) NOT NULL, "amount" numeric(18,2) NOT NULL, CONSTRAINT "uq_pos_refund_payment" UNIQUE ("refund_id", "line_no"), CONSTRAINT "PK_c6b5983a89b5f2192eb5eefa386" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_5eb5bdb00b4504458417af1a5c" ON "pos_refund_payment"  ("payment_method_id") `,
    `CREATE TABLE "pos_shift_report" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "store_code" character varying(32) NOT NULL, "shift_no" character varying(64) NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "business_date" date NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opening_float" numeric(18,2) NOT NULL, "sales_count" integer NOT NULL, "sales_total" numeric(18,2) NOT NULL, "refunds_count" integer NOT NULL, "refunds_total" numeric(18,2) NOT NULL, "expected_total" numeric(18,2) NOT NULL, "difference_total" numeric(18,2) NOT NULL, "tenders" jsonb NOT NULL, "note" character varying(500), "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53492dabacb3b0272f36be1aa5f" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_469571dd8e522e664ab4d7dd9a" ON "pos_shift_report"  ("store_id", "business_date") `,
  ],
  down: [
    `DROP INDEX "public"."IDX_469571dd8e522e664ab4d7dd9a"`,
    `DROP TABLE "pos_shift_report"`,
    `DROP INDEX "public"."IDX_5eb5bdb00b4504458417af1a5c"`,
    `DROP TABLE "pos_refund_payment"`,
    `DROP INDEX "public"."IDX_aa31ecea7f3e9d8d8b121e4c2d"`,
    `DROP TABLE "pos_refund_line"`,
    `DROP INDEX "public"."IDX_da48b01812cdbdd58a6fa525c1"`,
    `DROP INDEX "public"."IDX_5906ceebc927c2464809b536b0"`,
    `DROP INDEX "public"."IDX_953f157cbd954c6837fce2343c"`,
    `DROP TABLE "pos_refund"`,
    `DROP INDEX "public"."IDX_be17c4098e808210c78a6cfc3d"`,
    `DROP TABLE "pos_sale_payment"`,
    `DROP INDEX "public"."IDX_38f40e0c99da4a62bb2a76310b"`,
    `DROP TABLE "pos_sale_line"`,
    `DROP INDEX "public"."IDX_e284f17b4ad05cb5016141a34f"`,
    `DROP INDEX "public"."IDX_8d891656a57282db6338ff58ec"`,
    `DROP TABLE "pos_sale"`,
  ],
};
