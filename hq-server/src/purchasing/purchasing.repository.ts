import { Injectable } from '@nestjs/common';
import { qtyText, queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import { type ProductLookupRow, productLookupSql } from '../catalog/product-lookup';

const SQL = sqlStatements(
  'purchasing.documents',
  {
    orderLines: `SELECT l.id, l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName", p.specification, u.name AS "unitName",
              p.batch_managed AS "batchManaged", ${qtyText('l.quantity')} AS quantity, ${qtyText('l.unit_price')} AS "unitPrice", ${qtyText('l.tax_rate')} AS "taxRate",
              ${qtyText('l.amount')} AS amount, ${qtyText('l.tax_amount')} AS "taxAmount", ${qtyText('l.received_qty')} AS "receivedQty",
              ${qtyText('greatest(l.quantity - l.received_qty, 0)')} AS "outstandingQty", l.note
       FROM purchase_order_line l JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id
       WHERE l.order_id = $1 ORDER BY l.line_no`,
    orderHasReceipts: `SELECT 1 FROM goods_receipt WHERE order_id = $1 AND status <> 'cancelled' LIMIT 1`,
    lockOrderDrafts: `SELECT 1 FROM goods_receipt WHERE order_id = $1 AND status = 'draft' FOR UPDATE`,
    orderDrafts: `SELECT number FROM goods_receipt WHERE order_id = $1 AND status = 'draft'`,
    receiptLines: `SELECT l.id, l.line_no AS "lineNo", l.order_line_id AS "orderLineId", l.reverses_line_id AS "reversesLineId", l.product_id AS "productId",
              p.code AS "productCode", p.name AS "productName", p.specification, u.name AS "unitName", p.batch_managed AS "batchManaged",
              l.ordered_qty::text AS "orderedQty", l.quantity::text, l.unit_price::text AS "unitPrice", l.tax_rate::text AS "taxRate",
              l.amount::text, l.tax_amount::text AS "taxAmount", l.unit_cost::text AS "unitCost", l.batch_no AS "batchNo",
              to_char(l.expiry_date, 'YYYY-MM-DD') AS "expiryDate", l.note
       FROM goods_receipt_line l JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id
       WHERE l.receipt_id = $1 ORDER BY l.line_no`,
    receiptLinesTaken: `SELECT c.reverses_line_id AS line_id, (-sum(c.quantity))::text AS qty FROM goods_receipt_line c JOIN goods_receipt r ON r.id = c.receipt_id
        WHERE r.status = 'posted' AND c.reverses_line_id = ANY($1::uuid[]) GROUP BY c.reverses_line_id
       UNION ALL
       SELECT l.receipt_line_id, sum(l.quantity)::text FROM purchase_return_line l JOIN purchase_return r ON r.id = l.return_id
        WHERE r.status = 'posted' AND l.receipt_line_id = ANY($1::uuid[]) GROUP BY l.receipt_line_id`,
    deliveryNoteReceipts: `SELECT number FROM goods_receipt WHERE supplier_id = $1 AND lower(delivery_note_no) = lower($2) AND kind = 'receipt' AND status <> 'cancelled' AND id <> $3 ORDER BY created_at`,
    returnLines: `SELECT l.id, l.line_no AS "lineNo", l.receipt_line_id AS "receiptLineId", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName",
              u.name AS "unitName", l.quantity::text, l.unit_price::text AS "unitPrice", l.tax_rate::text AS "taxRate", l.amount::text, l.tax_amount::text AS "taxAmount",
              l.posted_cost::text AS "postedCost", l.batch_no AS "batchNo", l.note
       FROM purchase_return_line l JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id WHERE l.return_id = $1 ORDER BY l.line_no`,
    productsByCode: `SELECT id, code FROM product WHERE code = ANY($1::varchar[])`,
    supplier: `SELECT id, code, name, status FROM supplier WHERE id = $1`,
    warehouse: `SELECT id, code, name, status, kind, org_unit_id FROM warehouse WHERE id = $1`,
    products: productLookupSql(['p.purchase_price::text AS "purchasePrice"', 'p.default_supplier_id AS "defaultSupplierId"']),
    lastPrices: `SELECT DISTINCT ON (l.product_id) l.product_id, l.unit_price::text
       FROM goods_receipt_line l JOIN goods_receipt r ON r.id = l.receipt_id
       WHERE r.supplier_id = $1 AND r.status = 'posted' AND r.kind = 'receipt' AND l.product_id = ANY($2::uuid[])
       ORDER BY l.product_id, r.business_date DESC, r.posted_at DESC`,
    settings: `SELECT extra->'purchasing' AS s FROM org_settings WHERE org_unit_id = $1`,
    saveSettings: `INSERT INTO org_settings (org_unit_id, extra, row_version) VALUES ($1, jsonb_build_object('purchasing', $2::jsonb), 1)
         ON CONFLICT (org_unit_id) DO UPDATE SET extra = org_settings.extra || jsonb_build_object('purchasing', $2::jsonb),
           row_version = org_settings.row_version + 1, updated_at = now()`,
  },
  ['hq'],
);

/** A product as purchasing documents read it (prices and tax rate as exact text). */
export interface ProductRow extends ProductLookupRow {
  purchasePrice: string;
  defaultSupplierId: string | null;
}

/** A document line as the detail screens show it (camelCase keys, quantities and money as numeric text). */
export type DocumentLineRow = Record<string, unknown>;

/** The SQL of 采购 (orders, receipts, returns, settings and the lookups they share). */
@Injectable()
export class PurchasingRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  orderLines(ctx: RequestContext, orderId: string): Promise<DocumentLineRow[]> {
    return queryRows<DocumentLineRow>(this.connection.manager(ctx), SQL.orderLines, [orderId]);
  }

  /** Whether a receipt (draft or posted) was made against the order. */
  async orderHasReceipts(ctx: RequestContext, orderId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.orderHasReceipts, [orderId])).length > 0;
  }

  /** Numbers of the order's draft receipts, their rows locked first (a post in flight ends before). */
  async lockOrderDrafts(ctx: RequestContext, orderId: string): Promise<string[]> {
    const m = this.connection.manager(ctx);
    await m.query(SQL.lockOrderDrafts, [orderId]);
    return (await queryRows<{ number: string }>(m, SQL.orderDrafts, [orderId])).map((d) => d.number);
  }

  receiptLines(ctx: RequestContext, receiptId: string): Promise<DocumentLineRow[]> {
    return queryRows<DocumentLineRow>(this.connection.manager(ctx), SQL.receiptLines, [receiptId]);
  }

  /** Per receipt line, the quantities posted corrections and returns took from it (one row each). */
  receiptLinesTaken(ctx: RequestContext, lineIds: string[]): Promise<Array<{ line_id: string; qty: string }>> {
    return queryRows(this.connection.manager(ctx), SQL.receiptLinesTaken, [lineIds]);
  }

  /** Numbers of the supplier's other receipts (not cancelled) with this delivery note, oldest first. */
  async deliveryNoteReceipts(ctx: RequestContext, supplierId: string, deliveryNoteNo: string, exceptId: string): Promise<string[]> {
    return (await queryRows<{ number: string }>(this.connection.manager(ctx), SQL.deliveryNoteReceipts, [supplierId, deliveryNoteNo, exceptId])).map((r) => r.number);
  }

  returnLines(ctx: RequestContext, returnId: string): Promise<DocumentLineRow[]> {
    return queryRows<DocumentLineRow>(this.connection.manager(ctx), SQL.returnLines, [returnId]);
  }

  productsByCode(ctx: RequestContext, codes: string[]): Promise<Array<{ id: string; code: string }>> {
    return queryRows(this.connection.manager(ctx), SQL.productsByCode, [codes]);
  }

  async supplier(ctx: RequestContext, id: string): Promise<{ id: string; code: string; name: string; status: string } | undefined> {
    return (await queryRows<{ id: string; code: string; name: string; status: string }>(this.connection.manager(ctx), SQL.supplier, [id]))[0];
  }

  async warehouse(ctx: RequestContext, id: string): Promise<{ id: string; code: string; name: string; status: string; kind: string; org_unit_id: string } | undefined> {
    return (await queryRows<{ id: string; code: string; name: string; status: string; kind: string; org_unit_id: string }>(this.connection.manager(ctx), SQL.warehouse, [id]))[0];
  }

  products(ctx: RequestContext, ids: string[]): Promise<ProductRow[]> {
    return queryRows<ProductRow>(this.connection.manager(ctx), SQL.products, [ids]);
  }

  /** The supplier's last posted receipt price of each product (absent: never received from it). */
  lastPrices(ctx: RequestContext, supplierId: string, productIds: string[]): Promise<Array<{ product_id: string; unit_price: string }>> {
    return queryRows(this.connection.manager(ctx), SQL.lastPrices, [supplierId, productIds]);
  }

  /** The org's purchasing settings as stored (null: never saved). */
  async settings<T>(ctx: RequestContext, orgUnitId: string): Promise<Partial<T> | null> {
    return (await queryRows<{ s: Partial<T> | null }>(this.connection.manager(ctx), SQL.settings, [orgUnitId]))[0]?.s ?? null;
  }

  async saveSettings(ctx: RequestContext, orgUnitId: string, settings: object): Promise<void> {
    await this.connection.manager(ctx).query(SQL.saveSettings, [orgUnitId, JSON.stringify(settings)]);
  }
}
