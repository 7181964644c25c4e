import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { MEMBERSHIP_SCHEMA, runStatements } from '@chain-erp/shared';

export class Membership1795451550676 implements MigrationInterface {
  name = 'Membership1795451550676';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, MEMBERSHIP_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, MEMBERSHIP_SCHEMA.down);
  }
}
