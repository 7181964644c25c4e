import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Transfer1795450235404 implements MigrationInterface {
  name = 'Transfer1795450235404';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "transfer_settings" ("id" integer NOT NULL DEFAULT '1', "hq_url" character varying(300) NOT NULL, "store_code" character varying(16) NOT NULL, "store_id" uuid NOT NULL, "warehouse_code" character varying(32) NOT NULL, "key_salt" character varying(64) NOT NULL, "key" bytea NOT NULL, "initialised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4c00a5800068c976ae5ed5c51fc" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "transfer_stream_state" ("stream" character varying(64) NOT NULL, "cursor" character varying(48), "scope_version" integer, "snapshot" jsonb, "rows_applied" bigint NOT NULL DEFAULT '0', "last_contact_at" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(500), "blocked_record_id" uuid, CONSTRAINT "PK_6323078bab048762de78b12ccdc" PRIMARY KEY ("stream"))`,
    );
    await q.query(
      `CREATE TABLE "transfer_outbox" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "stream" character varying(64) NOT NULL, "body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "outcome" character varying(12), CONSTRAINT "PK_321af2af22f14c59e6c17627c4a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_149df0017369aae660f502bcad" ON "transfer_outbox"  ("stream", "sent_at", "seq") `);
    await q.query(
      `CREATE TABLE "transfer_snapshot_seen" ("stream" character varying(64) NOT NULL, "row_key" character varying(200) NOT NULL, CONSTRAINT "PK_c20351ba6e0f4beaef4ce39e686" PRIMARY KEY ("stream", "row_key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "transfer_snapshot_seen"`);
    await q.query(`DROP INDEX "public"."IDX_149df0017369aae660f502bcad"`);
    await q.query(`DROP TABLE "transfer_outbox"`);
    await q.query(`DROP TABLE "transfer_stream_state"`);
    await q.query(`DROP TABLE "transfer_settings"`);
  }
}
