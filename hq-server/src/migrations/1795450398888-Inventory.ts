import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { INVENTORY_SCHEMA, runStatements } from '@chain-erp/shared';

export class Inventory1795450398888 implements MigrationInterface {
  name = 'Inventory1795450398888';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, INVENTORY_SCHEMA.up);
  }

  async down(q: QueryRunner): Promise<void> {
    await runStatements(q, INVENTORY_SCHEMA.down);
  }
}
