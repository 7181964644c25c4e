import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class ImportHeaderRow1796617717574 implements MigrationInterface {
  name = 'ImportHeaderRow1796617717574';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "catalog_import" ADD "header_row" integer NOT NULL DEFAULT '1'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "catalog_import" DROP COLUMN "header_row"`);
  }
}
