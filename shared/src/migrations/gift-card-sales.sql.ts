import { type SharedSchemaStep } from './run-statements';

/**
 * The gift-card sales at the till, as both servers have them: HQ's migration
 * GiftCardSalesAndVoids1796649603506 and the store's GiftCardSales1796649713295 run these
 * statements. They have run on deployed databases: never edit them — change the schema in a new
 * migration.
 */
export const GIFT_CARD_SALES_SCHEMA: SharedSchemaStep = {
  up: [
    `CREATE TABLE "pos_gift_card_sale" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "store_code" character varying(32) NOT NULL, "sale_no" character varying(64) NOT NULL, "shift_id" uuid NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "business_date" date NOT NULL, "sold_at" TIMESTAMP WITH TIME ZONE NOT NULL, "card_no" character varying(32) NOT NULL, "amount" numeric(18,2) NOT NULL, "payment_method_id" uuid NOT NULL, "method_code" character varying(16) NOT NULL, "method_name" character varying(60) NOT NULL, "method_type" character varying(16) NOT NULL, "tendered" numeric(18,2) NOT NULL, "change_amount" numeric(18,2) NOT NULL, "reference" character varying(64), "balance_after" numeric(18,2) NOT NULL, "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0316146f89e9678c5ee6ce61ff5" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_19e711f4de1ed263d14e0f2de5" ON "pos_gift_card_sale"  ("shift_id") `,
    `CREATE INDEX "IDX_78dd4739beb46f994e555e2c2a" ON "pos_gift_card_sale"  ("card_no") `,
    `CREATE UNIQUE INDEX "uq_pos_gift_card_sale_no" ON "pos_gift_card_sale"  ("store_id", "sale_no") `,
  ],
  down: [
    `DROP INDEX "public"."uq_pos_gift_card_sale_no"`,
    `DROP INDEX "public"."IDX_78dd4739beb46f994e555e2c2a"`,
    `DROP INDEX "public"."IDX_19e711f4de1ed263d14e0f2de5"`,
    `DROP TABLE "pos_gift_card_sale"`,
  ],
};
