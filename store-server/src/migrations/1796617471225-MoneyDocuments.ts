import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { MONEY_DOCUMENTS_SCHEMA, runStatements } from '@chain-erp/shared';

export class MoneyDocuments1796617471225 implements MigrationInterface {
  name = 'MoneyDocuments1796617471225';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, MONEY_DOCUMENTS_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, MONEY_DOCUMENTS_SCHEMA.down);
  }
}
