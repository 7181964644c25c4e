import { Injectable } from '@nestjs/common';
import { dec } from '../common/money';
import { RequestContext } from '../common/request-context';
import { localToday } from '../inventory/inventory.util';
import { StockQueryService } from '../inventory/stock-query.service';
import { answer, checkDate, ReportColumn, Row } from './report-output';
import { ReportRepository } from './report.repository';
import { DAYS_OF_COVER_SORT, movementSql, SLOW_MOVER_SORT } from './stock-reports.repository';
import { SlowMoversQueryDto, StockMovementQueryDto, WarehouseSummaryQueryDto } from './reports.dto';
import { defineSort, sortRows, type SortSpec } from '../common/pagination';
import type { StockMovementRow, StockMovementTotals, WarehouseStockRow, WarehouseStockTotals } from './reports.responses';

const WAREHOUSE_COLUMNS: ReportColumn[] = [
  { key: 'warehouseCode', zh: '仓库编码', en: 'warehouse code' },
  { key: 'warehouseName', zh: '仓库名称', en: 'warehouse' },
  { key: 'products', zh: '商品数', en: 'products', kind: 'int' },
  { key: 'qty', zh: '库存数量', en: 'quantity on hand', kind: 'qty' },
  { key: 'value', zh: '库存金额', en: 'stock value', kind: 'money' },
];

/** sorted in memory: the keys are the rows' fields */
export const WAREHOUSE_SUMMARY_SORT = defineSort(
  { warehouseCode: 'warehouseCode', warehouseName: 'warehouseName', products: 'products', qty: 'qty', value: 'value' },
  'warehouseCode',
);

const MOVEMENT_COLUMNS: ReportColumn[] = [
  { key: 'warehouseCode', zh: '仓库编码', en: 'warehouse code' },
  { key: 'productCode', zh: '商品编码', en: 'product code' },
  { key: 'productName', zh: '商品名称', en: 'product name' },
  { key: 'onHand', zh: '库存数量', en: 'on hand', kind: 'qty' },
  { key: 'value', zh: '库存金额', en: 'stock value', kind: 'money' },
  { key: 'sold', zh: '期间净销量', en: 'net sold in window', kind: 'qty' },
  { key: 'avgDailySold', zh: '日均销量', en: 'average daily sales', kind: 'qty' },
  { key: 'daysOfCover', zh: '可售天数', en: 'days of cover', kind: 'qty' },
  { key: 'lastSold', zh: '最近销售日', en: 'last sold (in window)' },
];

export { DAYS_OF_COVER_SORT, SLOW_MOVER_SORT } from './stock-reports.repository';

/**
 * 库存报表: stock value per warehouse (a roll-up of inventory's valuation, not a second copy of it),
 * slow movers and days of cover (stock ÷ average daily net sales over the last N days). Stock is
 * this server's: a store's own warehouses, or HQ's (store stock lives in the store databases).
 */
@Injectable()
export class StockReportsService {
  constructor(
    private readonly stock: StockQueryService,
    private readonly reports: ReportRepository,
  ) {}

  /** 库存金额汇总 per warehouse: inventory's valuation (warehouse × category) summed per warehouse. */
  async warehouses(ctx: RequestContext, q: WarehouseSummaryQueryDto) {
    const { items } = await this.stock.valuation(ctx, { storeId: q.storeId, warehouseId: q.warehouseId });
    const byWarehouse = new Map<string, Row & { products: number; qty: string; value: string }>();
    for (const r of items) {
      const w = byWarehouse.get(r.warehouseId) ?? {
        warehouseId: r.warehouseId,
        warehouseCode: r.warehouseCode,
        warehouseName: r.warehouseName,
        products: 0,
        qty: '0',
        value: '0',
      };
      w.products += r.products;
      w.qty = dec(w.qty).plus(r.qty).toString();
      w.value = dec(w.value).plus(r.value).toString();
      byWarehouse.set(r.warehouseId, w);
    }
    const rows = sortRows([...byWarehouse.values()], q.sort, WAREHOUSE_SUMMARY_SORT);
    const totals = {
      products: rows.reduce((s, r) => s + r.products, 0),
      qty: rows.reduce((s, r) => s.plus(r.qty), dec(0)).toString(),
      value: rows.reduce((s, r) => s.plus(r.value), dec(0)).toString(),
    };
    const size = q.pageSize ?? 50;
    const page = q.format === 'xlsx' ? rows : rows.slice(((q.page ?? 1) - 1) * size, (q.page ?? 1) * size);
    return answer<WarehouseStockRow, WarehouseStockTotals>(q, { title: '库存金额汇总 stock by warehouse', columns: WAREHOUSE_COLUMNS, items: page, total: rows.length, totals });
  }

  /** 滞销商品: products in stock whose net sales over the window are at most `maxSold` (default: none). */
  slowMovers(ctx: RequestContext, q: SlowMoversQueryDto) {
    return this.movement(ctx, q, q.maxSold ?? 0, SLOW_MOVER_SORT, '滞销商品 slow movers');
  }

  /** 库存可售天数: on hand ÷ average daily net sales; null where nothing sold (no demand to cover). */
  daysOfCover(ctx: RequestContext, q: StockMovementQueryDto) {
    return this.movement(ctx, q, null, DAYS_OF_COVER_SORT, '库存可售天数 days of cover');
  }

  private async movement(ctx: RequestContext, q: StockMovementQueryDto, maxSold: number | null, sort: SortSpec, title: string) {
    const to = q.asOf ? checkDate(q.asOf, 'asOf') : localToday();
    const r = movementSql(ctx, q, to, maxSold, sort);
    if (q.format === 'xlsx') return this.reports.export(title, MOVEMENT_COLUMNS, r);
    const page = await this.reports.page(ctx, r);
    return answer<StockMovementRow, StockMovementTotals>(q, { title, columns: MOVEMENT_COLUMNS, items: page.items, total: page.n, totals: page.totals });
  }
}
