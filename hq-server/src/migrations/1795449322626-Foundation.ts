import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795449322626 implements MigrationInterface {
  name = 'Foundation1795449322626';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "document_sequence" ("site" character varying(16) NOT NULL, "doc_type" character varying(16) NOT NULL, "day" character varying(8) NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_bca51e472c833d31f847c3c8fe6" PRIMARY KEY ("site", "doc_type", "day"))`);
    await q.query(`CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid, "username" character varying(64), "org_unit_id" uuid, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(64) NOT NULL, "action" character varying(32) NOT NULL, "reason" text, "changes" jsonb NOT NULL DEFAULT '[]', "request_id" character varying(64), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_5c1f96beef294a40bc57a7451a" ON "audit_log"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log"  ("at") `);
    await q.query(`CREATE INDEX "IDX_c90b869e72230a796448270652" ON "audit_log"  ("entity_type", "entity_id", "at") `);
    await q.query(`CREATE TABLE "operation_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid, "username" character varying(64), "org_unit_id" uuid, "method" character varying(8) NOT NULL, "path" character varying(300) NOT NULL, "route" character varying(200), "status_code" integer NOT NULL, "error_code" character varying(64), "duration_ms" integer NOT NULL, "ip" character varying(64), "request_id" character varying(64), CONSTRAINT "PK_2115426c3f66dd38e22ea683b12" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_7f0784cc576e4eaad04fa7e8e4" ON "operation_log"  ("user_id") `);
    await q.query(`CREATE INDEX "IDX_c8f852964d2641920a070f916b" ON "operation_log"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_e3dfcdc033ac15a41c4846b049" ON "operation_log"  ("at") `);
    await q.query(`CREATE TABLE "org_unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "kind" character varying(8) NOT NULL, "address" character varying(200), "contact" character varying(100), "phone" character varying(40), "opening_date" date, "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba1c59043dc14bb66023c1d07c7" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_b030ad27296e9df74659dcb8ec" ON "org_unit"  ("code") `);
    await q.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "org_unit_id" uuid NOT NULL, "password_hash" character varying(200) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'active', "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "must_change_password" boolean NOT NULL DEFAULT false, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_c480e576dd71729addbc2d51b6" ON "app_user"  ("username") `);
    await q.query(`CREATE INDEX "IDX_90433b02ee8b208cb2ea924d94" ON "app_user"  ("org_unit_id") `);
    await q.query(`CREATE TABLE "role" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "org_unit_id" uuid, "permissions" text array NOT NULL DEFAULT '{}', "built_in" boolean NOT NULL DEFAULT false, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b36bcfe02fc8de3c57a8b2391c2" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_ee999bb389d7ac0fd967172c41" ON "role"  ("code") `);
    await q.query(`CREATE INDEX "IDX_6bc647a563013cc20979847389" ON "role"  ("org_unit_id") `);
    await q.query(`CREATE TABLE "user_role" ("user_id" uuid NOT NULL, "role_id" uuid NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "granted_by" uuid, CONSTRAINT "PK_f634684acb47c1a158b83af5150" PRIMARY KEY ("user_id", "role_id"))`);
    await q.query(`ALTER TABLE "app_user" ADD CONSTRAINT "FK_90433b02ee8b208cb2ea924d947" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "user_role" ADD CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "user_role" ADD CONSTRAINT "FK_32a6fc2fcb019d8e3a8ace0f55f" FOREIGN KEY ("role_id") REFERENCES "role"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "user_role" DROP CONSTRAINT "FK_32a6fc2fcb019d8e3a8ace0f55f"`);
    await q.query(`ALTER TABLE "user_role" DROP CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46"`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_90433b02ee8b208cb2ea924d947"`);
    await q.query(`DROP TABLE "user_role"`);
    await q.query(`DROP INDEX "public"."IDX_6bc647a563013cc20979847389"`);
    await q.query(`DROP INDEX "public"."IDX_ee999bb389d7ac0fd967172c41"`);
    await q.query(`DROP TABLE "role"`);
    await q.query(`DROP INDEX "public"."IDX_90433b02ee8b208cb2ea924d94"`);
    await q.query(`DROP INDEX "public"."IDX_c480e576dd71729addbc2d51b6"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP INDEX "public"."IDX_b030ad27296e9df74659dcb8ec"`);
    await q.query(`DROP TABLE "org_unit"`);
    await q.query(`DROP INDEX "public"."IDX_e3dfcdc033ac15a41c4846b049"`);
    await q.query(`DROP INDEX "public"."IDX_c8f852964d2641920a070f916b"`);
    await q.query(`DROP INDEX "public"."IDX_7f0784cc576e4eaad04fa7e8e4"`);
    await q.query(`DROP TABLE "operation_log"`);
    await q.query(`DROP INDEX "public"."IDX_c90b869e72230a796448270652"`);
    await q.query(`DROP INDEX "public"."IDX_ba27cef5b8b2b1a756e06ebcc5"`);
    await q.query(`DROP INDEX "public"."IDX_5c1f96beef294a40bc57a7451a"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "document_sequence"`);
  }
}
