import { type MigrationInterface, type QueryRunner } from 'typeorm';

const PULLED = ['replenishment_approval', 'replenishment_approval_line', 'transfer_shipment', 'transfer_shipment_line', 'transfer_settlement'];

export class Replenishment1795452176474 implements MigrationInterface {
  name = 'Replenishment1795452176474';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "replenishment_approval" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "request_no" character varying(64) NOT NULL, "status" character varying(20) NOT NULL, "wanted_by" date, "note" character varying(500), "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by" character varying(64) NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" character varying(64), "decision_reason" character varying(500), "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" character varying(64), "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c70a2b6c04f81b8172f7bbb0796" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_b7d6faf8dc8c6e0f88d7ec6586" ON "replenishment_approval"  ("store_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_2afcabc7fe10e26d4fe23cf656" ON "replenishment_approval"  ("request_no") `);
    await q.query(`CREATE INDEX "IDX_d3e8c2a1b8f54bfb82d06252a6" ON "replenishment_approval"  ("status") `);
    await q.query(
      `CREATE TABLE "replenishment_approval_line" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, "store_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "requested_qty" numeric(18,3) NOT NULL, "suggested_qty" numeric(18,3), "approved_qty" numeric(18,3), "shipped_qty" numeric(18,3) NOT NULL DEFAULT '0', "received_qty" numeric(18,3) NOT NULL DEFAULT '0', "cancelled_qty" numeric(18,3) NOT NULL DEFAULT '0', "cut_reason" character varying(200), "note" character varying(200), "row_version" integer NOT NULL, CONSTRAINT "chk_replenishment_approval_line_qty" CHECK (requested_qty > 0 AND (approved_qty IS NULL OR approved_qty >= 0) AND shipped_qty >= 0 AND received_qty >= 0 AND cancelled_qty >= 0), CONSTRAINT "PK_d3ca44b5107901d4cb865d0c8a6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_9480623b0dae68dab3b71402dc" ON "replenishment_approval_line"  ("request_id") `);
    await q.query(`CREATE INDEX "IDX_f99a33763d910dcaa99a14ee89" ON "replenishment_approval_line"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_be42b225cae4728d02232f863f" ON "replenishment_approval_line"  ("product_id") `);
    await q.query(
      `CREATE TABLE "transfer_shipment" ("id" uuid NOT NULL, "number" character varying(64) NOT NULL, "store_id" uuid NOT NULL, "from_warehouse_id" uuid NOT NULL, "transit_warehouse_id" uuid NOT NULL, "to_warehouse_id" uuid NOT NULL, "status" character varying(12) NOT NULL, "ship_date" date NOT NULL, "note" character varying(500), "created_by" character varying(64) NOT NULL, "posted_at" TIMESTAMP WITH TIME ZONE, "posted_by" character varying(64), "receipt_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" character varying(500), "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_51541a84296e43aa7d2f3276ece" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_5f394229987bbc1b7146f78771" ON "transfer_shipment"  ("number") `);
    await q.query(`CREATE INDEX "IDX_44fddbcbdd25aee094e7544344" ON "transfer_shipment"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_58890af7a55407e1deb7274b28" ON "transfer_shipment"  ("status") `);
    await q.query(
      `CREATE TABLE "transfer_shipment_line" ("id" uuid NOT NULL, "shipment_id" uuid NOT NULL, "store_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "request_id" uuid, "request_line_id" uuid, "quantity" numeric(18,3) NOT NULL, "unit_cost" numeric(20,6), "amount" numeric(20,6), "batches" jsonb NOT NULL DEFAULT '[]', "posted_at" TIMESTAMP WITH TIME ZONE, "received_qty" numeric(18,3), "row_version" integer NOT NULL, CONSTRAINT "chk_transfer_shipment_line_qty" CHECK (quantity > 0), CONSTRAINT "PK_c9d139e4e0c67d4b8f8ca941982" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_2b2f23b6f733e8ec0ba1121f63" ON "transfer_shipment_line"  ("shipment_id") `);
    await q.query(`CREATE INDEX "IDX_17256fa0d399aa23acaac4a0cf" ON "transfer_shipment_line"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_9b075a3e2d2002359095a5649e" ON "transfer_shipment_line"  ("request_id") `);
    await q.query(
      `CREATE TABLE "transfer_receipt" ("id" uuid NOT NULL, "number" character varying(64) NOT NULL, "store_id" uuid NOT NULL, "shipment_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "status" character varying(12) NOT NULL, "receive_date" date NOT NULL, "note" character varying(500), "created_by" character varying(64) NOT NULL, "posted_at" TIMESTAMP WITH TIME ZONE, "posted_by" character varying(64), "settled_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_08e94b9297cb535749b01c0d94b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_b6f951d888467eded726f33e8f" ON "transfer_receipt"  ("number") `);
    await q.query(`CREATE INDEX "IDX_6811b70bd42f0f77258ea6c441" ON "transfer_receipt"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_1fcae5b0f938c359d35de4d1f6" ON "transfer_receipt"  ("shipment_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_transfer_receipt_shipment_posted" ON "transfer_receipt"  ("shipment_id") WHERE status = 'posted'`);
    await q.query(
      `CREATE TABLE "transfer_receipt_line" ("id" uuid NOT NULL, "receipt_id" uuid NOT NULL, "shipment_line_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "shipped_qty" numeric(18,3) NOT NULL, "received_qty" numeric(18,3) NOT NULL, "short_qty" numeric(18,3) NOT NULL DEFAULT '0', "damaged_qty" numeric(18,3) NOT NULL DEFAULT '0', "over_qty" numeric(18,3) NOT NULL DEFAULT '0', "unit_cost" numeric(20,6) NOT NULL, "variance_note" character varying(200), CONSTRAINT "chk_transfer_receipt_line_qty" CHECK (received_qty >= 0 AND short_qty >= 0 AND damaged_qty >= 0 AND over_qty >= 0 AND received_qty = shipped_qty - short_qty - damaged_qty + over_qty AND (short_qty = 0 OR over_qty = 0)), CONSTRAINT "PK_cf49eddb4f31f88ea3e6ffb8067" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_013e9dfbe6db130428d1cec674" ON "transfer_receipt_line"  ("receipt_id") `);
    await q.query(
      `CREATE TABLE "transfer_settlement" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "receipt_id" uuid NOT NULL, "shipment_id" uuid NOT NULL, "shipment_line_id" uuid NOT NULL, "product_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "treatment" character varying(16) NOT NULL, "stock_reason" character varying(32) NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_cost" numeric(20,6) NOT NULL, "amount" numeric(20,6) NOT NULL, "settled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "row_version" integer NOT NULL, CONSTRAINT "PK_83c74386eb610a4b852b296d2af" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_15469dd236c6de21949e364757" ON "transfer_settlement"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_d7d4e7537a45f1159b727fae07" ON "transfer_settlement"  ("receipt_id") `);
    // 要货 pull streams (docs/transfer.md §2): each row goes to the one store named in store_id
    for (const table of PULLED) {
      await q.query(`CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_capture('id', 'store_id', '')`);
      await q.query(`CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version('')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of PULLED) {
      await q.query(`DROP TRIGGER IF EXISTS "transfer_capture" ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS "transfer_bump_version" ON "${table}"`);
    }
    await q.query(`DROP INDEX "public"."IDX_d7d4e7537a45f1159b727fae07"`);
    await q.query(`DROP INDEX "public"."IDX_15469dd236c6de21949e364757"`);
    await q.query(`DROP TABLE "transfer_settlement"`);
    await q.query(`DROP INDEX "public"."IDX_013e9dfbe6db130428d1cec674"`);
    await q.query(`DROP TABLE "transfer_receipt_line"`);
    await q.query(`DROP INDEX "public"."uq_transfer_receipt_shipment_posted"`);
    await q.query(`DROP INDEX "public"."IDX_1fcae5b0f938c359d35de4d1f6"`);
    await q.query(`DROP INDEX "public"."IDX_6811b70bd42f0f77258ea6c441"`);
    await q.query(`DROP INDEX "public"."IDX_b6f951d888467eded726f33e8f"`);
    await q.query(`DROP TABLE "transfer_receipt"`);
    await q.query(`DROP INDEX "public"."IDX_9b075a3e2d2002359095a5649e"`);
    await q.query(`DROP INDEX "public"."IDX_17256fa0d399aa23acaac4a0cf"`);
    await q.query(`DROP INDEX "public"."IDX_2b2f23b6f733e8ec0ba1121f63"`);
    await q.query(`DROP TABLE "transfer_shipment_line"`);
    await q.query(`DROP INDEX "public"."IDX_58890af7a55407e1deb7274b28"`);
    await q.query(`DROP INDEX "public"."IDX_44fddbcbdd25aee094e7544344"`);
    await q.query(`DROP INDEX "public"."IDX_5f394229987bbc1b7146f78771"`);
    await q.query(`DROP TABLE "transfer_shipment"`);
    await q.query(`DROP INDEX "public"."IDX_be42b225cae4728d02232f863f"`);
    await q.query(`DROP INDEX "public"."IDX_f99a33763d910dcaa99a14ee89"`);
    await q.query(`DROP INDEX "public"."IDX_9480623b0dae68dab3b71402dc"`);
    await q.query(`DROP TABLE "replenishment_approval_line"`);
    await q.query(`DROP INDEX "public"."IDX_d3e8c2a1b8f54bfb82d06252a6"`);
    await q.query(`DROP INDEX "public"."IDX_2afcabc7fe10e26d4fe23cf656"`);
    await q.query(`DROP INDEX "public"."IDX_b7d6faf8dc8c6e0f88d7ec6586"`);
    await q.query(`DROP TABLE "replenishment_approval"`);
  }
}
