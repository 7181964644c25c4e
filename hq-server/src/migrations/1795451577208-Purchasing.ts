import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Purchasing1795451577208 implements MigrationInterface {
  name = 'Purchasing1795451577208';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "purchase_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "org_unit_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'draft', "order_date" date NOT NULL, "expected_date" date, "late_entry" boolean NOT NULL DEFAULT false, "late_reason" character varying(500), "total_qty" numeric(18,3) NOT NULL DEFAULT '0', "total_amount" numeric(18,2) NOT NULL DEFAULT '0', "total_tax" numeric(18,2) NOT NULL DEFAULT '0', "required_approvals" integer NOT NULL DEFAULT '1', "remark" character varying(500), "created_by" uuid, "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "close_reason" character varying(500), "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ad3e1c7b862f4043b103a6c8c60" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_f479705eb85b6fea4103cb25b3" ON "purchase_order"  ("number") `);
    await q.query(`CREATE INDEX "IDX_9b743964254c3cf0a23bc95de8" ON "purchase_order"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_3dacab5c4a43cecc0e48f5edb1" ON "purchase_order"  ("supplier_id") `);
    await q.query(`CREATE INDEX "IDX_c9cdb0a71bfc9c896a32e86de1" ON "purchase_order"  ("status") `);
    await q.query(
      `CREATE TABLE "purchase_order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_price" numeric(18,4) NOT NULL, "tax_rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "tax_amount" numeric(18,2) NOT NULL, "received_qty" numeric(18,3) NOT NULL DEFAULT '0', "note" character varying(200), CONSTRAINT "uq_purchase_order_line_no" UNIQUE ("order_id", "line_no"), CONSTRAINT "chk_purchase_order_line_qty" CHECK (quantity > 0 AND received_qty >= 0 AND unit_price >= 0), CONSTRAINT "PK_6077a6da2cd5d311c17e6ac7cb3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_e7a66d03e72b362825edc83b0f" ON "purchase_order_line"  ("order_id") `);
    await q.query(`CREATE INDEX "IDX_76852d584047781d28aa7a89a8" ON "purchase_order_line"  ("product_id") `);
    await q.query(
      `CREATE TABLE "purchase_order_approval" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "level" integer NOT NULL, "user_id" uuid NOT NULL, "username" character varying(64) NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_purchase_order_approval_user" UNIQUE ("order_id", "user_id"), CONSTRAINT "uq_purchase_order_approval_level" UNIQUE ("order_id", "level"), CONSTRAINT "PK_0c7bac7936e9a8d8205ece95fb8" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "goods_receipt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "kind" character varying(12) NOT NULL DEFAULT 'receipt', "org_unit_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "order_id" uuid, "reverses_id" uuid, "status" character varying(12) NOT NULL DEFAULT 'draft', "delivery_note_no" character varying(64), "duplicate_note_confirmed" boolean NOT NULL DEFAULT false, "business_date" date NOT NULL, "late_entry" boolean NOT NULL DEFAULT false, "late_reason" character varying(500), "reason" character varying(500), "remark" character varying(500), "total_qty" numeric(18,3) NOT NULL DEFAULT '0', "total_amount" numeric(18,2) NOT NULL DEFAULT '0', "total_tax" numeric(18,2) NOT NULL DEFAULT '0', "idempotency_key" character varying(64), "created_by" uuid, "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e72323328729450aa8265ccbf37" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_07989dd7019b82cb815bc612dd" ON "goods_receipt"  ("number") `);
    await q.query(`CREATE INDEX "IDX_cbd83cb85c0017960f18a8e89e" ON "goods_receipt"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_ac6d8a3910d9900263af8dad27" ON "goods_receipt"  ("supplier_id") `);
    await q.query(`CREATE INDEX "IDX_db2270b82735376c18a2616293" ON "goods_receipt"  ("order_id") `);
    await q.query(`CREATE INDEX "IDX_8d05a405e67bacb9225d6497e6" ON "goods_receipt"  ("reverses_id") `);
    await q.query(`CREATE INDEX "IDX_d68db721395cc80a889a72d85e" ON "goods_receipt"  ("status") `);
    await q.query(`CREATE INDEX "IDX_40bbcb207cf4b2b3d83484dc46" ON "goods_receipt"  ("business_date") `);
    await q.query(`CREATE INDEX "ix_goods_receipt_delivery_note" ON "goods_receipt"  ("supplier_id", "delivery_note_no") `);
    await q.query(`CREATE UNIQUE INDEX "uq_goods_receipt_idempotency" ON "goods_receipt"  ("idempotency_key") WHERE idempotency_key IS NOT NULL`);
    await q.query(
      `CREATE TABLE "goods_receipt_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "receipt_id" uuid NOT NULL, "line_no" integer NOT NULL, "order_line_id" uuid, "reverses_line_id" uuid, "product_id" uuid NOT NULL, "ordered_qty" numeric(18,3), "quantity" numeric(18,3) NOT NULL, "unit_price" numeric(18,4) NOT NULL, "tax_rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "tax_amount" numeric(18,2) NOT NULL, "unit_cost" numeric(20,6) NOT NULL, "batch_no" character varying(40), "expiry_date" date, "note" character varying(200), CONSTRAINT "uq_goods_receipt_line_no" UNIQUE ("receipt_id", "line_no"), CONSTRAINT "chk_goods_receipt_line_qty" CHECK (quantity <> 0 AND unit_price >= 0), CONSTRAINT "PK_48e6dc0cdd382e8cae148c61d30" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_e00e747abde9d33121e0db0a72" ON "goods_receipt_line"  ("receipt_id") `);
    await q.query(`CREATE INDEX "IDX_d8729d0082a2c7490691a7b9f0" ON "goods_receipt_line"  ("order_line_id") `);
    await q.query(`CREATE INDEX "IDX_7b5cf07221a95bab7a751fe0a4" ON "goods_receipt_line"  ("reverses_line_id") `);
    await q.query(`CREATE INDEX "IDX_bc1592f84ef3fa097dff72c833" ON "goods_receipt_line"  ("product_id") `);
    await q.query(
      `CREATE TABLE "purchase_return" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "org_unit_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "receipt_id" uuid, "status" character varying(12) NOT NULL DEFAULT 'draft', "business_date" date NOT NULL, "late_entry" boolean NOT NULL DEFAULT false, "late_reason" character varying(500), "reason" character varying(500) NOT NULL, "total_qty" numeric(18,3) NOT NULL DEFAULT '0', "total_amount" numeric(18,2) NOT NULL DEFAULT '0', "total_tax" numeric(18,2) NOT NULL DEFAULT '0', "idempotency_key" character varying(64), "created_by" uuid, "posted_by" uuid, "posted_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_229825c003dcd54ffbf807e9487" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_0bc784655742ae4074b8488738" ON "purchase_return"  ("number") `);
    await q.query(`CREATE INDEX "IDX_0b89481512dff7383f788af135" ON "purchase_return"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_bad3fadd5083ecfe74d8942a3b" ON "purchase_return"  ("supplier_id") `);
    await q.query(`CREATE INDEX "IDX_5862170409e877e1c7d7c37420" ON "purchase_return"  ("receipt_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_purchase_return_idempotency" ON "purchase_return"  ("idempotency_key") WHERE idempotency_key IS NOT NULL`);
    await q.query(
      `CREATE TABLE "purchase_return_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "return_id" uuid NOT NULL, "line_no" integer NOT NULL, "receipt_line_id" uuid, "product_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_price" numeric(18,4) NOT NULL, "tax_rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "tax_amount" numeric(18,2) NOT NULL, "posted_cost" numeric(20,6), "batch_no" character varying(40), "note" character varying(200), CONSTRAINT "uq_purchase_return_line_no" UNIQUE ("return_id", "line_no"), CONSTRAINT "chk_purchase_return_line_qty" CHECK (quantity > 0 AND unit_price >= 0), CONSTRAINT "PK_144224129b9602b949567ac2492" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_ad0b8a63c5b4d2d7fe5e4cc447" ON "purchase_return_line"  ("return_id") `);
    await q.query(`CREATE INDEX "IDX_214128a1fc138970e981a1244d" ON "purchase_return_line"  ("receipt_line_id") `);
    await q.query(`CREATE INDEX "IDX_5e304daf484426c745ea97d490" ON "purchase_return_line"  ("product_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_5e304daf484426c745ea97d490"`);
    await q.query(`DROP INDEX "public"."IDX_214128a1fc138970e981a1244d"`);
    await q.query(`DROP INDEX "public"."IDX_ad0b8a63c5b4d2d7fe5e4cc447"`);
    await q.query(`DROP TABLE "purchase_return_line"`);
    await q.query(`DROP INDEX "public"."uq_purchase_return_idempotency"`);
    await q.query(`DROP INDEX "public"."IDX_5862170409e877e1c7d7c37420"`);
    await q.query(`DROP INDEX "public"."IDX_bad3fadd5083ecfe74d8942a3b"`);
    await q.query(`DROP INDEX "public"."IDX_0b89481512dff7383f788af135"`);
    await q.query(`DROP INDEX "public"."IDX_0bc784655742ae4074b8488738"`);
    await q.query(`DROP TABLE "purchase_return"`);
    await q.query(`DROP INDEX "public"."IDX_bc1592f84ef3fa097dff72c833"`);
    await q.query(`DROP INDEX "public"."IDX_7b5cf07221a95bab7a751fe0a4"`);
    await q.query(`DROP INDEX "public"."IDX_d8729d0082a2c7490691a7b9f0"`);
    await q.query(`DROP INDEX "public"."IDX_e00e747abde9d33121e0db0a72"`);
    await q.query(`DROP TABLE "goods_receipt_line"`);
    await q.query(`DROP INDEX "public"."uq_goods_receipt_idempotency"`);
    await q.query(`DROP INDEX "public"."ix_goods_receipt_delivery_note"`);
    await q.query(`DROP INDEX "public"."IDX_40bbcb207cf4b2b3d83484dc46"`);
    await q.query(`DROP INDEX "public"."IDX_d68db721395cc80a889a72d85e"`);
    await q.query(`DROP INDEX "public"."IDX_8d05a405e67bacb9225d6497e6"`);
    await q.query(`DROP INDEX "public"."IDX_db2270b82735376c18a2616293"`);
    await q.query(`DROP INDEX "public"."IDX_ac6d8a3910d9900263af8dad27"`);
    await q.query(`DROP INDEX "public"."IDX_cbd83cb85c0017960f18a8e89e"`);
    await q.query(`DROP INDEX "public"."IDX_07989dd7019b82cb815bc612dd"`);
    await q.query(`DROP TABLE "goods_receipt"`);
    await q.query(`DROP TABLE "purchase_order_approval"`);
    await q.query(`DROP INDEX "public"."IDX_76852d584047781d28aa7a89a8"`);
    await q.query(`DROP INDEX "public"."IDX_e7a66d03e72b362825edc83b0f"`);
    await q.query(`DROP TABLE "purchase_order_line"`);
    await q.query(`DROP INDEX "public"."IDX_c9cdb0a71bfc9c896a32e86de1"`);
    await q.query(`DROP INDEX "public"."IDX_3dacab5c4a43cecc0e48f5edb1"`);
    await q.query(`DROP INDEX "public"."IDX_9b743964254c3cf0a23bc95de8"`);
    await q.query(`DROP INDEX "public"."IDX_f479705eb85b6fea4103cb25b3"`);
    await q.query(`DROP TABLE "purchase_order"`);
  }
}
