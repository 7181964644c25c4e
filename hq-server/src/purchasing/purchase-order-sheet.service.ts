import { Injectable, StreamableFile } from '@nestjs/common';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  DomainException,
  ExcelError,
  FieldError,
  isEmptyRow,
  isHeaderRow,
  locateHeader,
  parseRow,
  readSheetRows,
  RequestContext,
  RowError,
  SheetSchema,
  sniffSheet,
  withFirst,
  writeTemplate,
  XLSX_MIME,
} from '@chain-erp/shared';
import { PurchaseOrder } from './purchase-order.entity';
import { PURCHASE_ORDER_FLOW, PurchaseOrderService } from './purchase-order.service';
import { PurchaseOrderLineDto } from './purchasing.dto';
import { PurchasingError } from './purchasing.errors';
import { PurchasingRepository } from './purchasing.repository';
import { attachment, htmlDocument, OutputColumn, xlsxFile } from '@chain-erp/shared';

/** The sheet of PO lines (采购订单明细), read with the same machinery as base-data imports. */
export const PO_LINE_SHEET: SheetSchema = {
  name: 'purchase_order_lines',
  zhName: '采购订单明细',
  columns: [
    { key: 'productCode', zh: '商品编码', kind: 'code', required: true, maxLength: 32, example: 'P0001' },
    { key: 'quantity', zh: '数量', kind: 'decimal', required: true, min: 0.001, max: 999999999, scale: 3, example: '24' },
    {
      key: 'unitPrice',
      zh: '含税单价',
      kind: 'decimal',
      min: 0,
      max: 999999999,
      scale: 4,
      note: "empty → the supplier's last price, else the product's purchase price / 留空取上次进价或商品进价",
      example: '11.30',
    },
    { key: 'taxRate', zh: '税率%', kind: 'decimal', min: 0, max: 100, scale: 2, note: "empty → the product's tax rate / 留空取商品税率", example: '13' },
    { key: 'note', zh: '备注', kind: 'text', maxLength: 200 },
  ],
};

const MAX_ROWS = 5000;

const STATUS_ZH: Record<string, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已审核',
  partially_received: '部分到货',
  received: '已到货',
  closed: '已结案',
  cancelled: '已作废',
};

const LINE_COLUMNS: OutputColumn[] = [
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
  { key: 'receivedQty', zh: '已收数量', kind: 'decimal' },
  { key: 'note', zh: '备注' },
];

export interface UploadedSheet {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Excel import of order lines, the import template, and the order as Excel or printable HTML. */
@Injectable()
export class PurchaseOrderSheetService {
  constructor(
    private readonly orders: PurchaseOrderService,
    private readonly sql: PurchasingRepository,
  ) {}

  async template(): Promise<StreamableFile> {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((ok) => stream.on('end', ok));
    await writeTemplate(PO_LINE_SHEET, stream);
    await ended;
    return new StreamableFile(Buffer.concat(chunks), { type: XLSX_MIME, disposition: attachment('采购订单明细模板.xlsx') });
  }

  /**
   * Appends the sheet's lines to a draft order, all or none: any bad row → 400 with every row's
   * errors (row number as the clerk sees it, column, message), nothing written.
   */
  async importLines(ctx: RequestContext, id: string, file: UploadedSheet | undefined): Promise<PurchaseOrder> {
    const order = await this.orders.get(ctx, id);
    PURCHASE_ORDER_FLOW.assertEditable(order.status, ['draft']);
    if (!file?.buffer?.length) throw new DomainException(ExcelError.IMPORT_FILE_REQUIRED, 'choose a file / 请选择文件', [{ field: 'file', message: 'required' }]);
    const dir = await mkdtemp(join(tmpdir(), 'po-import-'));
    try {
      const path = join(dir, 'upload');
      await writeFile(path, file.buffer);
      const src = await sniffSheet(path, file.originalname ?? 'upload.xlsx');
      const errors: RowError[] = [];
      const parsed: Array<{ row: number; values: Record<string, unknown> }> = [];
      const rows = readSheetRows(src);
      try {
        // the header may sit under a title row (采购订单明细 2026-12), as in base-data imports
        const { header, first } = await locateHeader(PO_LINE_SHEET, rows);
        for await (const { row, cells } of withFirst(first, rows)) {
          if (isEmptyRow(cells) || isHeaderRow(PO_LINE_SHEET, header.map, cells)) continue;
          if (parsed.length >= MAX_ROWS)
            throw new DomainException(ExcelError.IMPORT_TOO_MANY_ROWS, `at most ${MAX_ROWS} lines / 最多 ${MAX_ROWS} 行`, [{ field: 'file', message: 'too many rows' }]);
          const r = parseRow(header.map, cells, row);
          errors.push(...r.errors);
          parsed.push({ row, values: r.values });
        }
      } finally {
        await rows.return(undefined);
      }
      const codes = [...new Set(parsed.map((p) => p.values.productCode).filter((c): c is string => typeof c === 'string'))];
      const products = await this.sql.productsByCode(ctx, codes);
      const byCode = new Map(products.map((p) => [p.code, p.id]));
      const seen = new Map<string, number>();
      const lines: PurchaseOrderLineDto[] = [];
      for (const p of parsed) {
        const code = p.values.productCode as string | null;
        if (!code) continue;
        const productId = byCode.get(code);
        if (!productId) errors.push({ row: p.row, column: 'productCode', code: 'UNKNOWN_REFERENCE', message: `商品编码 / productCode: ${code} not found / 商品不存在` });
        else if (seen.has(code)) errors.push({ row: p.row, column: 'productCode', code: 'DUPLICATE_IN_FILE', message: `${code} also on row ${seen.get(code)} / 商品重复` });
        else {
          seen.set(code, p.row);
          lines.push({
            productId,
            quantity: p.values.quantity as string,
            ...(p.values.unitPrice !== null && p.values.unitPrice !== undefined ? { unitPrice: p.values.unitPrice as string } : {}),
            ...(p.values.taxRate !== null && p.values.taxRate !== undefined ? { taxRate: p.values.taxRate as string } : {}),
            ...(p.values.note ? { note: p.values.note as string } : {}),
          });
        }
      }
      if (errors.length) {
        errors.sort((a, b) => a.row - b.row);
        const fields: FieldError[] = errors.slice(0, 200).map((e) => ({ field: e.column, row: e.row, message: e.message }));
        throw new DomainException(
          PurchasingError.PURCHASE_IMPORT_INVALID,
          `${errors.length} problem(s) in the sheet, nothing imported / 表格有 ${errors.length} 处错误，未导入`,
          fields,
          { errors: errors.slice(0, 1000) },
        );
      }
      if (!lines.length) throw new DomainException(ExcelError.IMPORT_FILE_EMPTY, 'the sheet has no lines / 表格没有明细', [{ field: 'file', message: 'no data rows' }]);
      return await this.orders.appendLines(ctx, id, lines);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The order as a document: Excel (lines + header sheet) or printable HTML (采购订单). */
  async document(ctx: RequestContext, id: string, format: 'xlsx' | 'html' = 'xlsx'): Promise<StreamableFile> {
    const o = (await this.orders.get(ctx, id)) as PurchaseOrder & {
      supplier?: { code: string; name: string; contact?: string; phone?: string };
      warehouse?: { name: string };
      lines: Array<Record<string, unknown>>;
    };
    const info: Array<[string, unknown]> = [
      ['订单号', o.number],
      ['状态', STATUS_ZH[o.status] ?? o.status],
      ['订单日期', o.orderDate],
      ['供应商', o.supplier ? `${o.supplier.code} ${o.supplier.name}` : o.supplierId],
      ['联系人/电话', [o.supplier?.contact, o.supplier?.phone].filter(Boolean).join(' ')],
      ['收货仓库', o.warehouse?.name ?? o.warehouseId],
      ['预计到货', o.expectedDate ?? ''],
      ['遗失补录', o.lateEntry ? `是：${o.lateReason ?? ''}` : ''],
      ['备注', o.remark ?? ''],
    ];
    const totals: Array<[string, unknown]> = [
      ['数量合计', o.totalQty],
      ['金额合计(含税)', o.totalAmount],
      ['税额', o.totalTax],
    ];
    if (format === 'html') return htmlDocument('采购订单', info, LINE_COLUMNS, o.lines, totals, ['制单', '审核', '供应商确认']);
    return xlsxFile(`采购订单-${o.number}.xlsx`, `采购订单 ${o.number}`, LINE_COLUMNS, o.lines, [...info, ...totals]);
  }
}
