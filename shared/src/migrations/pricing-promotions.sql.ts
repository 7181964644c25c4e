import { type SharedSchemaStep } from './run-statements';

/**
 * The price schedules, promotions and the sale’s promotion columns, as both servers have them:
 * HQ's migration PricingPromotions1796618404752 and the store's PricingPromotions1796618462047 run
 * these statements. They have run on deployed databases: never edit them — change the schema in a
 * new migration.
 */
export const PRICING_PROMOTIONS_SCHEMA: SharedSchemaStep = {
  up: [
    `CREATE TABLE "price_schedule" ("id" uuid NOT NULL, "price_change_id" uuid NOT NULL, "number" character varying(64) NOT NULL, "line_no" integer NOT NULL, "store_id" uuid, "product_id" uuid NOT NULL, "retail_price" numeric(18,2), "member_price" numeric(18,2), "wholesale_price" numeric(18,2), "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL, "effective_to" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "row_version" integer NOT NULL, CONSTRAINT "chk_price_schedule_period" CHECK (effective_to IS NULL OR effective_to > effective_from), CONSTRAINT "PK_33a24e6074333cccc55353cd717" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_b8d68464d97ae4aae4010c33d3" ON "price_schedule"  ("price_change_id") `,
    `CREATE INDEX "IDX_d17728ad8a771da39002ba9b18" ON "price_schedule"  ("store_id") `,
    `CREATE INDEX "IDX_fa49ce2a606787874b32bcf3f3" ON "price_schedule"  ("product_id", "effective_from") `,
    `CREATE TABLE "promotion" ("id" uuid NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "kind" character varying(20) NOT NULL, "status" character varying(12) NOT NULL, "priority" integer NOT NULL DEFAULT '0', "stackable" boolean NOT NULL DEFAULT true, "rules" jsonb NOT NULL, "store_ids" uuid array, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE, "stopped_at" TIMESTAMP WITH TIME ZONE, "days_of_week" integer array, "time_from" character varying(5), "time_to" character varying(5), "members_only" boolean NOT NULL DEFAULT false, "card_type_ids" uuid array, "note" character varying(500), "created_by" character varying(64) NOT NULL, "approved_by" character varying(64), "approved_at" TIMESTAMP WITH TIME ZONE, "stopped_by" character varying(64), "stop_reason" character varying(500), "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fab3630e0789a2002f1cadb7d38" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "IDX_969359329a22440d2b8f7d491d" ON "promotion"  ("code") `,
    `CREATE INDEX "IDX_ca40720a888b13fcce8d599040" ON "promotion"  ("status", "starts_at") `,
    `ALTER TABLE "pos_sale" ADD "promotion_discount" numeric(18,2) NOT NULL DEFAULT '0'`,
    `ALTER TABLE "pos_sale" ADD "promotions" jsonb`,
    `ALTER TABLE "pos_sale_line" ADD "promotion_discount" numeric(18,2) NOT NULL DEFAULT '0'`,
    `ALTER TABLE "pos_sale_line" ADD "promotions" jsonb`,
    `ALTER TABLE "pos_sale_line" ADD "points_multiplier" numeric(6,2)`,
  ],
  down: [
    `ALTER TABLE "pos_sale_line" DROP COLUMN "points_multiplier"`,
    `ALTER TABLE "pos_sale_line" DROP COLUMN "promotions"`,
    `ALTER TABLE "pos_sale_line" DROP COLUMN "promotion_discount"`,
    `ALTER TABLE "pos_sale" DROP COLUMN "promotions"`,
    `ALTER TABLE "pos_sale" DROP COLUMN "promotion_discount"`,
    `DROP INDEX "public"."IDX_ca40720a888b13fcce8d599040"`,
    `DROP INDEX "public"."IDX_969359329a22440d2b8f7d491d"`,
    `DROP TABLE "promotion"`,
    `DROP INDEX "public"."IDX_fa49ce2a606787874b32bcf3f3"`,
    `DROP INDEX "public"."IDX_d17728ad8a771da39002ba9b18"`,
    `DROP INDEX "public"."IDX_b8d68464d97ae4aae4010c33d3"`,
    `DROP TABLE "price_schedule"`,
  ],
};
