import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class GiftCardSales1796649713295 implements MigrationInterface {
  name = 'GiftCardSales1796649713295';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "pos_gift_card_sale" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "store_code" character varying(32) NOT NULL, "sale_no" character varying(64) NOT NULL, "shift_id" uuid NOT NULL, "till_code" character varying(8) NOT NULL, "cashier_id" uuid NOT NULL, "cashier_name" character varying(100) NOT NULL, "business_date" date NOT NULL, "sold_at" TIMESTAMP WITH TIME ZONE NOT NULL, "card_no" character varying(32) NOT NULL, "amount" numeric(18,2) NOT NULL, "payment_method_id" uuid NOT NULL, "method_code" character varying(16) NOT NULL, "method_name" character varying(60) NOT NULL, "method_type" character varying(16) NOT NULL, "tendered" numeric(18,2) NOT NULL, "change_amount" numeric(18,2) NOT NULL, "reference" character varying(64), "balance_after" numeric(18,2) NOT NULL, "payload_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0316146f89e9678c5ee6ce61ff5" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_19e711f4de1ed263d14e0f2de5" ON "pos_gift_card_sale"  ("shift_id") `);
    await q.query(`CREATE INDEX "IDX_78dd4739beb46f994e555e2c2a" ON "pos_gift_card_sale"  ("card_no") `);
    await q.query(`CREATE UNIQUE INDEX "uq_pos_gift_card_sale_no" ON "pos_gift_card_sale"  ("store_id", "sale_no") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_pos_gift_card_sale_no"`);
    await q.query(`DROP INDEX "public"."IDX_78dd4739beb46f994e555e2c2a"`);
    await q.query(`DROP INDEX "public"."IDX_19e711f4de1ed263d14e0f2de5"`);
    await q.query(`DROP TABLE "pos_gift_card_sale"`);
  }
}
