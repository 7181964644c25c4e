import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { MEMBERSHIP_SCHEMA, runStatements } from '@chain-erp/shared';

export class Membership1795451081223 implements MigrationInterface {
  name = 'Membership1795451081223';

  async up(q: QueryRunner): Promise<void> {
    // by hand: the exclusion constraint on member_card_batch (card number ranges per prefix) needs
    // btree_gist for the "prefix WITH =" part; it ships with PostgreSQL (contrib) and is trusted since 13
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await runStatements(q, MEMBERSHIP_SCHEMA.up);
    await q.query(
      `CREATE TABLE "member_card_batch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_no" character varying(32) NOT NULL, "card_type_id" uuid NOT NULL, "scope" character varying(8) NOT NULL, "prefix" character varying(8) NOT NULL DEFAULT '', "start_no" bigint NOT NULL, "quantity" integer NOT NULL, "number_width" integer NOT NULL, "check_digit" character varying(8) NOT NULL, "owner_store_id" uuid, "note" character varying(200), "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_member_card_batch_numbers" CHECK (start_no >= 0 AND quantity > 0 AND number_width BETWEEN 4 AND 15 AND check_digit IN ('none', 'luhn')), CONSTRAINT "xcl_member_card_batch_range" EXCLUDE USING gist ("prefix" WITH =, int8range("start_no", "start_no" + "quantity") WITH &&), CONSTRAINT "PK_12da742f96c20cc04f522826884" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_0b186f2e33f6ea79c5bb511340" ON "member_card_batch"  ("batch_no") `);
    await q.query(`CREATE INDEX "IDX_5db8290511b56a9fe423a18e7a" ON "member_card_batch"  ("owner_store_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_5db8290511b56a9fe423a18e7a"`);
    await q.query(`DROP INDEX "public"."IDX_0b186f2e33f6ea79c5bb511340"`);
    await q.query(`DROP TABLE "member_card_batch"`);
    await runStatements(q, MEMBERSHIP_SCHEMA.down);
    // btree_gist stays: other tables may have come to rely on it since
  }
}
