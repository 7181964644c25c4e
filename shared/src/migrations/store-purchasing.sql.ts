import { type SharedSchemaStep } from './run-statements';

/**
 * The store purchases and their lines, as both servers have them: HQ's migration
 * StorePurchasing1795452417565 and the store's StorePurchasing1795452439052 run these statements.
 * They have run on deployed databases: never edit them — change the schema in a new migration.
 */
export const STORE_PURCHASING_SCHEMA: SharedSchemaStep = {
  up: [
    `CREATE TABLE "store_purchase" ("id" uuid NOT NULL, "number" character varying(64) NOT NULL, "kind" character varying(8) NOT NULL, "store_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "warehouse_id" uuid NOT NULL, "order_id" uuid, "status" character varying(12) NOT NULL, "doc_date" date NOT NULL, "total_amount" numeric(18,2) NOT NULL DEFAULT '0', "total_tax" numeric(18,2) NOT NULL DEFAULT '0', "remark" character varying(500), "created_by" character varying(64) NOT NULL, "posted_by" character varying(64), "posted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6313dd25a30c2a5b130c0a8d71" PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX "IDX_6b6f5e50396d18d3a16bf62d90" ON "store_purchase"  ("number") `,
    `CREATE INDEX "IDX_76b9c04db9601179ae201c2700" ON "store_purchase"  ("store_id") `,
    `CREATE TABLE "store_purchase_line" ("id" uuid NOT NULL, "purchase_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" numeric(18,3) NOT NULL, "unit_price" numeric(18,4) NOT NULL, "tax_rate" numeric(5,2) NOT NULL, "amount" numeric(18,2) NOT NULL, "tax_amount" numeric(18,2) NOT NULL, "unit_cost" numeric(20,6) NOT NULL, CONSTRAINT "chk_store_purchase_line_qty" CHECK (quantity > 0 AND unit_price >= 0), CONSTRAINT "PK_61a53f9023234124f747f772181" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_36467b13ae9581fe7a36f6a065" ON "store_purchase_line"  ("purchase_id") `,
  ],
  down: [
    `DROP INDEX "public"."IDX_36467b13ae9581fe7a36f6a065"`,
    `DROP TABLE "store_purchase_line"`,
    `DROP INDEX "public"."IDX_76b9c04db9601179ae201c2700"`,
    `DROP INDEX "public"."IDX_6b6f5e50396d18d3a16bf62d90"`,
    `DROP TABLE "store_purchase"`,
  ],
};
