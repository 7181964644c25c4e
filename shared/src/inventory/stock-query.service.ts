import { Injectable, StreamableFile } from '@nestjs/common';
import { CommonError, DomainException } from '../common/errors';
import { dec } from '../common/money';
import { defineSort, Page, sortTerms } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { queryChunks } from '../common/pg-cursor';
import { queryRows } from '../common/sql';
import { TransactionalConnection } from '../common/transactional-connection';
import { StockCardQueryDto, StockQueryDto, ValuationQueryDto } from './inventory.dto';
import { xlsxFile } from './inventory-sheet';
import { WarehouseService } from './warehouse.service';

export interface StockRow {
  warehouseId: string;
  warehouseCode: string;
  warehouseName: string;
  orgUnitId: string;
  productId: string;
  productCode: string;
  productName: string;
  categoryId: string | null;
  batchNo: string | null;
  expiryDate: string | null;
  qty: string;
  avgCost: string;
  value: string;
  minQty: string | null;
  maxQty: string | null;
}

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
function scoped(ctx: RequestContext, where: Where, requestedStoreId?: string): Where {
  if (ctx.storeId) {
    where.add('w.org_unit_id = ?', ctx.storeId);
    if (requestedStoreId && requestedStoreId !== ctx.storeId) where.add('false');
  } else if (requestedStoreId) where.add('w.org_unit_id = ?', requestedStoreId);
  return where;
}

const EXPORT_LIMIT = 100_000;
export const STOCK_SORT = defineSort({ productCode: 'p.code', warehouseCode: 'w.code', qty: 'qty', value: 'value', expiryDate: 'expiry_date' }, 'warehouseCode,productCode');

const stockOrder = (sort: string | undefined) => sortTerms(sort ?? STOCK_SORT.defaultSort, STOCK_SORT.columns).map(({ column, desc }) => `${column} ${desc ? 'DESC' : 'ASC'}`);

/** Stock on hand, stock card and valuation — scoped to the caller's store, exportable to Excel. */
@Injectable()
export class StockQueryService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly warehouses: WarehouseService,
  ) {}

  async stock(ctx: RequestContext, q: StockQueryDto): Promise<Page<StockRow>> {
    const { from, where } = this.stockQuery(ctx, q);
    const order = stockOrder(q.sort);
    const pageSize = q.pageSize ?? 50;
    const m = this.connection.manager(ctx);
    const [rows, total] = await Promise.all([
      queryRows<Record<string, unknown>>(
        m,
        `SELECT ${STOCK_COLUMNS} ${from} ${where.sql} ORDER BY ${order.join(', ')}, p.code, batch_no LIMIT ${pageSize} OFFSET ${((q.page ?? 1) - 1) * pageSize}`,
        where.params,
      ),
      queryRows<{ n: number }>(m, `SELECT count(*)::int AS n ${from} ${where.sql}`, where.params),
    ]);
    return { items: rows.map(toStockRow), total: total[0].n };
  }

  async exportStock(ctx: RequestContext, q: StockQueryDto): Promise<StreamableFile> {
    const { from, where } = this.stockQuery(ctx, q);
    // streamed from a cursor, 2,000 rows at a time: the answer starts after the first ones
    const rows = await queryChunks<StockRow>(
      this.connection.dataSource,
      `SELECT ${STOCK_COLUMNS} ${from} ${where.sql} ORDER BY ${stockOrder(q.sort).join(', ')}, p.code, batch_no LIMIT ${EXPORT_LIMIT}`,
      where.params,
      { tidy: toStockRow },
    );
    return xlsxFile<StockRow>(
      'stock.xlsx',
      '库存 Stock',
      [
        { header: '仓库编码', value: (r) => r.warehouseCode },
        { header: '仓库名称', value: (r) => r.warehouseName, width: 24 },
        { header: '商品编码', value: (r) => r.productCode },
        { header: '商品名称', value: (r) => r.productName, width: 30 },
        { header: '批号', value: (r) => r.batchNo },
        { header: '有效期', value: (r) => r.expiryDate },
        { header: '数量', value: (r) => Number(r.qty) },
        { header: '平均成本', value: (r) => Number(r.avgCost) },
        { header: '库存金额', value: (r) => Number(r.value) },
        { header: '下限', value: (r) => (r.minQty === null ? null : Number(r.minQty)) },
        { header: '上限', value: (r) => (r.maxQty === null ? null : Number(r.maxQty)) },
      ],
      rows,
    );
  }

  /**
   * 库存明细账: the ledger of one product in one warehouse between two business dates, with the
   * opening balance (everything dated before `from`) and a running balance in business-date order,
   * so late entries land on their own day.
   */
  async stockCard(ctx: RequestContext, q: StockCardQueryDto) {
    if (q.from > q.to) throw new DomainException(CommonError.VALIDATION_FAILED, '`from` is after `to` / 起始日期晚于结束日期', [{ field: 'from', message: 'after to' }]);
    const wh = await this.warehouses.get(ctx, q.warehouseId);
    const m = this.connection.manager(ctx);
    const [opening] = await queryRows<{ qty: string; value: string }>(
      m,
      'SELECT coalesce(sum(delta), 0)::text AS qty, coalesce(sum(amount), 0)::text AS value FROM stock_ledger WHERE warehouse_id = $1 AND product_id = $2 AND business_date < $3',
      [wh.id, q.productId, q.from],
    );
    const rows = await queryRows<Record<string, string | number | Date | null>>(
      m,
      `SELECT id, seq::text, to_char(business_date, 'YYYY-MM-DD') AS business_date, posted_at, doc_type, doc_id, doc_no, doc_line, reason, batch_no,
              delta::text, unit_cost::text, amount::text, operator_id
       FROM stock_ledger WHERE warehouse_id = $1 AND product_id = $2 AND business_date BETWEEN $3 AND $4 ORDER BY business_date, seq LIMIT ${EXPORT_LIMIT}`,
      [wh.id, q.productId, q.from, q.to],
    );
    let qty = dec(opening.qty);
    let value = dec(opening.value);
    let inQty = dec(0);
    let outQty = dec(0);
    const entries = rows.map((r) => {
      const delta = dec(r.delta as string);
      qty = qty.plus(delta);
      value = value.plus(r.amount as string);
      if (delta.gt(0)) inQty = inQty.plus(delta);
      else outQty = outQty.minus(delta);
      return {
        ledgerId: r.id,
        seq: r.seq,
        businessDate: r.business_date,
        postedAt: r.posted_at,
        docType: r.doc_type,
        docId: r.doc_id,
        docNo: r.doc_no,
        docLine: r.doc_line,
        reason: r.reason,
        batchNo: r.batch_no,
        delta: delta.toString(),
        unitCost: dec(r.unit_cost as string).toString(),
        amount: dec(r.amount as string).toString(),
        balance: qty.toString(),
        operatorId: r.operator_id,
      };
    });
    return {
      warehouseId: wh.id,
      productId: q.productId,
      from: q.from,
      to: q.to,
      opening: { qty: dec(opening.qty).toString(), value: dec(opening.value).toString() },
      totalIn: inQty.toString(),
      totalOut: outQty.toString(),
      closing: { qty: qty.toString(), value: value.toString() },
      entries,
    };
  }

  async exportStockCard(ctx: RequestContext, q: StockCardQueryDto): Promise<StreamableFile> {
    const card = await this.stockCard(ctx, q);
    type E = (typeof card.entries)[number] | { opening: true };
    const rows: E[] = [{ opening: true }, ...card.entries];
    const e = (r: E) => ('opening' in r ? null : r);
    return xlsxFile<E>(
      'stock-card.xlsx',
      '库存明细账 Stock card',
      [
        { header: '业务日期', value: (r) => (e(r)?.businessDate as string) ?? card.from },
        { header: '单据类型', value: (r) => (e(r)?.docType as string) ?? '期初 opening' },
        { header: '单号', value: (r) => (e(r)?.docNo as string) ?? null, width: 26 },
        { header: '批号', value: (r) => (e(r)?.batchNo as string) ?? null },
        { header: '原因', value: (r) => (e(r)?.reason as string) ?? null },
        { header: '变动数量', value: (r) => (e(r) ? Number(e(r)!.delta) : null) },
        { header: '单位成本', value: (r) => (e(r) ? Number(e(r)!.unitCost) : null) },
        { header: '金额', value: (r) => (e(r) ? Number(e(r)!.amount) : Number(card.opening.value)) },
        { header: '结存数量', value: (r) => Number(e(r)?.balance ?? card.opening.qty) },
      ],
      rows,
    );
  }

  /** 库存金额: value at moving-average cost by warehouse and category, with totals. */
  async valuation(ctx: RequestContext, q: ValuationQueryDto) {
    const { sql, params } = this.valuationQuery(ctx, q);
    const items = (await queryRows<Record<string, unknown>>(this.connection.manager(ctx), sql, params)).map(toValuationRow);
    return { items, totalValue: items.reduce((s, r) => s.plus(r.value), dec(0)).toString() };
  }

  async exportValuation(ctx: RequestContext, q: ValuationQueryDto): Promise<StreamableFile> {
    const { sql, params } = this.valuationQuery(ctx, q);
    // streamed from a cursor like every report export (the answer starts after the first 2,000 rows)
    const rows = await queryChunks(this.connection.dataSource, sql, params, { tidy: toValuationRow });
    return xlsxFile(
      'valuation.xlsx',
      '库存金额 Valuation',
      [
        { header: '仓库编码', value: (r) => r.warehouseCode as string },
        { header: '仓库名称', value: (r) => r.warehouseName as string, width: 24 },
        { header: '类别编码', value: (r) => r.categoryCode as string },
        { header: '类别名称', value: (r) => (r.categoryName as string) ?? '未分类', width: 20 },
        { header: '商品数', value: (r) => r.products as number },
        { header: '数量', value: (r) => Number(r.qty) },
        { header: '库存金额', value: (r) => Number(r.value) },
      ],
      rows,
    );
  }

  private valuationQuery(ctx: RequestContext, q: ValuationQueryDto): { sql: string; params: unknown[] } {
    const where = scoped(ctx, new Where(), q.storeId);
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

  private stockQuery(ctx: RequestContext, q: StockQueryDto): { from: string; where: Where } {
    const where = scoped(ctx, new Where(), q.storeId);
    if (q.warehouseId) where.add('w.id = ?', q.warehouseId);
    if (q.productId) where.add('p.id = ?', q.productId);
    if (q.categoryId) where.add('? = ANY(c.path)', q.categoryId);
    if (q.search) where.add('(p.code ILIKE ? OR p.name ILIKE ?)', `%${escape(q.search)}%`, `%${escape(q.search)}%`);
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
}

const STOCK_COLUMNS = `w.id AS warehouse_id, w.code AS warehouse_code, w.name AS warehouse_name, w.org_unit_id, p.id AS product_id, p.code AS product_code,
  p.name AS product_name, p.category_id, sb.batch_no, to_char(sb.expiry_date, 'YYYY-MM-DD') AS expiry_date, coalesce(sb.qty, b.qty)::text AS qty,
  b.avg_cost::text AS avg_cost, CASE WHEN sb.qty IS NULL THEN b.value ELSE round(sb.qty * b.avg_cost, 6) END::text AS value,
  coalesce(l.min_qty, p.min_stock)::text AS min_qty, coalesce(l.max_qty, p.max_stock)::text AS max_qty`;

function toStockRow(r: Record<string, unknown>): StockRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : dec(v as string).toString());
  return {
    warehouseId: r.warehouse_id as string,
    warehouseCode: r.warehouse_code as string,
    warehouseName: r.warehouse_name as string,
    orgUnitId: r.org_unit_id as string,
    productId: r.product_id as string,
    productCode: r.product_code as string,
    productName: r.product_name as string,
    categoryId: r.category_id as string | null,
    batchNo: r.batch_no as string | null,
    expiryDate: r.expiry_date as string | null,
    qty: d(r.qty)!,
    avgCost: d(r.avg_cost)!,
    value: d(r.value)!,
    minQty: d(r.min_qty),
    maxQty: d(r.max_qty),
  };
}

function escape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

function toValuationRow(r: Record<string, unknown>) {
  return {
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    warehouseName: r.warehouse_name,
    categoryId: r.category_id,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    products: r.products,
    qty: dec(r.qty as string).toString(),
    value: dec(r.value as string).toString(),
  };
}
