import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The change feed's capture of INSERTs moves from one trigger call per row to one per statement,
 * reading the statement's new rows as a transition table: a 100,000-product import or a 100,000-card
 * batch writes its feed rows with one INSERT … SELECT instead of 100,000 PL/pgSQL calls that each
 * build the row as JSON (most of PostgreSQL's work on such an insert). Updates and deletes keep the
 * row trigger (they compare old and new rows, and move rows between stores).
 *
 * Every table that has a `transfer_capture` trigger is converted, with the same arguments. A table
 * joining the feed later keeps working with the one-line row trigger of docs/transfer.md §2; for a
 * table that takes bulk inserts, add the pair this migration creates:
 *   CREATE TRIGGER "transfer_capture" AFTER UPDATE OR DELETE ON "x" FOR EACH ROW EXECUTE FUNCTION transfer_capture(args)
 *   CREATE TRIGGER "transfer_capture_insert" AFTER INSERT ON "x" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transfer_capture_inserts(args)
 */
export class TransferCaptureInserts1795462834461 implements MigrationInterface {
  name = 'TransferCaptureInserts1795462834461';

  async up(q: QueryRunner): Promise<void> {
    // Same feed rows as transfer_capture for an INSERT: row_id = the key columns joined by ':', the
    // row's store (direct column, or `col>table.column` through transfer_store_of), op 'U'.
    await q.query(`CREATE FUNCTION transfer_capture_inserts() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  keycols text[] := string_to_array(TG_ARGV[0], ',');
  storecol text := NULLIF(TG_ARGV[1], '');
  keyexpr text;
  storeexpr text;
BEGIN
  SELECT string_agg(format('n.%I::text', c), ' || '':'' || ') INTO keyexpr FROM unnest(keycols) AS c;
  storeexpr := CASE
    WHEN storecol IS NULL THEN 'NULL::uuid'
    WHEN position('>' IN storecol) = 0 THEN format('n.%I::uuid', storecol)
    ELSE format('transfer_store_of(to_jsonb(n), %L)', storecol)
  END;
  EXECUTE format('INSERT INTO change_feed (table_name, row_id, op, store_id) SELECT %L, %s, ''U'', %s FROM new_rows n', TG_TABLE_NAME, keyexpr, storeexpr);
  RETURN NULL;
END
$fn$`);
    for (const { table, args } of await captured(q)) {
      await q.query(`DROP TRIGGER "transfer_capture" ON "${table}"`);
      await q.query(`CREATE TRIGGER "transfer_capture" AFTER UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_capture(${args})`);
      await q.query(
        `CREATE TRIGGER "transfer_capture_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transfer_capture_inserts(${args})`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, args } of await captured(q)) {
      await q.query(`DROP TRIGGER IF EXISTS "transfer_capture_insert" ON "${table}"`);
      await q.query(`DROP TRIGGER "transfer_capture" ON "${table}"`);
      await q.query(`CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_capture(${args})`);
    }
    await q.query(`DROP FUNCTION IF EXISTS transfer_capture_inserts()`);
  }
}

/** Tables with the capture trigger and its argument list as written (`'id', 'store_id', ''`). */
async function captured(q: QueryRunner): Promise<Array<{ table: string; args: string }>> {
  const rows: Array<{ table: string; def: string }> = await q.query(
    `SELECT c.relname AS table, pg_get_triggerdef(t.oid) AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname = 'transfer_capture' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname`,
  );
  return rows.map((r) => {
    const m = /EXECUTE FUNCTION transfer_capture\((.*)\)$/.exec(r.def);
    if (!m) throw new Error(`unexpected capture trigger on ${r.table}: ${r.def}`);
    return { table: r.table, args: m[1] };
  });
}
