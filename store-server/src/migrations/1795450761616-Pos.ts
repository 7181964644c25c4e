import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { POS_SCHEMA, runStatements } from '@chain-erp/shared';

export class Pos1795450761616 implements MigrationInterface {
  name = 'Pos1795450761616';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, POS_SCHEMA.up);
    await q.query(
      `CREATE TABLE "pos_shift" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "shift_no" character varying(64) NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "status" character varying(8) NOT NULL DEFAULT 'open', "opening_float" numeric(18,2) NOT NULL, "business_date" date NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, CONSTRAINT "PK_defb1b1b92ef043e731a3609c70" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_69c0c08c8b62a14a0ce5885635" ON "pos_shift"  ("store_id", "business_date") `);
    await q.query(`CREATE UNIQUE INDEX "uq_pos_shift_open_till" ON "pos_shift"  ("store_id", "till_code") WHERE status = 'open'`);
    await q.query(
      `CREATE TABLE "pos_settings" ("org_unit_id" uuid NOT NULL, "document" jsonb NOT NULL DEFAULT '{}', "updated_by" uuid, "row_version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de41205cc7ffe821a56e493bfe2" PRIMARY KEY ("org_unit_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pos_settings"`);
    await q.query(`DROP INDEX "public"."uq_pos_shift_open_till"`);
    await q.query(`DROP INDEX "public"."IDX_69c0c08c8b62a14a0ce5885635"`);
    await q.query(`DROP TABLE "pos_shift"`);
    await runStatements(q, POS_SCHEMA.down);
  }
}
