import { Injectable, StreamableFile } from '@nestjs/common';
import { applySort, defineSort, type SortSpec, localToday, Page, RequestContext, scopeQuery, TransactionalConnection } from '@chain-erp/shared';
import { SelectQueryBuilder } from 'typeorm';
import { PurchasesReportQueryDto, ReportQueryDto } from './purchasing.dto';
import { OutputColumn, qtyText, queryChunks, xlsxFile } from '@chain-erp/shared';
import { type OpenOrderLineRow, type PurchasesReportRow, type ReceiptVarianceRow, type SupplierPriceHistoryRow } from './purchasing-reports.responses';

/** Every posted purchase line, returns negative: the one fact table of the purchase reports. */
export const PURCHASE_FACTS = `(
  SELECT r.org_unit_id, r.supplier_id, r.warehouse_id, r.business_date, r.late_entry, l.product_id,
         l.quantity AS qty, l.amount, l.tax_amount, 0::numeric AS ret_qty, 0::numeric AS ret_amount
  FROM goods_receipt_line l JOIN goods_receipt r ON r.id = l.receipt_id WHERE r.status = 'posted'
  UNION ALL
  SELECT r.org_unit_id, r.supplier_id, r.warehouse_id, r.business_date, r.late_entry, l.product_id,
         0, -l.amount, -l.tax_amount, l.quantity, l.amount
  FROM purchase_return_line l JOIN purchase_return r ON r.id = l.return_id WHERE r.status = 'posted'
)`;

const GROUPS = {
  supplier: { key: 'f.supplier_id', code: 's.code', name: 's.name' },
  product: { key: 'f.product_id', code: 'p.code', name: 'p.name' },
  category: { key: 'p.category_id', code: "coalesce(c.code, '-')", name: "coalesce(c.name, '未分类')" },
  month: { key: "to_char(f.business_date, 'YYYY-MM')", code: "to_char(f.business_date, 'YYYY-MM')", name: "to_char(f.business_date, 'YYYY-MM')" },
  day: { key: "to_char(f.business_date, 'YYYY-MM-DD')", code: "to_char(f.business_date, 'YYYY-MM-DD')", name: "to_char(f.business_date, 'YYYY-MM-DD')" },
} as const;

// the measures are selected as text: sorted by their numbers (an output name cannot be cast in ORDER BY)
export const PURCHASES_SORT = defineSort({ code: 'code', name: 'name', netAmount: 'sum(f.amount)', netQty: 'sum(f.qty) - sum(f.ret_qty)' }, '-netAmount');
/** by month or day: in time order */
export const PURCHASES_BY_PERIOD_SORT = defineSort(PURCHASES_SORT.columns, 'code');
export const OPEN_LINES_SORT = defineSort({ expectedDate: 'po.expected_date', orderNumber: 'po.number', supplierName: 's.name' }, 'expectedDate,orderNumber');
export const RECEIPT_VARIANCE_SORT = defineSort({ orderNumber: 'po.number', orderDate: 'po.order_date', varianceQty: 'l.received_qty - l.quantity' }, '-orderDate,orderNumber');
export const PRICE_HISTORY_SORT = defineSort({ date: 'h.business_date', productCode: 'p.code', supplierName: 's.name' }, '-date,productCode');

type Row = Record<string, unknown>;
/** A page of typed rows (purchasing-reports.responses.ts), or the spreadsheet. */
export type ReportAnswer<T> = Page<T> | StreamableFile;

/**
 * 采购报表, scoped like every list (a store user sees only its own store's documents): purchases
 * by supplier / product / category / period, open order lines and expected arrivals, receipt
 * variances against orders, supplier price history. `format=xlsx` downloads every row.
 */
@Injectable()
export class PurchasingReportsService {
  constructor(private readonly connection: TransactionalConnection) {}

  async purchases(ctx: RequestContext, q: PurchasesReportQueryDto): Promise<ReportAnswer<PurchasesReportRow>> {
    const g = GROUPS[q.groupBy];
    const qb = this.qb(ctx)
      .from(PURCHASE_FACTS, 'f')
      .leftJoin('supplier', 's', 's.id = f.supplier_id')
      .leftJoin('product', 'p', 'p.id = f.product_id')
      .leftJoin('category', 'c', 'c.id = p.category_id')
      .select(`${g.code}`, 'code')
      .addSelect(`${g.name}`, 'name')
      .addSelect(qtyText('sum(f.qty)'), 'receivedQty')
      .addSelect(qtyText('sum(f.ret_qty)'), 'returnedQty')
      .addSelect(qtyText('sum(f.ret_amount)'), 'returnedAmount')
      .addSelect(qtyText('(sum(f.qty) - sum(f.ret_qty))'), 'netQty')
      .addSelect(qtyText('sum(f.amount)'), 'netAmount')
      .addSelect(qtyText('sum(f.tax_amount)'), 'netTax')
      .addSelect(qtyText('sum(CASE WHEN f.late_entry THEN f.amount ELSE 0 END)'), 'lateEntryAmount')
      .groupBy(`${g.key}`)
      .addGroupBy(g.code)
      .addGroupBy(g.name);
    scopeQuery(ctx, qb, 'f.org_unit_id', q.orgUnitId);
    this.filters(qb, q, 'f.business_date', { supplier: 'f.supplier_id', product: 'f.product_id', warehouse: 'f.warehouse_id' });
    const columns: OutputColumn[] = [
      { key: 'code', zh: q.groupBy === 'supplier' ? '供应商编码' : q.groupBy === 'product' ? '商品编码' : q.groupBy === 'category' ? '类别编码' : '期间' },
      { key: 'name', zh: q.groupBy === 'supplier' ? '供应商' : q.groupBy === 'product' ? '商品' : q.groupBy === 'category' ? '类别' : '期间' },
      { key: 'receivedQty', zh: '收货数量', kind: 'decimal' },
      { key: 'returnedQty', zh: '退货数量', kind: 'decimal' },
      { key: 'returnedAmount', zh: '退货金额', kind: 'decimal' },
      { key: 'netQty', zh: '净采购数量', kind: 'decimal' },
      { key: 'netAmount', zh: '净采购金额(含税)', kind: 'decimal' },
      { key: 'netTax', zh: '税额', kind: 'decimal' },
      { key: 'lateEntryAmount', zh: '其中补录金额', kind: 'decimal' },
    ];
    const sort = q.groupBy === 'month' || q.groupBy === 'day' ? PURCHASES_BY_PERIOD_SORT : PURCHASES_SORT;
    return this.answer<PurchasesReportRow>(qb, q, sort, columns, `采购汇总-${q.groupBy}`);
  }

  /** 未到货订单明细: approved orders' lines with something outstanding, with expected dates and overdue flags. */
  async openLines(ctx: RequestContext, q: ReportQueryDto): Promise<ReportAnswer<OpenOrderLineRow>> {
    const qb = this.qb(ctx)
      .from('purchase_order_line', 'l')
      .innerJoin('purchase_order', 'po', 'po.id = l.order_id')
      .innerJoin('supplier', 's', 's.id = po.supplier_id')
      .innerJoin('product', 'p', 'p.id = l.product_id')
      .select('po.number', 'orderNumber')
      .addSelect("to_char(po.order_date, 'YYYY-MM-DD')", 'orderDate')
      .addSelect("to_char(po.expected_date, 'YYYY-MM-DD')", 'expectedDate')
      .addSelect('po.status', 'status')
      .addSelect('po.late_entry', 'lateEntry')
      .addSelect('s.name', 'supplierName')
      .addSelect('p.code', 'productCode')
      .addSelect('p.name', 'productName')
      .addSelect(qtyText('l.quantity'), 'orderedQty')
      .addSelect(qtyText('l.received_qty'), 'receivedQty')
      .addSelect(qtyText('l.quantity - l.received_qty'), 'outstandingQty')
      .addSelect(qtyText('round((l.quantity - l.received_qty) * l.unit_price, 2)'), 'outstandingAmount')
      .addSelect('(po.expected_date IS NOT NULL AND po.expected_date < :today)', 'overdue')
      .where("po.status IN ('approved', 'partially_received')")
      .andWhere('l.quantity > l.received_qty')
      .setParameter('today', localToday());
    scopeQuery(ctx, qb, 'po.org_unit_id', q.orgUnitId);
    this.filters(qb, q, 'coalesce(po.expected_date, po.order_date)', { supplier: 'po.supplier_id', product: 'l.product_id', warehouse: 'po.warehouse_id' });
    const columns: OutputColumn[] = [
      { key: 'orderNumber', zh: '订单号' },
      { key: 'orderDate', zh: '订单日期' },
      { key: 'expectedDate', zh: '预计到货' },
      { key: 'overdue', zh: '已逾期', kind: 'bool' },
      { key: 'supplierName', zh: '供应商' },
      { key: 'productCode', zh: '商品编码' },
      { key: 'productName', zh: '商品名称' },
      { key: 'orderedQty', zh: '订货数量', kind: 'decimal' },
      { key: 'receivedQty', zh: '已收数量', kind: 'decimal' },
      { key: 'outstandingQty', zh: '未到数量', kind: 'decimal' },
      { key: 'outstandingAmount', zh: '未到金额', kind: 'decimal' },
      { key: 'lateEntry', zh: '补录', kind: 'bool' },
    ];
    return this.answer<OpenOrderLineRow>(qb, q, OPEN_LINES_SORT, columns, '未到货订单');
  }

  /** 收货差异: per order line that has receipts, ordered vs received (short or over) and the close reason. */
  async receiptVariances(ctx: RequestContext, q: ReportQueryDto): Promise<ReportAnswer<ReceiptVarianceRow>> {
    const qb = this.qb(ctx)
      .from('purchase_order_line', 'l')
      .innerJoin('purchase_order', 'po', 'po.id = l.order_id')
      .innerJoin('supplier', 's', 's.id = po.supplier_id')
      .innerJoin('product', 'p', 'p.id = l.product_id')
      .select('po.number', 'orderNumber')
      .addSelect("to_char(po.order_date, 'YYYY-MM-DD')", 'orderDate')
      .addSelect('po.status', 'status')
      .addSelect('po.close_reason', 'closeReason')
      .addSelect('po.late_entry', 'lateEntry')
      .addSelect('s.name', 'supplierName')
      .addSelect('p.code', 'productCode')
      .addSelect('p.name', 'productName')
      .addSelect(qtyText('l.quantity'), 'orderedQty')
      .addSelect(qtyText('l.received_qty'), 'receivedQty')
      .addSelect(qtyText('l.received_qty - l.quantity'), 'varianceQty')
      .addSelect(qtyText('round((l.received_qty - l.quantity) * 100 / l.quantity, 2)'), 'variancePercent')
      .addSelect("CASE WHEN l.received_qty < l.quantity THEN 'short' WHEN l.received_qty > l.quantity THEN 'over' ELSE 'exact' END", 'variance')
      .where("po.status IN ('partially_received', 'received', 'closed')")
      .andWhere("EXISTS (SELECT 1 FROM goods_receipt_line gl JOIN goods_receipt gr ON gr.id = gl.receipt_id WHERE gl.order_line_id = l.id AND gr.status = 'posted')");
    scopeQuery(ctx, qb, 'po.org_unit_id', q.orgUnitId);
    this.filters(qb, q, 'po.order_date', { supplier: 'po.supplier_id', product: 'l.product_id', warehouse: 'po.warehouse_id' });
    const columns: OutputColumn[] = [
      { key: 'orderNumber', zh: '订单号' },
      { key: 'orderDate', zh: '订单日期' },
      { key: 'status', zh: '订单状态' },
      { key: 'supplierName', zh: '供应商' },
      { key: 'productCode', zh: '商品编码' },
      { key: 'productName', zh: '商品名称' },
      { key: 'orderedQty', zh: '订货数量', kind: 'decimal' },
      { key: 'receivedQty', zh: '实收数量', kind: 'decimal' },
      { key: 'varianceQty', zh: '差异数量', kind: 'decimal' },
      { key: 'variancePercent', zh: '差异%', kind: 'decimal' },
      { key: 'variance', zh: '差异类型 short/over/exact' },
      { key: 'closeReason', zh: '结案原因' },
      { key: 'lateEntry', zh: '补录', kind: 'bool' },
    ];
    return this.answer<ReceiptVarianceRow>(qb, q, RECEIPT_VARIANCE_SORT, columns, '收货差异');
  }

  /** 供应商价格历史: every posted receipt price, with the change against the previous one of the same supplier and product. */
  async priceHistory(ctx: RequestContext, q: ReportQueryDto): Promise<ReportAnswer<SupplierPriceHistoryRow>> {
    const inner = `(SELECT r.org_unit_id, r.supplier_id, r.warehouse_id, r.business_date, r.number, r.late_entry, r.posted_at, l.product_id, l.unit_price, l.quantity,
                           lag(l.unit_price) OVER (PARTITION BY r.supplier_id, l.product_id ORDER BY r.business_date, r.posted_at, l.line_no) AS previous_price
                    FROM goods_receipt_line l JOIN goods_receipt r ON r.id = l.receipt_id WHERE r.status = 'posted' AND r.kind = 'receipt')`;
    const qb = this.qb(ctx)
      .from(inner, 'h')
      .innerJoin('supplier', 's', 's.id = h.supplier_id')
      .innerJoin('product', 'p', 'p.id = h.product_id')
      .select("to_char(h.business_date, 'YYYY-MM-DD')", 'date')
      .addSelect('h.number', 'receiptNumber')
      .addSelect('s.name', 'supplierName')
      .addSelect('p.code', 'productCode')
      .addSelect('p.name', 'productName')
      .addSelect(qtyText('h.quantity'), 'quantity')
      .addSelect(qtyText('h.unit_price'), 'unitPrice')
      .addSelect(qtyText('h.previous_price'), 'previousPrice')
      .addSelect(qtyText('h.unit_price - h.previous_price'), 'change')
      .addSelect('h.late_entry', 'lateEntry');
    scopeQuery(ctx, qb, 'h.org_unit_id', q.orgUnitId);
    this.filters(qb, q, 'h.business_date', { supplier: 'h.supplier_id', product: 'h.product_id', warehouse: 'h.warehouse_id' });
    const columns: OutputColumn[] = [
      { key: 'date', zh: '收货日期' },
      { key: 'receiptNumber', zh: '验收单号' },
      { key: 'supplierName', zh: '供应商' },
      { key: 'productCode', zh: '商品编码' },
      { key: 'productName', zh: '商品名称' },
      { key: 'quantity', zh: '数量', kind: 'decimal' },
      { key: 'unitPrice', zh: '含税单价', kind: 'decimal' },
      { key: 'previousPrice', zh: '上次单价', kind: 'decimal' },
      { key: 'change', zh: '变动', kind: 'decimal' },
      { key: 'lateEntry', zh: '补录', kind: 'bool' },
    ];
    return this.answer<SupplierPriceHistoryRow>(qb, q, PRICE_HISTORY_SORT, columns, '供应商价格历史');
  }

  private qb(ctx: RequestContext): SelectQueryBuilder<Row> {
    return this.connection.manager(ctx).createQueryBuilder();
  }

  private filters(qb: SelectQueryBuilder<Row>, q: ReportQueryDto, dateColumn: string, cols: { supplier: string; product: string; warehouse: string }): void {
    if (q.from) qb.andWhere(`${dateColumn} >= :from`, { from: q.from });
    if (q.to) qb.andWhere(`${dateColumn} <= :to`, { to: q.to });
    if (q.supplierId) qb.andWhere(`${cols.supplier} = :supplierId`, { supplierId: q.supplierId });
    if (q.productId) qb.andWhere(`${cols.product} = :productId`, { productId: q.productId });
    if (q.warehouseId) qb.andWhere(`${cols.warehouse} = :warehouseId`, { warehouseId: q.warehouseId });
  }

  /** One page as JSON, or every row as an Excel download; the select shows decimals as sent ("12.5", never "12.500"). */
  private async answer<T>(qb: SelectQueryBuilder<Row>, q: ReportQueryDto, sort: SortSpec, columns: OutputColumn[], title: string): Promise<ReportAnswer<T>> {
    applySort(qb, q.sort, sort);
    if (q.format === 'xlsx') {
      // streamed from a cursor, 2,000 rows at a time: the answer starts after the first ones
      const [sql, params] = qb.limit(100_000).getQueryAndParameters();
      return xlsxFile(`${title}-${localToday()}.xlsx`, title, columns, await queryChunks<Row>(this.connection.dataSource, sql, params));
    }
    const total = Number((await qb.createQueryBuilder().select('count(*)', 'n').from(`(${qb.getQuery()})`, 'x').setParameters(qb.getParameters()).getRawOne())?.n ?? 0);
    const pageSize = q.pageSize ?? 50;
    const items = await qb
      .offset(((q.page ?? 1) - 1) * pageSize)
      .limit(pageSize)
      .getRawMany();
    // raw rows of the select above: their keys are the row class's (as queryRows<T> reads them)
    return { items: items as unknown as T[], total };
  }
}
