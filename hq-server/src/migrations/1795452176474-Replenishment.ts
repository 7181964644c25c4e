import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { REPLENISHMENT_SCHEMA, runStatements } from '@chain-erp/shared';

const PULLED = ['replenishment_approval', 'replenishment_approval_line', 'transfer_shipment', 'transfer_shipment_line', 'transfer_settlement'];

export class Replenishment1795452176474 implements MigrationInterface {
  name = 'Replenishment1795452176474';

  async up(q: QueryRunner): Promise<void> {
    await runStatements(q, REPLENISHMENT_SCHEMA.up);
    // 要货 pull streams (docs/transfer.md §2): each row goes to the one store named in store_id
    for (const table of PULLED) {
      await q.query(`CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_capture('id', 'store_id', '')`);
      await q.query(`CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version('')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of PULLED) {
      await q.query(`DROP TRIGGER IF EXISTS "transfer_capture" ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS "transfer_bump_version" ON "${table}"`);
    }
    await runStatements(q, REPLENISHMENT_SCHEMA.down);
  }
}
