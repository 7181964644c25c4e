import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sign-ins that end when access is taken away (auth_session, app_user.session_epoch — replicated to
 * the stores by the existing app_user capture), and the transfer lockout moved from the store
 * (store_transfer.failed_count / locked_until, dropped) to the source address (transfer_source_failure).
 */
export class AccessSessions1796617487136 implements MigrationInterface {
  name = 'AccessSessions1796617487136';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "session_epoch" integer NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" character varying(16), "ip" character varying(64), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_b8783d517fab10672700a39cb4" ON "auth_session"  ("user_id") `);
    await q.query(`CREATE INDEX "IDX_df10a7189e774abfec82eb409c" ON "auth_session"  ("expires_at") `);
    await q.query(
      `CREATE TABLE "transfer_source_failure" ("source" character varying(64) NOT NULL, "store_code" character varying(16) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "total_failures" integer NOT NULL DEFAULT '0', "lock_count" integer NOT NULL DEFAULT '0', "first_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "last_reason" character varying(32) NOT NULL, CONSTRAINT "PK_318683a933b4379120bd8ad81c4" PRIMARY KEY ("source", "store_code"))`,
    );
    await q.query(`CREATE INDEX "IDX_e5304bcb8da5b8c7f176b1ab7b" ON "transfer_source_failure"  ("store_code") `);
    await q.query(`ALTER TABLE "store_transfer" DROP COLUMN "failed_count"`);
    await q.query(`ALTER TABLE "store_transfer" DROP COLUMN "locked_until"`);
    await q.query(`ALTER TABLE "app_user" ADD "session_epoch" integer NOT NULL DEFAULT '0'`);
    await q.query(
      `ALTER TABLE "auth_session" ADD CONSTRAINT "FK_b8783d517fab10672700a39cb49" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "auth_session" DROP CONSTRAINT "FK_b8783d517fab10672700a39cb49"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "session_epoch"`);
    await q.query(`ALTER TABLE "store_transfer" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "store_transfer" ADD "failed_count" integer NOT NULL DEFAULT '0'`);
    await q.query(`DROP INDEX "public"."IDX_e5304bcb8da5b8c7f176b1ab7b"`);
    await q.query(`DROP TABLE "transfer_source_failure"`);
    await q.query(`DROP INDEX "public"."IDX_df10a7189e774abfec82eb409c"`);
    await q.query(`DROP INDEX "public"."IDX_b8783d517fab10672700a39cb4"`);
    await q.query(`DROP TABLE "auth_session"`);
  }
}
