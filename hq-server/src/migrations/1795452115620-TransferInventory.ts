import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Inventory pull streams (stock_reason chain-wide, stock_limit per store through its warehouse), the
 * capture function taught to find a row's store through a parent row, and the change feed's pruning
 * horizon.
 */
export class TransferInventory1795452115620 implements MigrationInterface {
  name = 'TransferInventory1795452115620';

  async up(q: QueryRunner): Promise<void> {
    // The store argument may name a lookup: 'warehouse_id>warehouse.org_unit_id' = the org unit of the
    // row's warehouse. Tables without their own store column then still reach only their store.
    await q.query(`CREATE OR REPLACE FUNCTION transfer_store_of(r jsonb, storecol text) RETURNS uuid LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  sid uuid;
  target text;
BEGIN
  IF storecol IS NULL THEN RETURN NULL; END IF;
  IF position('>' IN storecol) = 0 THEN RETURN (r ->> storecol)::uuid; END IF;
  target := split_part(storecol, '>', 2);
  EXECUTE format('SELECT %I FROM %I WHERE id = $1', split_part(target, '.', 2), split_part(target, '.', 1)) INTO sid USING (r ->> split_part(storecol, '>', 1))::uuid;
  RETURN sid;
END
$fn$`);
    await q.query(`CREATE OR REPLACE FUNCTION transfer_capture() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r jsonb;
  old_r jsonb;
  keycols text[] := string_to_array(TG_ARGV[0], ',');
  storecol text := NULLIF(TG_ARGV[1], '');
  ignored text[] := string_to_array(COALESCE(TG_ARGV[2], ''), ',') || ARRAY['row_version', 'updated_at'];
  c text;
  rid text;
  sid uuid;
  old_sid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' THEN
    old_r := to_jsonb(OLD);
    IF (r - ignored) = (old_r - ignored) THEN RETURN NULL; END IF;
  END IF;
  FOREACH c IN ARRAY keycols LOOP
    rid := CASE WHEN rid IS NULL THEN '' ELSE rid || ':' END || (r ->> c);
  END LOOP;
  sid := transfer_store_of(r, storecol);
  INSERT INTO change_feed (table_name, row_id, op, store_id) VALUES (TG_TABLE_NAME, rid, CASE TG_OP WHEN 'DELETE' THEN 'D' ELSE 'U' END, sid);
  -- a row moved to another store: the store it left hears about it too
  IF TG_OP = 'UPDATE' AND storecol IS NOT NULL THEN
    old_sid := transfer_store_of(old_r, storecol);
    IF old_sid IS DISTINCT FROM sid THEN
      INSERT INTO change_feed (table_name, row_id, op, store_id) VALUES (TG_TABLE_NAME, rid, 'U', old_sid);
    END IF;
  END IF;
  RETURN NULL;
END
$fn$`);
    await q.query(`CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "stock_reason" FOR EACH ROW EXECUTE FUNCTION transfer_capture('code', '', '')`);
    await q.query(
      `CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "stock_limit" FOR EACH ROW EXECUTE FUNCTION transfer_capture('warehouse_id,product_id', 'warehouse_id>warehouse.org_unit_id', '')`,
    );
    // rows that existed before the triggers reach stores already past their snapshot
    await q.query(`INSERT INTO change_feed (table_name, row_id, op, store_id) SELECT 'stock_reason', code, 'U', NULL FROM stock_reason`);
    await q.query(
      `INSERT INTO change_feed (table_name, row_id, op, store_id) SELECT 'stock_limit', l.warehouse_id || ':' || l.product_id, 'U', w.org_unit_id FROM stock_limit l JOIN warehouse w ON w.id = l.warehouse_id`,
    );

    // Pruning: every feed row at or below this position may be gone; a store behind it takes a snapshot.
    await q.query(
      `CREATE TABLE "change_feed_horizon" ("id" boolean PRIMARY KEY DEFAULT true CHECK (id), "position" character varying(48) NOT NULL, "pruned_at" TIMESTAMP WITH TIME ZONE)`,
    );
    await q.query(`INSERT INTO change_feed_horizon (position) VALUES ('0:0')`);
    await q.query(`CREATE INDEX "IDX_change_feed_at" ON "change_feed" ("at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_change_feed_at"`);
    await q.query(`DROP TABLE "change_feed_horizon"`);
    await q.query(`DROP TRIGGER IF EXISTS "transfer_capture" ON "stock_limit"`);
    await q.query(`DROP TRIGGER IF EXISTS "transfer_capture" ON "stock_reason"`);
    // transfer_capture and transfer_store_of stay: for the earlier tables (a plain store column) they
    // behave exactly like the first version, and the Transfer migration's down drops the capture.
  }
}
