import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { queryChunks, type QueryChunks } from '../common/pg-cursor';
import { escapeLike, queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';
import type { StockQueryDto, ValuationQueryDto } from './inventory.dto';

/** Builds WHERE clauses with numbered parameters; every filter a caller can reach goes through scope. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  add(sql: string, ...values: unknown[]): this {
    let s = sql;
    for (const v of values) {
      this.params.push(v);
      s = s.replace('?', `$${this.params.length}`);
    }
    this.parts.push(s);
    return this;
  }
  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** Store scope on the warehouse's owner (same rule as scopeQuery, for raw SQL). */
function scoped(storeId: string | null, where: Where, requestedStoreId?: string): Where {
  if (storeId) {
    where.add('w.org_unit_id = ?', storeId);
    if (requestedStoreId && requestedStoreId !== storeId) where.add('false');
  } else if (requestedStoreId) where.add('w.org_unit_id = ?', requestedStoreId);
  return where;
}

const STOCK_COLUMNS = `w.id AS warehouse_id, w.code AS warehouse_code, w.name AS warehouse_name, w.org_unit_id, p.id AS product_id, p.code AS product_code,
  p.name AS product_name, p.category_id, sb.batch_no, to_char(sb.expiry_date, 'YYYY-MM-DD') AS expiry_date, coalesce(sb.qty, b.qty)::text AS qty,
  b.avg_cost::text AS avg_cost, CASE WHEN sb.qty IS NULL THEN b.value ELSE round(sb.qty * b.avg_cost, 6) END::text AS value,
  coalesce(l.min_qty, p.min_stock)::text AS min_qty, coalesce(l.max_qty, p.max_stock)::text AS max_qty`;

/** The stock list's filters (StockQueryDto without its page). */
export type StockFilter = Omit<StockQueryDto, 'page' | 'pageSize' | 'sort'>;
/** The valuation's filters. */
export type ValuationFilter = Pick<ValuationQueryDto, 'storeId' | 'warehouseId' | 'categoryId'>;

function stockQuery(storeId: string | null, q: StockFilter): { from: string; where: Where } {
  const where = scoped(storeId, new Where(), q.storeId);
  if (q.warehouseId) where.add('w.id = ?', q.warehouseId);
  if (q.productId) where.add('p.id = ?', q.productId);
  if (q.categoryId) where.add('? = ANY(c.path)', q.categoryId);
  if (q.search) where.add('(p.code ILIKE ? OR p.name ILIKE ?)', `%${escapeLike(q.search)}%`, `%${escapeLike(q.search)}%`);
  if (q.batchNo) where.add('sb.batch_no = ?', q.batchNo);
  if (!q.includeZero) where.add(`${q.byBatch || q.batchNo ? 'coalesce(sb.qty, b.qty)' : 'b.qty'} <> 0`);
  if (q.belowMin) where.add('b.qty < coalesce(l.min_qty, p.min_stock)');
  if (q.aboveMax) where.add('b.qty > coalesce(l.max_qty, p.max_stock)');
  const batchJoin =
    q.byBatch || q.batchNo
      ? 'LEFT JOIN stock_batch sb ON sb.warehouse_id = b.warehouse_id AND sb.product_id = b.product_id'
      : 'LEFT JOIN (SELECT NULL::varchar AS batch_no, NULL::date AS expiry_date, NULL::numeric AS qty) sb ON false';
  const from = `FROM stock_balance b JOIN warehouse w ON w.id = b.warehouse_id JOIN product p ON p.id = b.product_id
      LEFT JOIN category c ON c.id = p.category_id LEFT JOIN stock_limit l ON l.warehouse_id = b.warehouse_id AND l.product_id = b.product_id ${batchJoin}`;
  return { from, where };
}

/** The stock rows' statement: `order` is built from STOCK_SORT's columns only, `limit`/`offset` are numbers. */
function stockSql(storeId: string | null, q: StockFilter, order: string, limit: number, offset?: number): { sql: string; count: string; params: unknown[] } {
  const { from, where } = stockQuery(storeId, q);
  return {
    sql: `SELECT ${STOCK_COLUMNS} ${from} ${where.sql} ORDER BY ${order}, p.code, batch_no LIMIT ${limit}${offset === undefined ? '' : ` OFFSET ${offset}`}`,
    count: `SELECT count(*)::int AS n ${from} ${where.sql}`,
    params: where.params,
  };
}

function valuationSql(storeId: string | null, q: ValuationFilter): { sql: string; params: unknown[] } {
  const where = scoped(storeId, new Where(), q.storeId);
  if (q.warehouseId) where.add('w.id = ?', q.warehouseId);
  if (q.categoryId) where.add('? = ANY(c.path)', q.categoryId);
  return {
    sql: `SELECT w.id AS warehouse_id, w.code AS warehouse_code, w.name AS warehouse_name, c.id AS category_id, c.code AS category_code, c.name AS category_name,
              count(*)::int AS products, sum(b.qty)::text AS qty, sum(b.value)::text AS value
       FROM stock_balance b JOIN warehouse w ON w.id = b.warehouse_id JOIN product p ON p.id = b.product_id LEFT JOIN category c ON c.id = p.category_id
       ${where.sql}${where.parts.length ? ' AND' : ' WHERE'} b.qty <> 0
       GROUP BY w.id, w.code, w.name, c.id, c.code, c.name ORDER BY w.code, c.code NULLS LAST`,
    params: where.params,
  };
}

const CARD_LIMIT = 100_000;

const SQL = sqlStatements('inventory.stock-query', {
  cardOpening:
    'SELECT coalesce(sum(delta), 0)::text AS qty, coalesce(sum(amount), 0)::text AS value FROM stock_ledger WHERE warehouse_id = $1 AND product_id = $2 AND business_date < $3',
  cardEntries: `SELECT id, seq::text, to_char(business_date, 'YYYY-MM-DD') AS business_date, posted_at, doc_type, doc_id, doc_no, doc_line, reason, batch_no,
              delta::text, unit_cost::text, amount::text, operator_id
       FROM stock_ledger WHERE warehouse_id = $1 AND product_id = $2 AND business_date BETWEEN $3 AND $4 ORDER BY business_date, seq LIMIT ${CARD_LIMIT}`,
});

// The lists are composed from their filters: the test prepares the texts of every filter at once
// (store-scoped and not, with and without batches), so a renamed column fails there.
sqlStatements('inventory.stock-query.lists', () => {
  const id = '00000000-0000-0000-0000-000000000000';
  const all: StockFilter = { warehouseId: id, storeId: id, categoryId: id, productId: id, search: 'x', belowMin: true, aboveMax: true };
  const texts: Record<string, string> = {};
  for (const [name, storeId, q] of [
    ['plain', null, {}],
    ['filtered', id, all],
    ['byBatch', null, { byBatch: true, includeZero: true }],
    ['batchNo', id, { ...all, batchNo: 'B1' }],
  ] as Array<[string, string | null, StockFilter]>) {
    const s = stockSql(storeId, q, 'w.code ASC, qty DESC, value ASC, expiry_date ASC', 50, 0);
    texts[`stock.${name}`] = s.sql;
    texts[`stockCount.${name}`] = s.count;
  }
  texts['valuation.plain'] = valuationSql(null, {}).sql;
  texts['valuation.filtered'] = valuationSql(id, { storeId: id, warehouseId: id, categoryId: id }).sql;
  return texts;
});

/** A stock row as the SQL answers it (quantities and money as exact text). */
export interface StockSqlRow {
  warehouse_id: string;
  warehouse_code: string;
  warehouse_name: string;
  org_unit_id: string;
  product_id: string;
  product_code: string;
  product_name: string;
  category_id: string | null;
  batch_no: string | null;
  expiry_date: string | null;
  qty: string;
  avg_cost: string;
  value: string;
  min_qty: string | null;
  max_qty: string | null;
}

/** A ledger entry of the stock card. */
export interface CardEntrySqlRow {
  id: string;
  seq: string;
  business_date: string;
  posted_at: Date;
  doc_type: string;
  doc_id: string;
  doc_no: string | null;
  doc_line: number | null;
  reason: string | null;
  batch_no: string | null;
  delta: string;
  unit_cost: string;
  amount: string;
  operator_id: string | null;
}

/** A warehouse × category of the valuation. */
export interface ValuationSqlRow {
  warehouse_id: string;
  warehouse_code: string;
  warehouse_name: string;
  category_id: string | null;
  category_code: string | null;
  category_name: string | null;
  products: number;
  qty: string;
  value: string;
}

/**
 * The SQL of stock on hand, the stock card and valuation (StockQueryService): lists composed from
 * their filters, always scoped to the caller's store (a store user sees only theirs).
 */
@Injectable()
export class StockQueryRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** One page of stock and the count of all rows; `order` is built from STOCK_SORT's columns only. */
  async stockPage(ctx: RequestContext, q: StockFilter, order: string, page: { limit: number; offset: number }): Promise<{ rows: StockSqlRow[]; total: number }> {
    const s = stockSql(ctx.storeId, q, order, page.limit, page.offset);
    const m = this.connection.manager(ctx);
    const [rows, total] = await Promise.all([queryRows<StockSqlRow>(m, s.sql, s.params), queryRows<{ n: number }>(m, s.count, s.params)]);
    return { rows, total: total[0].n };
  }

  /** Stock rows (at most `limit`) streamed from a cursor, 2,000 at a time, each through `tidy`. */
  stockChunks<R>(ctx: RequestContext, q: StockFilter, order: string, limit: number, tidy: (r: StockSqlRow) => R): Promise<QueryChunks<R>> {
    const s = stockSql(ctx.storeId, q, order, limit);
    return queryChunks<R>(this.connection.dataSource, s.sql, s.params, { tidy: (r) => tidy(r as unknown as StockSqlRow) });
  }

  /** Everything of a product in a warehouse dated before `from`. */
  async cardOpening(ctx: RequestContext, warehouseId: string, productId: string, from: string): Promise<{ qty: string; value: string }> {
    const [opening] = await queryRows<{ qty: string; value: string }>(this.connection.manager(ctx), SQL.cardOpening, [warehouseId, productId, from]);
    return opening;
  }

  /** Ledger entries between two business dates in business-date order (at most 100,000). */
  cardEntries(ctx: RequestContext, warehouseId: string, productId: string, from: string, to: string): Promise<CardEntrySqlRow[]> {
    return queryRows<CardEntrySqlRow>(this.connection.manager(ctx), SQL.cardEntries, [warehouseId, productId, from, to]);
  }

  valuation(ctx: RequestContext, q: ValuationFilter): Promise<ValuationSqlRow[]> {
    const { sql, params } = valuationSql(ctx.storeId, q);
    return queryRows<ValuationSqlRow>(this.connection.manager(ctx), sql, params);
  }

  /** The valuation streamed from a cursor like every report export. */
  valuationChunks<R>(ctx: RequestContext, q: ValuationFilter, tidy: (r: ValuationSqlRow) => R): Promise<QueryChunks<R>> {
    const { sql, params } = valuationSql(ctx.storeId, q);
    return queryChunks<R>(this.connection.dataSource, sql, params, { tidy: (r) => tidy(r as unknown as ValuationSqlRow) });
  }
}
