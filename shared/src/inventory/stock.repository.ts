import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Dec } from '../common/money';
import { RequestContext } from '../common/request-context';
import { insertStatements, queryRows, RowsOf } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';
import { CostState } from './cost.calculator';

export interface WarehouseInfo {
  id: string;
  org_unit_id: string;
  status: string;
  kind: string;
  allow_negative: boolean;
}
export interface ProductInfo {
  id: string;
  code: string;
  name: string;
  batch_managed: boolean;
  purchase_price: string;
}
export interface LockedRow {
  warehouse_id: string;
  product_id: string;
  qty: string;
  avg_cost: string;
  value: string;
  /** the row version the lock returned (see KeyState.version) */
  version: string;
}
export interface BatchRow {
  batchNo: string;
  expiryDate: string | null;
  qty: Dec;
  dirty: boolean;
}
export interface KeyState {
  cost: CostState;
  batches: BatchRow[] | null;
  /**
   * The balance row's version when the plan was computed: its `ctid` as the locking upsert left it.
   * Every write to the row makes a new row version (a new ctid), and while this transaction holds
   * the lock only this transaction can write it — so a different ctid at commit means the plan was
   * computed from a balance (or batches: they move with their balance row) that has changed since,
   * e.g. a second plan or a post for the same key in the same transaction, committed first.
   */
  version: string;
}
/** A stock_ledger row, in the ledger INSERT's column order (LEDGER_COLUMNS). */
export type LedgerRow = unknown[];

const SQL = sqlStatements('inventory.stock', {
  balances: 'SELECT product_id, qty::text, avg_cost::text, value::text FROM stock_balance WHERE warehouse_id = $1 AND product_id = ANY($2::uuid[])',
  ledgerOf: `SELECT warehouse_id, product_id, batch_no, to_char(expiry_date, 'YYYY-MM-DD') AS expiry_date, delta::text, unit_cost::text, doc_line
       FROM stock_ledger WHERE doc_type = $1 AND doc_id = $2 ORDER BY seq`,
  lookUpAndLock: `WITH wh AS (SELECT w.id, w.org_unit_id, w.status, w.kind, coalesce(s.allow_negative_stock, false) AS allow_negative
                   FROM warehouse w LEFT JOIN org_settings s ON s.org_unit_id = w.org_unit_id WHERE w.id = ANY($3::uuid[])),
            pr AS (SELECT id, code, name, batch_managed, purchase_price::text AS purchase_price FROM product WHERE id = ANY($4::uuid[])),
            locked AS (
              INSERT INTO stock_balance (warehouse_id, product_id)
              SELECT k.w, k.p FROM unnest($1::uuid[], $2::uuid[]) AS k(w, p)
                JOIN wh ON wh.id = k.w AND wh.status = 'active' JOIN pr ON pr.id = k.p
              ORDER BY k.w, k.p
              ON CONFLICT (warehouse_id, product_id) DO UPDATE SET qty = stock_balance.qty
              RETURNING warehouse_id, product_id, qty::text AS qty, avg_cost::text AS avg_cost, value::text AS value, ctid::text AS version)
       SELECT (SELECT coalesce(json_agg(wh), '[]') FROM wh) AS warehouses, (SELECT coalesce(json_agg(pr), '[]') FROM pr) AS products,
              (SELECT coalesce(json_agg(locked), '[]') FROM locked) AS locked`,
  batches: `SELECT warehouse_id, product_id, batch_no, to_char(expiry_date, 'YYYY-MM-DD') AS expiry_date, qty::text FROM stock_batch
       WHERE (warehouse_id, product_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
       ORDER BY expiry_date NULLS LAST, batch_no`,
});

// The write statement takes the document's INSERTs as more CTEs: the test prepares it bare and
// with one document row (the texts a post and a sale run).
sqlStatements('inventory.stock.write', () => ({
  bare: writeSql([]),
  withDocument: writeSql([`INSERT INTO "product" ("id") SELECT "id" FROM json_populate_recordset(NULL::"product", $${VERSION_PARAM + 1}::json)`]),
}));

/** A stock_balance row (no lock; for display and checks before posting). */
export interface BalanceSqlRow {
  product_id: string;
  qty: string;
  avg_cost: string;
  value: string;
}

/** A ledger row a document wrote (what reversing it needs). */
export interface LedgerSqlRow {
  warehouse_id: string;
  product_id: string;
  batch_no: string | null;
  expiry_date: string | null;
  delta: string;
  unit_cost: string;
  doc_line: number | null;
}

/** A stock_batch row of a locked key. */
export interface BatchSqlRow {
  warehouse_id: string;
  product_id: string;
  batch_no: string;
  expiry_date: string | null;
  qty: string;
}

/**
 * The SQL of StockService, the one stock writer (docs/design.md §4): its lock and write statements
 * are hot — fixed texts, run prepared, one round trip each.
 */
@Injectable()
export class StockRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  balances(ctx: RequestContext, warehouseId: string, productIds: string[]): Promise<BalanceSqlRow[]> {
    return queryRows<BalanceSqlRow>(this.connection.manager(ctx), SQL.balances, [warehouseId, productIds]);
  }

  ledgerOf(ctx: RequestContext, docType: string, docId: string): Promise<LedgerSqlRow[]> {
    return queryRows<LedgerSqlRow>(this.connection.manager(ctx), SQL.ledgerOf, [docType, docId]);
  }

  /**
   * One round trip: the warehouses (with the negative-stock switch, read inside the transaction so
   * a setting changed by sync applies at once), the products, and the balance rows of the keys
   * (warehouse ids, product ids, sorted by both) locked by one upsert in that order — a missing row
   * is created by the same statement. Only keys of an existing active warehouse and an existing
   * product are locked.
   */
  async lookUpAndLock(
    ctx: RequestContext,
    keys: { warehouseIds: string[]; productIds: string[] },
    warehouseIds: string[],
    productIds: string[],
  ): Promise<{ warehouses: WarehouseInfo[]; products: ProductInfo[]; locked: LockedRow[] }> {
    const [row] = await queryRows<{ warehouses: WarehouseInfo[]; products: ProductInfo[]; locked: LockedRow[] }>(
      this.connection.manager(ctx),
      SQL.lookUpAndLock,
      [keys.warehouseIds, keys.productIds, warehouseIds, productIds],
      { prepared: true },
    );
    return row;
  }

  /** The batches of these keys (warehouse ids, product ids), first expiry first. */
  batches(ctx: RequestContext, warehouseIds: string[], productIds: string[]): Promise<BatchSqlRow[]> {
    return queryRows<BatchSqlRow>(this.connection.manager(ctx), SQL.batches, [warehouseIds, productIds]);
  }

  /**
   * Balances, touched batches, the ledger rows and the document's rows in one statement
   * (data-modifying CTEs). A balance row is written only at the version the plan saw; when one was
   * not, the statement fails (see writeSql) and the stale keys are answered.
   */
  async write(manager: EntityManager, state: Map<string, KeyState>, ledger: LedgerRow[], documentRows: RowsOf[]): Promise<Set<string>> {
    const keys = [...state.keys()];
    const col = (f: (k: string, s: KeyState) => unknown) => keys.map((k) => f(k, state.get(k)!));
    const batches: Array<[string, string, BatchRow]> = [];
    for (const [k, s] of state) for (const b of s.batches ?? []) if (b.dirty) batches.push([k.split('|')[0], k.split('|')[1], b]);
    const stockParams: unknown[] = [
      col((k) => k.split('|')[0]),
      col((k) => k.split('|')[1]),
      col((_, s) => s.cost.qty.toString()),
      col((_, s) => s.cost.avgCost.toString()),
      col((_, s) => s.cost.value.toString()),
      batches.map((b) => b[0]),
      batches.map((b) => b[1]),
      batches.map((b) => b[2].batchNo),
      batches.map((b) => b[2].expiryDate),
      batches.map((b) => b[2].qty.toString()),
      ...LEDGER_COLUMNS.map((_, i) => ledger.map((r) => r[i])),
      col((_, s) => s.version),
    ];
    // the document's INSERTs number their parameters after the stock statement's own
    const doc = insertStatements(manager, documentRows, stockParams.length);
    try {
      await queryRows(manager, writeSql(doc.statements), [...stockParams, ...doc.params], { prepared: true });
      return new Set();
    } catch (e) {
      const stale = STALE_MARK.exec((e as Error)?.message ?? '');
      if (!stale) throw e;
      return new Set(stale[1].split(','));
    }
  }
}

/** stock_ledger's columns as the write statement fills them (one array parameter each, from $11). */
const LEDGER_COLUMNS = [
  ['id', 'uuid'],
  ['warehouse_id', 'uuid'],
  ['product_id', 'uuid'],
  ['batch_no', 'varchar'],
  ['expiry_date', 'date'],
  ['delta', 'numeric'],
  ['balance_after', 'numeric'],
  ['batch_balance_after', 'numeric'],
  ['unit_cost', 'numeric'],
  ['amount', 'numeric'],
  ['value_after', 'numeric'],
  ['doc_type', 'varchar'],
  ['doc_id', 'uuid'],
  ['doc_no', 'varchar'],
  ['doc_line', 'int'],
  ['reason', 'varchar'],
  ['business_date', 'date'],
  ['posted_at', 'timestamptz'],
  ['operator_id', 'uuid'],
] as const;
const LEDGER_FIRST_PARAM = 11;
/** the error text of a stale write statement (writeSql): the stale keys follow the mark */
const STALE_MARK = /STOCK_PLAN_STALE ([0-9a-f|,-]+)/;
/** the balance rows' versions (KeyState.version), after the ledger's parameters */
const VERSION_PARAM = LEDGER_FIRST_PARAM + LEDGER_COLUMNS.length;

/**
 * The write statement: balances ($1–$5, each at its version $VERSION_PARAM), batches ($6–$10), ledger
 * ($11–), then the document's INSERTs as more CTEs. Data-modifying CTEs all run whatever the
 * others did, so a balance not written at its version (stale) must fail the statement itself: the
 * final SELECT then casts a text naming the stale keys to int — an error only when evaluated (not
 * constant: no plan-time folding), whose message `commit` recognises by STALE_MARK.
 */
function writeSql(documentStatements: string[]): string {
  const ledgerNames = LEDGER_COLUMNS.map(([name]) => name).join(', ');
  const ledgerParams = LEDGER_COLUMNS.map(([, type], i) => `$${LEDGER_FIRST_PARAM + i}::${type}[]`).join(', ');
  const docs = documentStatements.map((d, i) => `,\n       doc${i} AS (${d})`).join('');
  return `WITH balances AS (
         UPDATE stock_balance b SET qty = v.qty, avg_cost = v.avg_cost, value = v.value, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::numeric[], $4::numeric[], $5::numeric[], $${VERSION_PARAM}::tid[]) AS v(w, p, qty, avg_cost, value, version)
         WHERE b.warehouse_id = v.w AND b.product_id = v.p AND b.ctid = v.version
         RETURNING b.warehouse_id::text || '|' || b.product_id::text AS k),
       batches AS (
         INSERT INTO stock_batch (warehouse_id, product_id, batch_no, expiry_date, qty)
         SELECT * FROM unnest($6::uuid[], $7::uuid[], $8::varchar[], $9::date[], $10::numeric[])
         ON CONFLICT (warehouse_id, product_id, batch_no) DO UPDATE SET qty = EXCLUDED.qty)${docs},
       ledger AS (INSERT INTO stock_ledger (${ledgerNames}) SELECT * FROM unnest(${ledgerParams}))
       SELECT CASE WHEN count(*) = cardinality($1::uuid[]) THEN 0
                   ELSE ('STOCK_PLAN_STALE ' || coalesce((SELECT string_agg(v.w::text || '|' || v.p::text, ',') FROM unnest($1::uuid[], $2::uuid[]) AS v(w, p)
                                                           WHERE NOT EXISTS (SELECT 1 FROM balances s WHERE s.k = v.w::text || '|' || v.p::text)), ''))::int END AS stale
         FROM balances`;
}
