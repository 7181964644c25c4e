import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class RestoreRecovery1796617527008 implements MigrationInterface {
  name = 'RestoreRecovery1796617527008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "database_incarnation" ("id" uuid NOT NULL, "origin" character varying(12) NOT NULL, "backup_name" character varying(120), "backup_created_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reconciled_at" TIMESTAMP WITH TIME ZONE, "summary" jsonb, CONSTRAINT "PK_66f8cffd0c5f453c86a1b420375" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_database_incarnation_created" ON "database_incarnation"  ("created_at") `);
    // the database's first life; `npm run restore` adds one each time it puts a backup in place
    await q.query(`INSERT INTO "database_incarnation" ("id", "origin") VALUES (gen_random_uuid(), 'created')`);
    await q.query(
      `CREATE TABLE "transfer_conflict" ("id" uuid NOT NULL, "record_id" uuid NOT NULL, "store_id" uuid NOT NULL, "stream" character varying(64) NOT NULL, "body" jsonb NOT NULL, "body_hash" character varying(64) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'failed', "error" character varying(500) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8513750396e39d516e85d407c6e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_transfer_conflict_failed" ON "transfer_conflict"  ("store_id", "received_at") WHERE "status" = 'failed'`);
    await q.query(`CREATE UNIQUE INDEX "uq_transfer_conflict_body" ON "transfer_conflict"  ("record_id", "body_hash") `);
    await q.query(`ALTER TABLE "store_transfer" ADD "push_error" character varying(500)`);
    await q.query(`ALTER TABLE "store_transfer" ADD "push_error_stream" character varying(64)`);
    await q.query(`ALTER TABLE "store_transfer" ADD "push_error_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "store_transfer" ADD "reconciled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "transfer_inbox" ADD "store_seq" bigint`);
    await q.query(`CREATE INDEX "idx_transfer_inbox_store_seq" ON "transfer_inbox"  ("store_id", "store_seq") WHERE "store_seq" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_transfer_inbox_store_seq"`);
    await q.query(`ALTER TABLE "transfer_inbox" DROP COLUMN "store_seq"`);
    await q.query(`ALTER TABLE "store_transfer" DROP COLUMN "reconciled_at"`);
    await q.query(`ALTER TABLE "store_transfer" DROP COLUMN "push_error_at"`);
    await q.query(`ALTER TABLE "store_transfer" DROP COLUMN "push_error_stream"`);
    await q.query(`ALTER TABLE "store_transfer" DROP COLUMN "push_error"`);
    await q.query(`DROP INDEX "public"."uq_transfer_conflict_body"`);
    await q.query(`DROP INDEX "public"."idx_transfer_conflict_failed"`);
    await q.query(`DROP TABLE "transfer_conflict"`);
    await q.query(`DROP INDEX "public"."idx_database_incarnation_created"`);
    await q.query(`DROP TABLE "database_incarnation"`);
  }
}
