import { Injectable, StreamableFile } from '@nestjs/common';
import { CommonError, DomainException } from '../common/errors';
import { dec } from '../common/money';
import { defineSort, Page, sortTerms } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { StockCardQueryDto, StockQueryDto, ValuationQueryDto } from './inventory.dto';
import { xlsxFile } from './inventory-sheet';
import { StockQueryRepository, StockSqlRow, ValuationSqlRow } from './stock-query.repository';
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

const EXPORT_LIMIT = 100_000;
export const STOCK_SORT = defineSort({ productCode: 'p.code', warehouseCode: 'w.code', qty: 'qty', value: 'value', expiryDate: 'expiry_date' }, 'warehouseCode,productCode');

const stockOrder = (sort: string | undefined) => sortTerms(sort ?? STOCK_SORT.defaultSort, STOCK_SORT.columns).map(({ column, desc }) => `${column} ${desc ? 'DESC' : 'ASC'}`);

/** Stock on hand, stock card and valuation — scoped to the caller's store, exportable to Excel. */
@Injectable()
export class StockQueryService {
  constructor(
    private readonly repo: StockQueryRepository,
    private readonly warehouses: WarehouseService,
  ) {}

  async stock(ctx: RequestContext, q: StockQueryDto): Promise<Page<StockRow>> {
    const pageSize = q.pageSize ?? 50;
    const { rows, total } = await this.repo.stockPage(ctx, q, stockOrder(q.sort).join(', '), { limit: pageSize, offset: ((q.page ?? 1) - 1) * pageSize });
    return { items: rows.map(toStockRow), total };
  }

  async exportStock(ctx: RequestContext, q: StockQueryDto): Promise<StreamableFile> {
    // streamed from a cursor, 2,000 rows at a time: the answer starts after the first ones
    const rows = await this.repo.stockChunks(ctx, q, stockOrder(q.sort).join(', '), EXPORT_LIMIT, toStockRow);
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
    const opening = await this.repo.cardOpening(ctx, wh.id, q.productId, q.from);
    const rows = await this.repo.cardEntries(ctx, wh.id, q.productId, q.from, q.to);
    let qty = dec(opening.qty);
    let value = dec(opening.value);
    let inQty = dec(0);
    let outQty = dec(0);
    const entries = rows.map((r) => {
      const delta = dec(r.delta);
      qty = qty.plus(delta);
      value = value.plus(r.amount);
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
        unitCost: dec(r.unit_cost).toString(),
        amount: dec(r.amount).toString(),
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
    const items = (await this.repo.valuation(ctx, q)).map(toValuationRow);
    return { items, totalValue: items.reduce((s, r) => s.plus(r.value), dec(0)).toString() };
  }

  async exportValuation(ctx: RequestContext, q: ValuationQueryDto): Promise<StreamableFile> {
    // streamed from a cursor like every report export (the answer starts after the first 2,000 rows)
    const rows = await this.repo.valuationChunks(ctx, q, toValuationRow);
    return xlsxFile(
      'valuation.xlsx',
      '库存金额 Valuation',
      [
        { header: '仓库编码', value: (r) => r.warehouseCode },
        { header: '仓库名称', value: (r) => r.warehouseName, width: 24 },
        { header: '类别编码', value: (r) => r.categoryCode },
        { header: '类别名称', value: (r) => r.categoryName ?? '未分类', width: 20 },
        { header: '商品数', value: (r) => r.products },
        { header: '数量', value: (r) => Number(r.qty) },
        { header: '库存金额', value: (r) => Number(r.value) },
      ],
      rows,
    );
  }
}

function toStockRow(r: StockSqlRow): StockRow {
  const d = (v: string | null) => (v === null || v === undefined ? null : dec(v).toString());
  return {
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    warehouseName: r.warehouse_name,
    orgUnitId: r.org_unit_id,
    productId: r.product_id,
    productCode: r.product_code,
    productName: r.product_name,
    categoryId: r.category_id,
    batchNo: r.batch_no,
    expiryDate: r.expiry_date,
    qty: dec(r.qty).toString(),
    avgCost: dec(r.avg_cost).toString(),
    value: dec(r.value).toString(),
    minQty: d(r.min_qty),
    maxQty: d(r.max_qty),
  };
}

function toValuationRow(r: ValuationSqlRow) {
  return {
    warehouseId: r.warehouse_id,
    warehouseCode: r.warehouse_code,
    warehouseName: r.warehouse_name,
    categoryId: r.category_id,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    products: r.products,
    qty: dec(r.qty).toString(),
    value: dec(r.value).toString(),
  };
}
