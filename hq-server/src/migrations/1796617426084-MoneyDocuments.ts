import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { MONEY_DOCUMENTS_SCHEMA, runStatements } from '@chain-erp/shared';

export class MoneyDocuments1796617426084 implements MigrationInterface {
  name = 'MoneyDocuments1796617426084';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, MONEY_DOCUMENTS_SCHEMA.up);
    await q.query(
      `CREATE TABLE "member_adjustment" ("id" uuid NOT NULL, "adjustment_no" character varying(64) NOT NULL, "card_id" uuid NOT NULL, "card_no" character varying(40) NOT NULL, "member_id" uuid, "store_id" uuid, "account" character varying(16) NOT NULL, "delta" numeric(18,2) NOT NULL, "balance_before" numeric(18,2) NOT NULL, "balance_after" numeric(18,2) NOT NULL, "reason" character varying(200) NOT NULL, "created_by" uuid NOT NULL, "created_by_name" character varying(64) NOT NULL, "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_member_adjustment_delta" CHECK (delta <> 0 AND account IN ('points', 'stored_value')), CONSTRAINT "PK_f60e5dddfba09d3be3b542621aa" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_member_adjustment_no" ON "member_adjustment"  ("adjustment_no") `);
    await q.query(`CREATE INDEX "IDX_16f2e4f423498ba7cca859a3bd" ON "member_adjustment"  ("card_id") `);
    await q.query(`CREATE INDEX "IDX_3456c33f9c8b0f70e5000ab361" ON "member_adjustment"  ("store_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_3456c33f9c8b0f70e5000ab361"`);
    await q.query(`DROP INDEX "public"."IDX_16f2e4f423498ba7cca859a3bd"`);
    await q.query(`DROP INDEX "public"."uq_member_adjustment_no"`);
    await q.query(`DROP TABLE "member_adjustment"`);
    await runStatements(q, MONEY_DOCUMENTS_SCHEMA.down);
  }
}
