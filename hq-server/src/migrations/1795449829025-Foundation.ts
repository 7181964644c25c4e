import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Foundation1795449829025 implements MigrationInterface {
  name = 'Foundation1795449829025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "document_sequence" ("site" character varying(16) NOT NULL, "doc_type" character varying(16) NOT NULL, "day" character varying(8) NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_bca51e472c833d31f847c3c8fe6" PRIMARY KEY ("site", "doc_type", "day"))`,
    );
    await q.query(
      `CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid, "username" character varying(64), "org_unit_id" uuid, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(64) NOT NULL, "action" character varying(32) NOT NULL, "reason" text, "changes" jsonb NOT NULL DEFAULT '[]', "request_id" character varying(64), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_5c1f96beef294a40bc57a7451a" ON "audit_log"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log"  ("at") `);
    await q.query(`CREATE INDEX "IDX_c90b869e72230a796448270652" ON "audit_log"  ("entity_type", "entity_id", "at") `);
    await q.query(
      `CREATE TABLE "operation_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid, "username" character varying(64), "org_unit_id" uuid, "method" character varying(8) NOT NULL, "path" character varying(300) NOT NULL, "route" character varying(200), "status_code" integer NOT NULL, "error_code" character varying(64), "duration_ms" integer NOT NULL, "ip" character varying(64), "request_id" character varying(64), CONSTRAINT "PK_2115426c3f66dd38e22ea683b12" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_7f0784cc576e4eaad04fa7e8e4" ON "operation_log"  ("user_id") `);
    await q.query(`CREATE INDEX "IDX_c8f852964d2641920a070f916b" ON "operation_log"  ("org_unit_id") `);
    await q.query(`CREATE INDEX "IDX_e3dfcdc033ac15a41c4846b049" ON "operation_log"  ("at") `);
    await q.query(
      `CREATE TABLE "org_unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "kind" character varying(8) NOT NULL, "address" character varying(200), "contact" character varying(100), "phone" character varying(40), "opening_date" date, "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba1c59043dc14bb66023c1d07c7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_b030ad27296e9df74659dcb8ec" ON "org_unit"  ("code") `);
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "org_unit_id" uuid NOT NULL, "password_hash" character varying(200) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'active', "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "must_change_password" boolean NOT NULL DEFAULT false, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_c480e576dd71729addbc2d51b6" ON "app_user"  ("username") `);
    await q.query(`CREATE INDEX "IDX_90433b02ee8b208cb2ea924d94" ON "app_user"  ("org_unit_id") `);
    await q.query(
      `CREATE TABLE "role" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "org_unit_id" uuid, "permissions" text array NOT NULL DEFAULT '{}', "built_in" boolean NOT NULL DEFAULT false, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b36bcfe02fc8de3c57a8b2391c2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_ee999bb389d7ac0fd967172c41" ON "role"  ("code") `);
    await q.query(`CREATE INDEX "IDX_6bc647a563013cc20979847389" ON "role"  ("org_unit_id") `);
    await q.query(
      `CREATE TABLE "user_role" ("user_id" uuid NOT NULL, "role_id" uuid NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "granted_by" uuid, CONSTRAINT "PK_f634684acb47c1a158b83af5150" PRIMARY KEY ("user_id", "role_id"))`,
    );
    await q.query(
      `CREATE TABLE "org_settings" ("org_unit_id" uuid NOT NULL, "allow_negative_stock" boolean NOT NULL DEFAULT false, "allow_store_purchasing" boolean NOT NULL DEFAULT false, "member_center_url" character varying(300), "extra" jsonb NOT NULL DEFAULT '{}', "row_version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_636cc37aa6e34f976c4258fe27d" PRIMARY KEY ("org_unit_id"))`,
    );
    await q.query(
      `CREATE TABLE "supplier" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "contact" character varying(100), "phone" character varying(40), "address" character varying(300), "tax_number" character varying(40), "bank" character varying(200), "bank_account" character varying(64), "payment_terms_days" integer, CONSTRAINT "PK_2bc0d2cab6276144d2ff98a2828" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_e1183babf2fed1bb440905b1e5" ON "supplier"  ("code") `);
    await q.query(
      `CREATE TABLE "category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "parent_id" uuid, "path" uuid array NOT NULL DEFAULT '{}', CONSTRAINT "PK_9c4e4a89e3674fc9f382d733f03" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_652a15c02538138f021f1320de" ON "category"  ("code") `);
    await q.query(`CREATE INDEX "IDX_1117b4fcb3cd4abb4383e1c274" ON "category"  ("parent_id") `);
    await q.query(`CREATE INDEX "IDX_2e11906aa3a7fd5f41ad9139e3" ON "category"  ("path") `);
    await q.query(
      `CREATE TABLE "brand" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, CONSTRAINT "PK_a5d20765ddd942eb5de4eee2d7f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_40218d8d4bbf8e38d458869a1c" ON "brand"  ("code") `);
    await q.query(
      `CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(16) NOT NULL, "name" character varying(32) NOT NULL, CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_dfb75cdb2a790fb84327e1d1b1" ON "unit"  ("code") `);
    await q.query(
      `CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "short_name" character varying(60), "specification" character varying(100), "unit_id" uuid, "category_id" uuid, "brand_id" uuid, "default_supplier_id" uuid, "purchase_price" numeric(18,4) NOT NULL DEFAULT '0', "retail_price" numeric(18,2) NOT NULL DEFAULT '0', "member_price" numeric(18,2), "wholesale_price" numeric(18,2), "tax_rate" numeric(5,2) NOT NULL DEFAULT '0', "shelf_life_days" integer, "batch_managed" boolean NOT NULL DEFAULT false, "weighed" boolean NOT NULL DEFAULT false, "min_stock" numeric(18,3), "max_stock" numeric(18,3), "status" character varying(16) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_product_prices" CHECK (purchase_price >= 0 AND retail_price >= 0 AND (member_price IS NULL OR member_price >= 0) AND (wholesale_price IS NULL OR wholesale_price >= 0)), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_99c39b067cfa73c783f0fc49a6" ON "product"  ("code") `);
    await q.query(`CREATE INDEX "IDX_22cc43e9a74d7498546e9a63e7" ON "product"  ("name") `);
    await q.query(`CREATE INDEX "IDX_0dce9bc93c2d2c399982d04bef" ON "product"  ("category_id") `);
    await q.query(`CREATE INDEX "IDX_2ae5316a1c321afe5d8358a96c" ON "product"  ("default_supplier_id") `);
    await q.query(
      `CREATE TABLE "product_barcode" ("barcode" character varying(32) NOT NULL, "product_id" uuid NOT NULL, "is_primary" boolean NOT NULL DEFAULT false, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6fdf9b356d88fd5d190629b76f5" PRIMARY KEY ("barcode"))`,
    );
    await q.query(`CREATE INDEX "IDX_f252cb007559479dd2630a795c" ON "product_barcode"  ("product_id") `);
    await q.query(
      `CREATE TABLE "customer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "contact" character varying(100), "phone" character varying(40), "credit_limit" numeric(18,2) NOT NULL DEFAULT '0', "price_level" character varying(16) NOT NULL DEFAULT 'wholesale', CONSTRAINT "PK_a7a13f4cacb744524e44dfdad32" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_68db634015cb7defd6b98f910f" ON "customer"  ("code") `);
    await q.query(
      `CREATE TABLE "payment_method" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "code" character varying(16) NOT NULL, "name" character varying(60) NOT NULL, "type" character varying(16) NOT NULL, "allows_change" boolean NOT NULL DEFAULT false, "enabled" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_7744c2b2dd932c9cf42f2b9bc3a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_9277a41c2299387b03dfa049a5" ON "payment_method"  ("code") `);
    await q.query(
      `CREATE TABLE "store_price" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "retail_price" numeric(18,2) NOT NULL, "member_price" numeric(18,2), "valid_from" date NOT NULL, "valid_to" date, "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_store_price_period" UNIQUE ("store_id", "product_id", "valid_from"), CONSTRAINT "chk_store_price_period" CHECK (valid_to IS NULL OR valid_to >= valid_from), CONSTRAINT "PK_940b908ff3f209e13cf7110f6aa" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_588870321ba74b354f7096e2d8" ON "store_price"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_291b2731407bdbc92c6ab84762" ON "store_price"  ("product_id") `);
    await q.query(
      `CREATE TABLE "warehouse" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "org_unit_id" uuid NOT NULL, "kind" character varying(12) NOT NULL DEFAULT 'normal', "status" character varying(12) NOT NULL DEFAULT 'active', "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_965abf9f99ae8c5983ae74ebde8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_dcbf22551ec3827f234e532a08" ON "warehouse"  ("code") `);
    await q.query(`CREATE INDEX "IDX_a4e57aea49a2c27ea8f0e939a0" ON "warehouse"  ("org_unit_id") `);
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_90433b02ee8b208cb2ea924d947" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "user_role" ADD CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "user_role" ADD CONSTRAINT "FK_32a6fc2fcb019d8e3a8ace0f55f" FOREIGN KEY ("role_id") REFERENCES "role"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "user_role" DROP CONSTRAINT "FK_32a6fc2fcb019d8e3a8ace0f55f"`);
    await q.query(`ALTER TABLE "user_role" DROP CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46"`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_90433b02ee8b208cb2ea924d947"`);
    await q.query(`DROP INDEX "public"."IDX_a4e57aea49a2c27ea8f0e939a0"`);
    await q.query(`DROP INDEX "public"."IDX_dcbf22551ec3827f234e532a08"`);
    await q.query(`DROP TABLE "warehouse"`);
    await q.query(`DROP INDEX "public"."IDX_291b2731407bdbc92c6ab84762"`);
    await q.query(`DROP INDEX "public"."IDX_588870321ba74b354f7096e2d8"`);
    await q.query(`DROP TABLE "store_price"`);
    await q.query(`DROP INDEX "public"."IDX_9277a41c2299387b03dfa049a5"`);
    await q.query(`DROP TABLE "payment_method"`);
    await q.query(`DROP INDEX "public"."IDX_68db634015cb7defd6b98f910f"`);
    await q.query(`DROP TABLE "customer"`);
    await q.query(`DROP INDEX "public"."IDX_f252cb007559479dd2630a795c"`);
    await q.query(`DROP TABLE "product_barcode"`);
    await q.query(`DROP INDEX "public"."IDX_2ae5316a1c321afe5d8358a96c"`);
    await q.query(`DROP INDEX "public"."IDX_0dce9bc93c2d2c399982d04bef"`);
    await q.query(`DROP INDEX "public"."IDX_22cc43e9a74d7498546e9a63e7"`);
    await q.query(`DROP INDEX "public"."IDX_99c39b067cfa73c783f0fc49a6"`);
    await q.query(`DROP TABLE "product"`);
    await q.query(`DROP INDEX "public"."IDX_dfb75cdb2a790fb84327e1d1b1"`);
    await q.query(`DROP TABLE "unit"`);
    await q.query(`DROP INDEX "public"."IDX_40218d8d4bbf8e38d458869a1c"`);
    await q.query(`DROP TABLE "brand"`);
    await q.query(`DROP INDEX "public"."IDX_2e11906aa3a7fd5f41ad9139e3"`);
    await q.query(`DROP INDEX "public"."IDX_1117b4fcb3cd4abb4383e1c274"`);
    await q.query(`DROP INDEX "public"."IDX_652a15c02538138f021f1320de"`);
    await q.query(`DROP TABLE "category"`);
    await q.query(`DROP INDEX "public"."IDX_e1183babf2fed1bb440905b1e5"`);
    await q.query(`DROP TABLE "supplier"`);
    await q.query(`DROP TABLE "org_settings"`);
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
