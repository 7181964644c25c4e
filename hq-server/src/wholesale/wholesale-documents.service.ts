import { Injectable, StreamableFile } from '@nestjs/common';
import { htmlDocument, OutputColumn, RequestContext, xlsxFile } from '@chain-erp/shared';
import { DOC_STATUS_ZH, WholesaleDeliveryService } from './wholesale-delivery.service';
import { ORDER_STATUS_ZH, WholesaleOrderService } from './wholesale-order.service';
import { WholesaleReturnService } from './wholesale-return.service';

const PRODUCT_COLUMNS: OutputColumn[] = [
  { key: 'lineNo', zh: '行号', kind: 'int' },
  { key: 'productCode', zh: '商品编码' },
  { key: 'productName', zh: '商品名称' },
  { key: 'specification', zh: '规格' },
  { key: 'unitName', zh: '单位' },
  { key: 'quantity', zh: '数量', kind: 'decimal' },
  { key: 'unitPrice', zh: '含税单价', kind: 'decimal' },
  { key: 'taxRate', zh: '税率%', kind: 'decimal' },
  { key: 'amount', zh: '金额', kind: 'decimal' },
  { key: 'taxAmount', zh: '税额', kind: 'decimal' },
];

const PRICE_SOURCE_ZH: Record<string, string> = { contract: '协议价', wholesale: '批发价', member: '会员价', retail: '零售价', manual: '手工价' };

/** 批发订单 / 批发出库单(送货单) / 批发退货单 as printable HTML or Excel to hand to the customer. */
@Injectable()
export class WholesaleDocumentsService {
  constructor(
    private readonly orders: WholesaleOrderService,
    private readonly deliveries: WholesaleDeliveryService,
    private readonly returns: WholesaleReturnService,
  ) {}

  async order(ctx: RequestContext, id: string, format: 'xlsx' | 'html' = 'html'): Promise<StreamableFile> {
    const o = await this.orders.get(ctx, id);
    const info: Array<[string, unknown]> = [
      ['订单号', o.number],
      ['状态', ORDER_STATUS_ZH[o.status]],
      ['订单日期', o.orderDate],
      ['客户', `${o.customer.code} ${o.customer.name}`],
      ['联系人/电话', [o.customer.contact, o.customer.phone].filter(Boolean).join(' ')],
      ['地址', o.customer.address ?? ''],
      ['发货仓库', o.warehouse?.name ?? ''],
      ['交货日期', o.expectedDate ?? ''],
      ['备注', o.remark ?? ''],
    ];
    const lines = o.lines.map((l) => ({ ...l, priceSourceZh: PRICE_SOURCE_ZH[l.priceSource as string] ?? l.priceSource }));
    const columns = [...PRODUCT_COLUMNS, { key: 'priceSourceZh', zh: '价格来源' }, { key: 'deliveredQty', zh: '已出库', kind: 'decimal' as const }];
    const totals: Array<[string, unknown]> = [
      ['数量合计', o.totalQty],
      ['金额合计(含税)', o.totalAmount],
      ['税额', o.totalTax],
    ];
    if (format === 'html') return htmlDocument('批发订单', info, columns, lines, totals, ['制单', '审核', '客户确认']);
    return xlsxFile(`批发订单-${o.number}.xlsx`, `批发订单 ${o.number}`, columns, lines, [...info, ...totals]);
  }

  /** 送货单: what the driver hands over and the customer signs for. */
  async delivery(ctx: RequestContext, id: string, format: 'xlsx' | 'html' = 'html'): Promise<StreamableFile> {
    const d = await this.deliveries.get(ctx, id);
    const info: Array<[string, unknown]> = [
      ['出库单号', d.number],
      ['状态', DOC_STATUS_ZH[d.status]],
      ['出库日期', d.businessDate],
      ['订单号', d.order?.number ?? ''],
      ['客户', `${d.customer.code} ${d.customer.name}`],
      ['联系人/电话', [d.customer.contact, d.customer.phone].filter(Boolean).join(' ')],
      ['送货地址', d.customer.address ?? ''],
      ['发货仓库', d.warehouse?.name ?? ''],
      ['付款到期日', d.dueDate ?? ''],
    ];
    const columns = [...PRODUCT_COLUMNS, { key: 'batchList', zh: '批号' }];
    const totals: Array<[string, unknown]> = [
      ['数量合计', d.totalQty],
      ['金额合计(含税)', d.totalAmount],
      ['税额', d.totalTax],
    ];
    if (format === 'html') return htmlDocument('批发出库单（送货单）', info, columns, d.lines, totals, ['发货人', '送货人', '客户签收']);
    return xlsxFile(`批发出库单-${d.number}.xlsx`, `批发出库单 ${d.number}`, columns, d.lines, [...info, ...totals]);
  }

  async return(ctx: RequestContext, id: string, format: 'xlsx' | 'html' = 'html'): Promise<StreamableFile> {
    const r = await this.returns.get(ctx, id);
    const info: Array<[string, unknown]> = [
      ['退货单号', r.number],
      ['状态', DOC_STATUS_ZH[r.status]],
      ['退货日期', r.businessDate],
      ['原出库单', r.delivery?.number ?? ''],
      ['客户', `${r.customer.code} ${r.customer.name}`],
      ['退货原因', r.reason],
    ];
    const totals: Array<[string, unknown]> = [
      ['数量合计', r.totalQty],
      ['红字金额(含税)', r.totalAmount],
      ['税额', r.totalTax],
    ];
    if (format === 'html') return htmlDocument('批发退货单', info, PRODUCT_COLUMNS, r.lines, totals, ['经办', '仓库验收', '客户确认']);
    return xlsxFile(`批发退货单-${r.number}.xlsx`, `批发退货单 ${r.number}`, PRODUCT_COLUMNS, r.lines, [...info, ...totals]);
  }
}
