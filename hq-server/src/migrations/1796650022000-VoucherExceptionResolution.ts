import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** 代金券异常 处理 (docs/promotions.md): what HQ did about an exception, once per exception. */
export class VoucherExceptionResolution1796650022000 implements MigrationInterface {
  name = 'VoucherExceptionResolution1796650022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "voucher_exception_resolution" ("exception_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "store_id" uuid NOT NULL, "resolution" character varying(24) NOT NULL, "note" character varying(500) NOT NULL, "resolved_by" uuid NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_voucher_exception_resolution" PRIMARY KEY ("exception_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_voucher_exception_resolution_store" ON "voucher_exception_resolution" ("store_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "voucher_exception_resolution"`);
  }
}
