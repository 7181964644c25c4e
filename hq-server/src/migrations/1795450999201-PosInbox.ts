import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { POS_SCHEMA, runStatements } from '@chain-erp/shared';

export class PosInbox1795450999201 implements MigrationInterface {
  name = 'PosInbox1795450999201';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, POS_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, POS_SCHEMA.down);
  }
}
