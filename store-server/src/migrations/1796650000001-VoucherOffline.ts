import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The replica of the 代金券 allocated to this store (pull stream `voucher.voucher`) and its local uses (docs/promotions.md). */
export class VoucherOffline1796650000001 implements MigrationInterface {
  name = 'VoucherOffline1796650000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "voucher" ("id" uuid NOT NULL, "number_hash" character varying(64) NOT NULL, "batch_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "face_value" numeric(18,2) NOT NULL, "percent" numeric(5,2), "balance" numeric(18,2) NOT NULL, "min_spend" numeric(18,2) NOT NULL DEFAULT '0', "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE NOT NULL, "store_ids" uuid array, "state" character varying(16) NOT NULL DEFAULT 'active', "offline_redeemable" boolean NOT NULL DEFAULT false, "row_version" integer NOT NULL, CONSTRAINT "PK_voucher" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_number_hash" ON "voucher" ("number_hash")`);
    await q.query(
      `CREATE TABLE "voucher_redemption" ("id" uuid NOT NULL, "voucher_id" uuid NOT NULL, "sale_id" uuid NOT NULL, "amount" numeric(18,2) NOT NULL, "offline" boolean NOT NULL, "redeemed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_voucher_redemption" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_redemption_voucher" ON "voucher_redemption" ("voucher_id")`);
    await q.query(`CREATE INDEX "IDX_voucher_redemption_sale" ON "voucher_redemption" ("sale_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "voucher_redemption"`);
    await q.query(`DROP TABLE "voucher"`);
  }
}
