import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { PRICING_PROMOTIONS_SCHEMA, runStatements } from '@chain-erp/shared';

export class PricingPromotions1796618404752 implements MigrationInterface {
  name = 'PricingPromotions1796618404752';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, PRICING_PROMOTIONS_SCHEMA.up);
    await q.query(
      `CREATE TABLE "price_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(64) NOT NULL, "status" character varying(12) NOT NULL, "store_ids" uuid array, "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL, "effective_to" TIMESTAMP WITH TIME ZONE, "reason" character varying(500), "corrects_id" uuid, "created_by" character varying(64) NOT NULL, "approved_by" character varying(64), "approved_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_price_change_period" CHECK (effective_to IS NULL OR effective_to > effective_from), CONSTRAINT "PK_bd582fe9e20930d358a85b18d49" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_6e750fdaf6348c604794247692" ON "price_change"  ("number") `);
    await q.query(`CREATE INDEX "IDX_65729ffab215edb3451227f1ec" ON "price_change"  ("status") `);
    await q.query(
      `CREATE TABLE "price_change_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "price_change_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "retail_price" numeric(18,2), "member_price" numeric(18,2), "wholesale_price" numeric(18,2), CONSTRAINT "uq_price_change_line" UNIQUE ("price_change_id", "line_no"), CONSTRAINT "chk_price_change_line_prices" CHECK ((retail_price IS NOT NULL OR member_price IS NOT NULL OR wholesale_price IS NOT NULL) AND coalesce(retail_price, 0) >= 0 AND coalesce(member_price, 0) >= 0 AND coalesce(wholesale_price, 0) >= 0), CONSTRAINT "PK_2888dca7a2adad8b7f890ac87be" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_4a3b7b3db990f5cfeafd6b2fe3" ON "price_change_line"  ("product_id") `);
    // pull streams (docs/transfer.md §2): schedule rows go to their store (null: every store);
    // promotions name their stores in an array, so every store's feed carries them and `visible` decides
    await q.query(`CREATE TRIGGER "transfer_capture" AFTER UPDATE OR DELETE ON "price_schedule" FOR EACH ROW EXECUTE FUNCTION transfer_capture('id', 'store_id', '')`);
    await q.query(
      `CREATE TRIGGER "transfer_capture_insert" AFTER INSERT ON "price_schedule" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transfer_capture_inserts('id', 'store_id', '')`,
    );
    await q.query(`CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "price_schedule" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version('')`);
    await q.query(`CREATE TRIGGER "transfer_capture" AFTER UPDATE OR DELETE ON "promotion" FOR EACH ROW EXECUTE FUNCTION transfer_capture('id', '', '')`);
    await q.query(
      `CREATE TRIGGER "transfer_capture_insert" AFTER INSERT ON "promotion" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transfer_capture_inserts('id', '', '')`,
    );
    await q.query(`CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "promotion" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version('')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['price_schedule', 'promotion']) {
      await q.query(`DROP TRIGGER IF EXISTS "transfer_capture" ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS "transfer_capture_insert" ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS "transfer_bump_version" ON "${table}"`);
    }
    await q.query(`DROP INDEX "public"."IDX_4a3b7b3db990f5cfeafd6b2fe3"`);
    await q.query(`DROP TABLE "price_change_line"`);
    await q.query(`DROP INDEX "public"."IDX_65729ffab215edb3451227f1ec"`);
    await q.query(`DROP INDEX "public"."IDX_6e750fdaf6348c604794247692"`);
    await q.query(`DROP TABLE "price_change"`);
    await runStatements(q, PRICING_PROMOTIONS_SCHEMA.down);
  }
}
