import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';

const SQL = sqlStatements('inventory.stock-count', {
  categoryExists: `SELECT 1 FROM category WHERE id = $1`,
  // FOR SHARE waits for postings in flight on these rows, so the book and the seq agree
  book: `SELECT b.product_id, b.qty::text FROM stock_balance b JOIN product p ON p.id = b.product_id LEFT JOIN category c ON c.id = p.category_id
         WHERE b.warehouse_id = $1 AND ($2::uuid IS NULL OR $2::uuid = ANY(c.path)) ORDER BY b.product_id FOR SHARE OF b`,
  waitForPostings: `SELECT 1 FROM stock_balance WHERE warehouse_id = $1 AND product_id = ANY($2::uuid[]) ORDER BY product_id FOR SHARE`,
  enter: `INSERT INTO stock_count_line (count_id, product_id, book_qty, counted_qty, counted_seq, counted_by, counted_at)
         SELECT $1, p, 0, q, $4, $5, now() FROM unnest($2::uuid[], $3::numeric[]) AS e(p, q)
         ON CONFLICT (count_id, product_id) DO UPDATE SET counted_qty = EXCLUDED.counted_qty, counted_seq = EXCLUDED.counted_seq, counted_by = EXCLUDED.counted_by, counted_at = now()`,
  lines: `SELECT l.product_id, p.code, p.name, l.book_qty::text, l.counted_qty::text, l.expected_qty::text, l.variance_qty::text, l.counted_at,
              coalesce((SELECT sum(g.delta) FROM stock_ledger g WHERE g.warehouse_id = $2 AND g.product_id = l.product_id AND g.seq > $3
                          AND g.seq <= coalesce(l.counted_seq, 9223372036854775807)
                          AND NOT (g.doc_type = 'stock_count' AND g.doc_id = $1)), 0)::text AS moved
       FROM stock_count_line l JOIN product p ON p.id = l.product_id WHERE l.count_id = $1 ORDER BY p.code`,
  resolveProducts: `SELECT k.key, p.id, ($4::uuid IS NULL OR $4::uuid = ANY(coalesce(c.path, '{}'))) AS in_scope
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(key, kind, v)
       JOIN product p ON (k.kind = 'id' AND p.id::text = k.v) OR (k.kind = 'code' AND p.code = k.v)
                      OR (k.kind = 'barcode' AND p.id = (SELECT product_id FROM product_barcode WHERE barcode = k.v))
       LEFT JOIN category c ON c.id = p.category_id`,
  gainBatches: `SELECT p.id, (SELECT b.batch_no FROM stock_batch b WHERE b.warehouse_id = $1 AND b.product_id = p.id ORDER BY b.expiry_date DESC NULLS FIRST, b.batch_no DESC LIMIT 1) AS batch_no
       FROM product p WHERE p.batch_managed AND p.id = ANY($2::uuid[])`,
  ledgerPosition: `SELECT coalesce(max(seq), 0)::text AS seq FROM stock_ledger`,
});

/** A count line with the ledger movements between the snapshot and the count (quantities as exact text). */
export interface CountLineRow {
  product_id: string;
  code: string;
  name: string;
  book_qty: string;
  counted_qty: string | null;
  expected_qty: string | null;
  variance_qty: string | null;
  moved: string;
  counted_at: Date | null;
}

/** How an entered key (productId, code or barcode) is looked up. */
export type CountKeyKind = 'id' | 'code' | 'barcode';

/** The SQL of 盘点 (StockCountService): the book snapshot, entered counts, lines with movements since the snapshot. */
@Injectable()
export class StockCountRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async categoryExists(ctx: RequestContext, categoryId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.categoryExists, [categoryId])).length > 0;
  }

  /** The warehouse's book quantities (of one category and its children, or all), the rows share-locked. */
  book(ctx: RequestContext, warehouseId: string, categoryId: string | null): Promise<Array<{ product_id: string; qty: string }>> {
    return queryRows(this.connection.manager(ctx), SQL.book, [warehouseId, categoryId]);
  }

  /** Waits for sales in flight on these products (their balance rows share-locked). */
  async waitForPostings(ctx: RequestContext, warehouseId: string, productIds: string[]): Promise<void> {
    await queryRows(this.connection.manager(ctx), SQL.waitForPostings, [warehouseId, productIds]);
  }

  /** Counted quantities at ledger position `seq` (a later entry of a product replaces the earlier one). */
  async enter(ctx: RequestContext, countId: string, productIds: string[], quantities: string[], seq: string, by: string | null): Promise<void> {
    await this.connection.manager(ctx).query(SQL.enter, [countId, productIds, quantities, seq, by]);
  }

  lines(ctx: RequestContext, countId: string, warehouseId: string, snapshotSeq: string): Promise<CountLineRow[]> {
    return queryRows<CountLineRow>(this.connection.manager(ctx), SQL.lines, [countId, warehouseId, snapshotSeq]);
  }

  /** Entered keys → product ids (entries not found are absent), each flagged inside the category or not. */
  resolveProducts(
    ctx: RequestContext,
    keys: Array<{ key: string; kind: CountKeyKind; value: string }>,
    categoryId: string | null,
  ): Promise<Array<{ key: string; id: string; in_scope: boolean }>> {
    return queryRows(this.connection.manager(ctx), SQL.resolveProducts, [keys.map((k) => k.key), keys.map((k) => k.kind), keys.map((k) => k.value), categoryId]);
  }

  /** Of these products, the batch-managed ones with the batch expiring last in the warehouse (null: none). */
  gainBatches(ctx: RequestContext, warehouseId: string, productIds: string[]): Promise<Array<{ id: string; batch_no: string | null }>> {
    return queryRows(this.connection.manager(ctx), SQL.gainBatches, [warehouseId, productIds]);
  }

  async ledgerPosition(ctx: RequestContext): Promise<string> {
    return (await queryRows<{ seq: string }>(this.connection.manager(ctx), SQL.ledgerPosition))[0].seq;
  }
}
