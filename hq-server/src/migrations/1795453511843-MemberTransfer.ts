import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Card types and cards join the change feed (pull streams member.card-type, member.card). Card
 * balances are HQ-local for the feed: a balance change alone is not sent to the store.
 */
export class MemberTransfer1795453511843 implements MigrationInterface {
  name = 'MemberTransfer1795453511843';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "member_card_type" FOR EACH ROW EXECUTE FUNCTION transfer_capture('id', '', '')`);
    await q.query(`CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "member_card_type" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version('')`);
    await q.query(
      `CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "member_card" FOR EACH ROW EXECUTE FUNCTION transfer_capture('id', 'owner_store_id', 'points_balance,stored_value_balance')`,
    );
    await q.query(
      `CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "member_card" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version('points_balance,stored_value_balance')`,
    );
    // rows made before the triggers reach stores that already pull (new stores get them in their snapshot)
    await q.query(`INSERT INTO change_feed (table_name, row_id, op, store_id) SELECT 'member_card_type', id::text, 'U', NULL FROM member_card_type ORDER BY id`);
    await q.query(
      `INSERT INTO change_feed (table_name, row_id, op, store_id) SELECT 'member_card', id::text, 'U', owner_store_id FROM member_card WHERE owner_store_id IS NOT NULL ORDER BY id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['member_card', 'member_card_type']) {
      await q.query(`DROP TRIGGER IF EXISTS "transfer_bump_version" ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS "transfer_capture" ON "${table}"`);
    }
  }
}
