import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 代金券 allocated to stores and redeemed offline (docs/promotions.md): the batch's and each voucher's
 * `offline_redeemable`, the number's hash (set by a trigger: what a store's replica holds), the ledger's
 * `offline` flag, `voucher_exception` (double redemptions and other offline rule breaks), and the
 * capture of allocated vouchers only — row triggers with WHEN, so an online gift card's every
 * redemption writes no feed row for all stores to scan.
 */
export class VoucherOffline1796650000000 implements MigrationInterface {
  name = 'VoucherOffline1796650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "voucher_batch" ADD "offline_redeemable" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "voucher" ADD "offline_redeemable" boolean NOT NULL DEFAULT false`);
    // set by a trigger, not a generated column: TypeORM reads a generated column's expression from its
    // own typeorm_metadata table, which these hand-written migrations do not keep
    await q.query(`ALTER TABLE "voucher" ADD "number_hash" character varying(64)`);
    await q.query(`UPDATE "voucher" SET "number_hash" = encode(sha256(decode(number, 'escape')), 'hex')`);
    await q.query(`ALTER TABLE "voucher" ALTER COLUMN "number_hash" SET NOT NULL`);
    await q.query(
      `CREATE FUNCTION voucher_number_hash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.number_hash := encode(sha256(decode(NEW.number, 'escape')), 'hex'); RETURN NEW; END $$`,
    );
    await q.query(`CREATE TRIGGER "voucher_number_hash" BEFORE INSERT OR UPDATE OF number ON "voucher" FOR EACH ROW EXECUTE FUNCTION voucher_number_hash()`);
    await q.query(`ALTER TABLE "voucher_ledger" ADD "offline" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE TABLE "voucher_exception" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" character varying(24) NOT NULL, "voucher_id" uuid NOT NULL, "sale_id" uuid NOT NULL, "receipt_no" character varying(64), "store_id" uuid NOT NULL, "redeemed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "amount" numeric(18,2) NOT NULL, "reason" character varying(40) NOT NULL, "other_sale_id" uuid, "other_store_id" uuid, CONSTRAINT "PK_voucher_exception" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_voucher_exception" ON "voucher_exception" ("voucher_id", "sale_id")`);
    await q.query(`CREATE INDEX "IDX_voucher_exception_store" ON "voucher_exception" ("store_id")`);
    await q.query(`CREATE INDEX "IDX_voucher_exception_detected" ON "voucher_exception" ("detected_at")`);
    await q.query(
      `CREATE TRIGGER "transfer_capture_insert" AFTER INSERT ON "voucher" FOR EACH ROW WHEN (NEW.offline_redeemable) EXECUTE FUNCTION transfer_capture('id', '', 'number')`,
    );
    await q.query(
      `CREATE TRIGGER "transfer_capture" AFTER UPDATE ON "voucher" FOR EACH ROW WHEN (OLD.offline_redeemable OR NEW.offline_redeemable) EXECUTE FUNCTION transfer_capture('id', '', 'number')`,
    );
    await q.query(`CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "voucher" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version('')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "transfer_bump_version" ON "voucher"`);
    await q.query(`DROP TRIGGER "transfer_capture" ON "voucher"`);
    await q.query(`DROP TRIGGER "transfer_capture_insert" ON "voucher"`);
    await q.query(`DROP TABLE "voucher_exception"`);
    await q.query(`ALTER TABLE "voucher_ledger" DROP COLUMN "offline"`);
    await q.query(`DROP TRIGGER "voucher_number_hash" ON "voucher"`);
    await q.query(`DROP FUNCTION voucher_number_hash()`);
    await q.query(`ALTER TABLE "voucher" DROP COLUMN "number_hash"`);
    await q.query(`ALTER TABLE "voucher" DROP COLUMN "offline_redeemable"`);
    await q.query(`ALTER TABLE "voucher_batch" DROP COLUMN "offline_redeemable"`);
  }
}
