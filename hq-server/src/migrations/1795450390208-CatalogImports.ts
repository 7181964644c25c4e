import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CatalogImports1795450390208 implements MigrationInterface {
  name = 'CatalogImports1795450390208';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "catalog_import" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entity" character varying(32) NOT NULL, "mode" character varying(16) NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'queued', "file_name" character varying(255) NOT NULL, "file_path" character varying(1000) NOT NULL, "file_size" bigint NOT NULL, "format" character varying(8) NOT NULL, "encoding" character varying(16), "delimiter" character varying(2), "header_rows" integer NOT NULL DEFAULT '1', "rows_read" integer NOT NULL DEFAULT '0', "rows_valid" integer NOT NULL DEFAULT '0', "rows_failed" integer NOT NULL DEFAULT '0', "created" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "unchanged" integer NOT NULL DEFAULT '0', "ignored_headers" jsonb NOT NULL DEFAULT '[]', "error_code" character varying(64), "message" text, "created_by" uuid, "created_by_name" character varying(64), "org_unit_id" uuid, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1c100cf923f8f53f84a4c31934f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_c86ccf30b6cc6ba584fa7877e8" ON "catalog_import"  ("entity", "created_at") `);
    await q.query(
      `CREATE TABLE "catalog_import_error" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "import_id" uuid NOT NULL, "row" integer NOT NULL, "column" character varying(64) NOT NULL, "code" character varying(64) NOT NULL, "message" text NOT NULL, CONSTRAINT "PK_599be575e5e9caa195947b3dd45" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_d872308db95e9a3f5a27872f2d" ON "catalog_import_error"  ("import_id", "row") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_d872308db95e9a3f5a27872f2d"`);
    await q.query(`DROP TABLE "catalog_import_error"`);
    await q.query(`DROP INDEX "public"."IDX_c86ccf30b6cc6ba584fa7877e8"`);
    await q.query(`DROP TABLE "catalog_import"`);
  }
}
