import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class RestoreRecovery1796617832224 implements MigrationInterface {
  name = 'RestoreRecovery1796617832224';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "database_incarnation" ("id" uuid NOT NULL, "origin" character varying(12) NOT NULL, "backup_name" character varying(120), "backup_created_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reconciled_at" TIMESTAMP WITH TIME ZONE, "summary" jsonb, CONSTRAINT "PK_66f8cffd0c5f453c86a1b420375" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_database_incarnation_created" ON "database_incarnation"  ("created_at") `);
    // the database's first life; `npm run restore` adds one each time it puts a backup in place
    await q.query(`INSERT INTO "database_incarnation" ("id", "origin") VALUES (gen_random_uuid(), 'created')`);
    await q.query(`ALTER TABLE "transfer_settings" ADD "hq_incarnation" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "transfer_settings" DROP COLUMN "hq_incarnation"`);
    await q.query(`DROP INDEX "public"."idx_database_incarnation_created"`);
    await q.query(`DROP TABLE "database_incarnation"`);
  }
}
