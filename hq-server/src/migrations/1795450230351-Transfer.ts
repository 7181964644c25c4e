import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Replicated tables and their capture arguments: key columns, the store column, HQ-local columns.
 * A later table joins the feed with one line in its own migration:
 *   CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "x" FOR EACH ROW EXECUTE FUNCTION transfer_capture('id', 'store_id', '')
 */
const CAPTURED: Array<[string, string]> = [
  ['org_unit', `'id', '', ''`],
  ['org_settings', `'org_unit_id', 'org_unit_id', ''`],
  ['role', `'id', '', ''`],
  ['app_user', `'id', '', 'failed_login_count,locked_until,last_login_at'`],
  ['user_role', `'user_id,role_id', '', ''`],
  ['warehouse', `'id', 'org_unit_id', ''`],
  ['unit', `'id', '', ''`],
  ['brand', `'id', '', ''`],
  ['payment_method', `'id', '', ''`],
  ['category', `'id', '', ''`],
  ['supplier', `'id', '', ''`],
  ['customer', `'id', '', ''`],
  ['product', `'id', '', ''`],
  ['product_barcode', `'barcode', '', ''`],
  ['store_price', `'id', 'store_id', ''`],
];

export class Transfer1795450230351 implements MigrationInterface {
  name = 'Transfer1795450230351';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "store_transfer" ("store_id" uuid NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'active', "key_salt" character varying(64) NOT NULL, "key" bytea NOT NULL, "previous_key" bytea, "previous_key_until" TIMESTAMP WITH TIME ZONE, "key_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "failed_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "confirmed_cursor" character varying(48), "last_contact_at" TIMESTAMP WITH TIME ZONE, "last_pull_at" TIMESTAMP WITH TIME ZONE, "last_push_at" TIMESTAMP WITH TIME ZONE, "outbox_backlog" integer NOT NULL DEFAULT '0', "last_error" character varying(500), "last_error_at" TIMESTAMP WITH TIME ZONE, "setup_token_id" character varying(64), "setup_wrapped_key" character varying(200), "setup_expires_at" TIMESTAMP WITH TIME ZONE, "row_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c17227ad379578daf495167a5b" PRIMARY KEY ("store_id"))`,
    );
    await q.query(
      `CREATE TABLE "store_data_scope" ("store_id" uuid NOT NULL, "all_categories" boolean NOT NULL DEFAULT true, "category_ids" uuid array NOT NULL DEFAULT '{}', "all_suppliers" boolean NOT NULL DEFAULT true, "supplier_ids" uuid array NOT NULL DEFAULT '{}', "all_customers" boolean NOT NULL DEFAULT true, "customer_ids" uuid array NOT NULL DEFAULT '{}', "all_users" boolean NOT NULL DEFAULT true, "user_ids" uuid array NOT NULL DEFAULT '{}', "version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_84d5dba20d451605d20fba2d944" PRIMARY KEY ("store_id"))`,
    );
    await q.query(
      `CREATE TABLE "transfer_nonce" ("store_id" uuid NOT NULL, "nonce" character varying(64) NOT NULL, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e567d35afafed7c501f2f3453a1" PRIMARY KEY ("store_id", "nonce"))`,
    );
    await q.query(`CREATE INDEX "IDX_df640dd36da09235d691bd9273" ON "transfer_nonce"  ("seen_at") `);
    await q.query(
      `CREATE TABLE "transfer_inbox" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "stream" character varying(64) NOT NULL, "body" jsonb NOT NULL, "body_hash" character varying(64) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'received', "attempts" integer NOT NULL DEFAULT '0', "error" character varying(500), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4154bbb2e9282016d180579986e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_0788f31d7b312123f1784ae903" ON "transfer_inbox"  ("store_id") `);
    await q.query(`CREATE INDEX "IDX_c04fafb18aa191e3ddc564f71d" ON "transfer_inbox"  ("status", "received_at") `);
    await q.query(
      `CREATE TABLE "store_event" ("id" uuid NOT NULL, "store_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "level" character varying(8) NOT NULL, "kind" character varying(64) NOT NULL, "message" character varying(500) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_670eac35e425d9b704b96dd5063" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_1fb42acabd6dc45662e43bddd2" ON "store_event"  ("store_id", "occurred_at") `);
    await q.query(
      `CREATE TABLE "store_opening" ("idempotency_key" uuid NOT NULL, "request_hash" character varying(64) NOT NULL, "store_id" uuid NOT NULL, "opened_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2fa68c30e75e0fffcbecc8f48ef" PRIMARY KEY ("idempotency_key"))`,
    );

    // The change feed (docs/design.md §5): written by trigger in the same transaction as the change. `xid`
    // lets a reader stop below the oldest transaction still in flight, so a late commit is never skipped.
    await q.query(
      `CREATE TABLE "change_feed" ("seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(), "table_name" character varying(63) NOT NULL, "row_id" character varying(200) NOT NULL, "op" character(1) NOT NULL, "store_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_change_feed" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE INDEX "IDX_change_feed_position" ON "change_feed" ("xid", "seq")`);
    // Generic capture: args = key columns (comma separated), the column naming the one store a row
    // belongs to ('' if none), HQ-local columns whose change alone is not replicated.
    await q.query(`CREATE FUNCTION transfer_capture() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r jsonb;
  old_r jsonb;
  keycols text[] := string_to_array(TG_ARGV[0], ',');
  storecol text := NULLIF(TG_ARGV[1], '');
  ignored text[] := string_to_array(COALESCE(TG_ARGV[2], ''), ',') || ARRAY['row_version', 'updated_at'];
  c text;
  rid text;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' THEN
    old_r := to_jsonb(OLD);
    IF (r - ignored) = (old_r - ignored) THEN RETURN NULL; END IF;
  END IF;
  FOREACH c IN ARRAY keycols LOOP
    rid := CASE WHEN rid IS NULL THEN '' ELSE rid || ':' END || (r ->> c);
  END LOOP;
  INSERT INTO change_feed (table_name, row_id, op, store_id)
  VALUES (TG_TABLE_NAME, rid, CASE TG_OP WHEN 'DELETE' THEN 'D' ELSE 'U' END, CASE WHEN storecol IS NULL THEN NULL ELSE (r ->> storecol)::uuid END);
  -- a row moved to another store: the store it left hears about it too
  IF TG_OP = 'UPDATE' AND storecol IS NOT NULL AND (old_r ->> storecol) IS DISTINCT FROM (r ->> storecol) THEN
    INSERT INTO change_feed (table_name, row_id, op, store_id) VALUES (TG_TABLE_NAME, rid, 'U', (old_r ->> storecol)::uuid);
  END IF;
  RETURN NULL;
END
$fn$`);
    // A writer that forgets row_version (raw SQL) must not make its change invisible to stores,
    // whose apply skips versions they have: a real change always gets a new version.
    await q.query(`CREATE FUNCTION transfer_bump_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ignored text[] := string_to_array(COALESCE(TG_ARGV[0], ''), ',') || ARRAY['row_version', 'updated_at'];
BEGIN
  IF NEW.row_version = OLD.row_version AND (to_jsonb(NEW) - ignored) <> (to_jsonb(OLD) - ignored) THEN
    NEW.row_version := OLD.row_version + 1;
  END IF;
  RETURN NEW;
END
$fn$`);
    for (const [table, args] of CAPTURED) {
      await q.query(`CREATE TRIGGER "transfer_capture" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_capture(${args})`);
      if (table !== 'user_role') {
        const ignored = args.split(',').slice(2).join(',').trim();
        await q.query(`CREATE TRIGGER "transfer_bump_version" BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION transfer_bump_version(${ignored})`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of CAPTURED) {
      await q.query(`DROP TRIGGER IF EXISTS "transfer_capture" ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS "transfer_bump_version" ON "${table}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS transfer_capture()`);
    await q.query(`DROP FUNCTION IF EXISTS transfer_bump_version()`);
    await q.query(`DROP TABLE "change_feed"`);
    await q.query(`DROP TABLE "store_opening"`);
    await q.query(`DROP INDEX "public"."IDX_1fb42acabd6dc45662e43bddd2"`);
    await q.query(`DROP TABLE "store_event"`);
    await q.query(`DROP INDEX "public"."IDX_c04fafb18aa191e3ddc564f71d"`);
    await q.query(`DROP INDEX "public"."IDX_0788f31d7b312123f1784ae903"`);
    await q.query(`DROP TABLE "transfer_inbox"`);
    await q.query(`DROP INDEX "public"."IDX_df640dd36da09235d691bd9273"`);
    await q.query(`DROP TABLE "transfer_nonce"`);
    await q.query(`DROP TABLE "store_data_scope"`);
    await q.query(`DROP TABLE "store_transfer"`);
  }
}
