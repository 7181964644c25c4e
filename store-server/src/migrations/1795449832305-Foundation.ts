import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { FOUNDATION_SCHEMA, runStatements } from '@chain-erp/shared';

export class Foundation1795449832305 implements MigrationInterface {
  name = 'Foundation1795449832305';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, FOUNDATION_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, FOUNDATION_SCHEMA.down);
  }
}
