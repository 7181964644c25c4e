import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { STORE_PURCHASING_SCHEMA, runStatements } from '@chain-erp/shared';

export class StorePurchasing1795452439052 implements MigrationInterface {
  name = 'StorePurchasing1795452439052';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, STORE_PURCHASING_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, STORE_PURCHASING_SCHEMA.down);
  }
}
