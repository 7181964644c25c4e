import { MigrationInterface, QueryRunner } from 'typeorm';

export class PosStockTables1795450750033 implements MigrationInterface {
  name = 'PosStockTables1795450750033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stock_balance" ("warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "qty" numeric(18,3) NOT NULL DEFAULT '0', "avg_cost" numeric(20,6) NOT NULL DEFAULT '0', "value" numeric(20,6) NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f5aaad4e9838ff3882aee1993e6" PRIMARY KEY ("warehouse_id", "product_id"))`);
    await q.query(`CREATE INDEX "IDX_861d0a9bde76c84e6e301cf8ab" ON "stock_balance"  ("product_id") `);
    await q.query(`CREATE TABLE "stock_batch" ("warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "batch_no" character varying(40) NOT NULL, "expiry_date" date, "qty" numeric(18,3) NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b69eb47770304d7c567d2514b4f" PRIMARY KEY ("warehouse_id", "product_id", "batch_no"))`);
    await q.query(`CREATE INDEX "IDX_18be4c72bf3c97f29b0c605c4a" ON "stock_batch"  ("expiry_date") `);
    await q.query(`CREATE TABLE "stock_ledger" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "warehouse_id" uuid NOT NULL, "product_id" uuid NOT NULL, "batch_no" character varying(40), "expiry_date" date, "delta" numeric(18,3) NOT NULL, "balance_after" numeric(18,3) NOT NULL, "batch_balance_after" numeric(18,3), "unit_cost" numeric(20,6) NOT NULL, "amount" numeric(20,6) NOT NULL, "value_after" numeric(20,6) NOT NULL, "doc_type" character varying(32) NOT NULL, "doc_id" uuid NOT NULL, "doc_no" character varying(64), "doc_line" integer, "reason" character varying(32), "business_date" date NOT NULL, "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "operator_id" uuid, CONSTRAINT "chk_stock_ledger_delta" CHECK (delta <> 0), CONSTRAINT "PK_bb04575ee2ff52f72028f669701" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_04266b2fa3f8dec40732ec1d24" ON "stock_ledger"  ("seq") `);
    await q.query(`CREATE INDEX "IDX_756b12b25b2375a0cb956faf8c" ON "stock_ledger"  ("doc_type", "doc_id") `);
    await q.query(`CREATE INDEX "IDX_3ff2ee1e777e262a06f31e8f14" ON "stock_ledger"  ("warehouse_id", "product_id", "business_date") `);
    await q.query(`CREATE INDEX "IDX_50a7b6a37b2e0e36bbc15d593a" ON "stock_ledger"  ("warehouse_id", "product_id", "seq") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_50a7b6a37b2e0e36bbc15d593a"`);
    await q.query(`DROP INDEX "public"."IDX_3ff2ee1e777e262a06f31e8f14"`);
    await q.query(`DROP INDEX "public"."IDX_756b12b25b2375a0cb956faf8c"`);
    await q.query(`DROP INDEX "public"."IDX_04266b2fa3f8dec40732ec1d24"`);
    await q.query(`DROP TABLE "stock_ledger"`);
    await q.query(`DROP INDEX "public"."IDX_18be4c72bf3c97f29b0c605c4a"`);
    await q.query(`DROP TABLE "stock_batch"`);
    await q.query(`DROP INDEX "public"."IDX_861d0a9bde76c84e6e301cf8ab"`);
    await q.query(`DROP TABLE "stock_balance"`);
  }
}
