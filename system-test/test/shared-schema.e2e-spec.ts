import {
  FOUNDATION_SCHEMA,
  GIFT_CARD_SALES_SCHEMA,
  INVENTORY_SCHEMA,
  MEMBERSHIP_SCHEMA,
  MONEY_DOCUMENTS_SCHEMA,
  POS_SCHEMA,
  PRICING_PROMOTIONS_SCHEMA,
  REPLENISHMENT_SCHEMA,
  STORE_PURCHASING_SCHEMA,
  type SharedSchemaStep,
} from '@chain-erp/shared';
import { createEmptyDatabase, dropDatabase } from '@chain-erp/shared/testing';
import { HQ_MIGRATIONS } from '@chain-erp/hq-server/migrations/index';
import { STORE_MIGRATIONS } from '@chain-erp/store-server/migrations/index';
import { type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The tables both servers have are created by one list of statements (shared/src/migrations), run
 * by HQ's and the store's migrations. A later migration of one server may still change such a
 * table: this compares the tables as each server's migrations leave them, column by column, with
 * their constraints, indexes and triggers, so the two copies cannot drift apart unnoticed.
 */
const STEPS: SharedSchemaStep[] = [
  FOUNDATION_SCHEMA,
  INVENTORY_SCHEMA,
  POS_SCHEMA,
  MEMBERSHIP_SCHEMA,
  REPLENISHMENT_SCHEMA,
  STORE_PURCHASING_SCHEMA,
  MONEY_DOCUMENTS_SCHEMA,
  PRICING_PROMOTIONS_SCHEMA,
  GIFT_CARD_SALES_SCHEMA,
];
const SHARED_TABLES = [...new Set(STEPS.flatMap((s) => s.up.flatMap((sql) => [...sql.matchAll(/^CREATE TABLE "(\w+)"/g)].map((m) => m[1]))))].sort();

// Replicated HQ tables carry HQ's capture triggers (docs/transfer.md §2); a store only receives them.
const HQ_ONLY_TRIGGERS = /^transfer_(capture|capture_insert|bump_version)$/;

interface TableShape {
  columns: unknown[];
  constraints: unknown[];
  indexes: unknown[];
  triggers: unknown[];
}

async function describeTables(migrations: Type[]): Promise<Record<string, TableShape>> {
  const url = await createEmptyDatabase('shared_schema');
  const ds = new DataSource({ type: 'postgres', url, migrations, uuidExtension: 'pgcrypto', installExtensions: false, logging: false });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const tables: Record<string, TableShape> = {};
    for (const table of SHARED_TABLES) {
      const columns: unknown[] = await ds.query(
        `SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const constraints = await ds.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY conname`, [`public.${table}`]);
      const indexes = await ds.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 ORDER BY indexname`, [table]);
      const triggers = (
        await ds.query(`SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`, [`public.${table}`])
      ).filter((t: { tgname: string }) => !HQ_ONLY_TRIGGERS.test(t.tgname));
      tables[table] = { columns, constraints, indexes, triggers };
    }
    return tables;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await dropDatabase(url);
  }
}

describe('the tables HQ and a store share', () => {
  it('are found in the shared statements', () => {
    expect(SHARED_TABLES.length).toBeGreaterThan(40);
    expect(SHARED_TABLES).toEqual(expect.arrayContaining(['product', 'stock_ledger', 'pos_sale', 'member_ledger', 'transfer_shipment']));
  });

  it('have the same columns, constraints, indexes and triggers after each server’s migrations', async () => {
    const hq = await describeTables(HQ_MIGRATIONS);
    const store = await describeTables(STORE_MIGRATIONS);
    for (const table of SHARED_TABLES) {
      expect([table, hq[table].columns.length > 0]).toEqual([table, true]);
      expect([table, store[table]]).toEqual([table, hq[table]]);
    }
  }, 180_000);
});
