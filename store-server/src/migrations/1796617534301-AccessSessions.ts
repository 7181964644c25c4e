import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sign-ins checked on every request (auth_session; app_user.session_epoch arrives from HQ), and HQ's
 * lock of this store's address as last answered (transfer_stream_state.locked_until).
 */
export class AccessSessions1796617534301 implements MigrationInterface {
  name = 'AccessSessions1796617534301';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "session_epoch" integer NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" character varying(16), "ip" character varying(64), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_b8783d517fab10672700a39cb4" ON "auth_session"  ("user_id") `);
    await q.query(`CREATE INDEX "IDX_df10a7189e774abfec82eb409c" ON "auth_session"  ("expires_at") `);
    await q.query(`ALTER TABLE "app_user" ADD "session_epoch" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "transfer_stream_state" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "auth_session" ADD CONSTRAINT "FK_b8783d517fab10672700a39cb49" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "auth_session" DROP CONSTRAINT "FK_b8783d517fab10672700a39cb49"`);
    await q.query(`ALTER TABLE "transfer_stream_state" DROP COLUMN "locked_until"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "session_epoch"`);
    await q.query(`DROP INDEX "public"."IDX_df10a7189e774abfec82eb409c"`);
    await q.query(`DROP INDEX "public"."IDX_b8783d517fab10672700a39cb4"`);
    await q.query(`DROP TABLE "auth_session"`);
  }
}
