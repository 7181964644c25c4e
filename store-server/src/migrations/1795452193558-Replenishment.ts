import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { REPLENISHMENT_SCHEMA, runStatements } from '@chain-erp/shared';

export class Replenishment1795452193558 implements MigrationInterface {
  name = 'Replenishment1795452193558';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, REPLENISHMENT_SCHEMA.up);
    await q.query(
      `CREATE TABLE "replenishment_request" ("id" uuid NOT NULL, "number" character varying(64) NOT NULL, "store_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "status" character varying(12) NOT NULL, "wanted_by" date, "note" character varying(500), "created_by" character varying(64) NOT NULL, "submitted_by" character varying(64), "submitted_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" character varying(500), "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c1d29c36f3bb99a2f29b9f4f329" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_6e9d90962e847e8ac8cb26c74a" ON "replenishment_request"  ("number") `);
    await q.query(`CREATE INDEX "IDX_af2c98241e25fb198a04e26308" ON "replenishment_request"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_3a64cb6af2638f66119ae4fbcc" ON "replenishment_request"  ("status") `);
    await q.query(
      `CREATE TABLE "replenishment_request_line" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "suggested_qty" numeric(18,3), "note" character varying(200), CONSTRAINT "chk_replenishment_request_line_qty" CHECK (quantity > 0), CONSTRAINT "PK_afd424fe9053e87d66ce50ddd49" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_15b09ab83819f64d8347af2a39" ON "replenishment_request_line"  ("request_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_15b09ab83819f64d8347af2a39"`);
    await q.query(`DROP TABLE "replenishment_request_line"`);
    await q.query(`DROP INDEX "public"."IDX_3a64cb6af2638f66119ae4fbcc"`);
    await q.query(`DROP INDEX "public"."IDX_af2c98241e25fb198a04e26308"`);
    await q.query(`DROP INDEX "public"."IDX_6e9d90962e847e8ac8cb26c74a"`);
    await q.query(`DROP TABLE "replenishment_request"`);
    await runStatements(q, REPLENISHMENT_SCHEMA.down);
  }
}
