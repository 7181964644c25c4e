import { Injectable } from '@nestjs/common';
import { type CodeNameRef, moneyText, qtyText, queryRows, RequestContext, scopeSql, type ShippedBatch, Sql, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import { DECLARE_CONTEXTS, DECLARE_ID, type ListSpec, listSort, listSql, moneySums, SettlementRepository } from '../settlement/settlement.repository';
import { type ProductLookupRow, productLookupSql } from '../catalog/product-lookup';
import type { CustomerPriceQueryDto, WholesaleDocQueryDto, WholesaleOrderQueryDto } from './wholesale.dto';
import type { WholesaleOrderStatus } from './wholesale.entity';
import type {
  CustomerPriceRow,
  WholesaleDeliveryLineRow,
  WholesaleDeliveryRow,
  WholesaleDeliveryTotals,
  WholesaleOrderLineRow,
  WholesaleOrderRow,
  WholesaleQtyAmountTotals,
  WholesaleReturnLineRow,
  WholesaleReturnRow,
} from './wholesale.responses';

const SQL = sqlStatements(
  'wholesale.documents',
  {
    customer: `SELECT id, code, name, status, contact, phone, address, tax_number AS "taxNumber", credit_limit::text AS "creditLimit", price_level AS "priceLevel",
              payment_terms_days AS "paymentTermsDays" FROM customer WHERE id = $1`,
    warehouse: 'SELECT id, code, name, status, kind, org_unit_id AS "orgUnitId" FROM warehouse WHERE id = $1',
    products: productLookupSql(),
    prices: `SELECT p.id, p.retail_price::text AS "retailPrice", p.member_price::text AS "memberPrice", p.wholesale_price::text AS "wholesalePrice",
              (SELECT cp.price::text FROM customer_price cp
                WHERE cp.customer_id = $1 AND cp.product_id = p.id AND cp.valid_from <= $3::date AND (cp.valid_to IS NULL OR cp.valid_to >= $3::date)
                ORDER BY cp.valid_from DESC LIMIT 1) AS "contractPrice"
         FROM product p WHERE p.id = ANY($2::uuid[])`,
    orderRef: 'SELECT id, number, status FROM wholesale_order WHERE id = $1',
    orderLines: `SELECT l.id, l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName", p.specification, u.name AS "unitName",
              p.batch_managed AS "batchManaged", ${qtyText('l.quantity')} AS quantity, ${qtyText('l.unit_price')} AS "unitPrice", ${qtyText('l.list_price')} AS "listPrice", l.price_source AS "priceSource",
              ${qtyText('l.tax_rate')} AS "taxRate", ${moneyText('l.amount')} AS amount, ${moneyText('l.tax_amount')} AS "taxAmount", ${qtyText('l.delivered_qty')} AS "deliveredQty",
              ${qtyText('l.quantity - l.delivered_qty')} AS "outstandingQty", l.note
         FROM wholesale_order_line l JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id WHERE l.order_id = $1 ORDER BY l.line_no`,
    orderHasDeliveries: `SELECT 1 FROM wholesale_delivery WHERE order_id = $1 AND status <> 'cancelled' LIMIT 1`,
    orderDraftDeliveries: `SELECT number FROM wholesale_delivery WHERE order_id = $1 AND status = 'draft'`,
    acceptedExposure: `SELECT max(credit_exposure)::text AS exposure FROM wholesale_order
        WHERE customer_id = $1 AND status IN ('approved', 'partially_delivered') AND credit_approved_by IS NOT NULL`,
    openOrderLines: `SELECT l.quantity::text, l.delivered_qty::text AS "deliveredQty", l.unit_price::text AS "unitPrice" FROM wholesale_order_line l JOIN wholesale_order o ON o.id = l.order_id
        WHERE o.customer_id = $1 AND o.status IN ('approved', 'partially_delivered') AND ($2::uuid IS NULL OR o.id <> $2::uuid)`,
    deliveryRef: 'SELECT id, number FROM wholesale_delivery WHERE id = $1',
    deliveryLines: `SELECT l.id, l.line_no AS "lineNo", l.order_line_id AS "orderLineId", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName", p.specification,
              u.name AS "unitName", ${qtyText('l.quantity')} AS quantity, ${qtyText('l.unit_price')} AS "unitPrice", ${qtyText('l.tax_rate')} AS "taxRate", ${moneyText('l.amount')} AS amount, ${moneyText('l.tax_amount')} AS "taxAmount",
              ${qtyText('l.unit_cost')} AS "unitCost", ${qtyText('l.cost_amount')} AS "costAmount", l.batch_no AS "batchNo", l.batches, ${qtyText('l.returned_qty')} AS "returnedQty",
              array_to_string(ARRAY(SELECT b->>'batchNo' FROM jsonb_array_elements(l.batches) b), ', ') AS "batchList"
         FROM wholesale_delivery_line l JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id WHERE l.delivery_id = $1 ORDER BY l.line_no`,
    addReturnedQty: `UPDATE wholesale_delivery_line SET returned_qty = returned_qty + $2::numeric WHERE id = $1`,
    returnLines: `SELECT l.id, l.line_no AS "lineNo", l.delivery_line_id AS "deliveryLineId", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName",
              u.name AS "unitName", ${qtyText('l.quantity')} AS quantity, ${qtyText('l.unit_price')} AS "unitPrice", ${qtyText('l.tax_rate')} AS "taxRate", ${moneyText('l.amount')} AS amount, ${moneyText('l.tax_amount')} AS "taxAmount",
              ${qtyText('l.unit_cost')} AS "unitCost", ${qtyText('l.cost_amount')} AS "costAmount", l.batches
         FROM wholesale_return_line l JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id WHERE l.return_id = $1 ORDER BY l.line_no`,
    returnedBatches: `SELECT l.delivery_line_id AS "deliveryLineId", l.batches FROM wholesale_return_line l JOIN wholesale_return r ON r.id = l.return_id
        WHERE r.status = 'posted' AND l.delivery_line_id = ANY($1::uuid[])`,
  },
  ['hq'],
);

// The lists are composed from their filters and sort: the test prepares each list with no filter
// and with every filter at once, for HQ and for a store user, so a renamed column fails there.
sqlStatements(
  'wholesale.lists',
  () => {
    const id = DECLARE_ID;
    const day = '2026-01-01';
    const doc = { customerId: id, warehouseId: id, from: day, to: day, search: 'x', storeId: id, status: 'draft', sourceId: id };
    const texts: Record<string, string> = {};
    for (const [scope, ctx] of Object.entries(DECLARE_CONTEXTS)) {
      for (const [name, filter] of [
        ['plain', {}],
        ['filtered', doc],
      ] as const) {
        texts[`orders.${scope}.${name}`] = listSql({ sort: 'totalAmount' }, orderList(ctx, filter));
        texts[`deliveries.${scope}.${name}`] = listSql({ sort: 'totalAmount' }, deliveryList(ctx, filter));
        texts[`returns.${scope}.${name}`] = listSql({ sort: 'totalAmount' }, returnList(ctx, filter));
      }
      texts[`contractPrices.${scope}.plain`] = listSql({ format: 'xlsx' }, contractPriceList(ctx, {}));
      texts[`contractPrices.${scope}.filtered`] = listSql({ sort: 'price' }, contractPriceList(ctx, { customerId: id, productId: id, activeOn: day }));
    }
    return texts;
  },
  ['hq'],
);

/** A customer as wholesale documents read it (credit limit as exact text). */
export interface CustomerRow {
  id: string;
  code: string;
  name: string;
  status: string;
  contact: string | null;
  phone: string | null;
  address: string | null;
  taxNumber: string | null;
  creditLimit: string;
  priceLevel: string;
  paymentTermsDays: number | null;
}

export interface WarehouseRow {
  id: string;
  code: string;
  name: string;
  status: string;
  kind: string;
  orgUnitId: string;
}

/** A product as wholesale documents read it: the look-up's columns, nothing more. */
export type ProductRow = ProductLookupRow;

/** A product's prices for a customer on a day (the contract price valid then, if any). */
export interface ProductPricesRow {
  id: string;
  retailPrice: string;
  memberPrice: string | null;
  wholesalePrice: string | null;
  contractPrice: string | null;
}

/** An approved order line's quantities and price, for what is still to be delivered. */
export interface OpenOrderLineRow {
  quantity: string;
  deliveredQty: string;
  unitPrice: string;
}

export const WHOLESALE_ORDER_SORT = listSort(['number', 'orderDate', 'expectedDate', 'customerCode', 'status', 'createdAt'], ['totalAmount'], '-createdAt');
export const WHOLESALE_DELIVERY_SORT = listSort(['number', 'businessDate', 'dueDate', 'customerCode', 'status', 'createdAt'], ['totalAmount'], '-createdAt');
export const WHOLESALE_RETURN_SORT = listSort(['number', 'businessDate', 'customerCode', 'status', 'createdAt'], ['totalAmount'], '-createdAt');
export const CUSTOMER_PRICE_SORT = listSort(['customerCode', 'productCode', 'validFrom', 'validTo'], ['price'], 'customerCode,productCode,validFrom');

/** A page of a wholesale list as SQL gives it (the service adds the status label and tidies the numbers). */
export interface WholesalePage<R, T = Record<string, unknown>> {
  items: R[];
  total: number;
  totals?: T;
}

/** Document lists' shared filters (customer, warehouse, dates, number; a store user sees none: HQ's business). */
function docFilters(
  ctx: RequestContext,
  sql: Sql,
  alias: string,
  dateColumn: string,
  q: { customerId?: string; warehouseId?: string; from?: string; to?: string; search?: string; storeId?: string },
): string[] {
  const where = scopeSql(ctx, sql, `${alias}.org_unit_id`, q.storeId);
  if (q.customerId) where.push(`${alias}.customer_id = ${sql.p(q.customerId)}`);
  if (q.warehouseId) where.push(`${alias}.warehouse_id = ${sql.p(q.warehouseId)}`);
  if (q.from) where.push(`${alias}.${dateColumn} >= ${sql.p(q.from)}::date`);
  if (q.to) where.push(`${alias}.${dateColumn} <= ${sql.p(q.to)}::date`);
  if (q.search) where.push(`${alias}.number ILIKE ${sql.p(`%${q.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`)}`);
  return where;
}

function orderList(ctx: RequestContext, q: Omit<WholesaleOrderQueryDto, 'page' | 'pageSize' | 'sort' | 'format'>): ListSpec {
  const sql = new Sql();
  const where = docFilters(ctx, sql, 'o', 'order_date', q);
  if (q.status) where.push(`o.status = ${sql.p(q.status)}`);
  return {
    sql,
    select: `o.id, o.number, to_char(o.order_date, 'YYYY-MM-DD') AS "orderDate", to_char(o.expected_date, 'YYYY-MM-DD') AS "expectedDate", o.customer_id AS "customerId",
               c.code AS "customerCode", c.name AS "customerName", w.name AS "warehouseName", o.status, ${qtyText('o.total_qty')} AS "totalQty", ${moneyText('o.total_amount')} AS "totalAmount",
               o.credit_exceeded AS "creditExceeded", o.created_at AS "createdAt"`,
    from: 'wholesale_order o JOIN customer c ON c.id = o.customer_id JOIN warehouse w ON w.id = o.warehouse_id',
    where,
    sort: WHOLESALE_ORDER_SORT,
    totals: `${qtyText('sum("totalQty"::numeric)')} AS "totalQty", ${moneySums(['totalAmount'])}`,
  };
}

function deliveryList(ctx: RequestContext, q: Omit<WholesaleDocQueryDto, 'page' | 'pageSize' | 'sort' | 'format'>): ListSpec {
  const sql = new Sql();
  const where = docFilters(ctx, sql, 'd', 'business_date', q);
  if (q.status) where.push(`d.status = ${sql.p(q.status)}`);
  if (q.sourceId) where.push(`d.order_id = ${sql.p(q.sourceId)}`);
  return {
    sql,
    select: `d.id, d.number, to_char(d.business_date, 'YYYY-MM-DD') AS "businessDate", to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.order_id AS "orderId", o.number AS "orderNumber",
               d.customer_id AS "customerId", c.code AS "customerCode", c.name AS "customerName", w.name AS "warehouseName", d.status, ${qtyText('d.total_qty')} AS "totalQty",
               ${moneyText('d.total_amount')} AS "totalAmount", ${moneyText('d.total_cost')} AS "totalCost", d.created_at AS "createdAt"`,
    from: 'wholesale_delivery d JOIN wholesale_order o ON o.id = d.order_id JOIN customer c ON c.id = d.customer_id JOIN warehouse w ON w.id = d.warehouse_id',
    where,
    sort: WHOLESALE_DELIVERY_SORT,
    totals: `${qtyText('sum("totalQty"::numeric)')} AS "totalQty", ${moneySums(['totalAmount', 'totalCost'])}`,
  };
}

function returnList(ctx: RequestContext, q: Omit<WholesaleDocQueryDto, 'page' | 'pageSize' | 'sort' | 'format'>): ListSpec {
  const sql = new Sql();
  const where = docFilters(ctx, sql, 'r', 'business_date', q);
  if (q.status) where.push(`r.status = ${sql.p(q.status)}`);
  if (q.sourceId) where.push(`r.delivery_id = ${sql.p(q.sourceId)}`);
  return {
    sql,
    select: `r.id, r.number, to_char(r.business_date, 'YYYY-MM-DD') AS "businessDate", r.delivery_id AS "deliveryId", d.number AS "deliveryNumber", r.customer_id AS "customerId",
               c.code AS "customerCode", c.name AS "customerName", w.name AS "warehouseName", r.status, r.reason, ${qtyText('r.total_qty')} AS "totalQty",
               ${moneyText('r.total_amount')} AS "totalAmount", r.created_at AS "createdAt"`,
    from: 'wholesale_return r JOIN wholesale_delivery d ON d.id = r.delivery_id JOIN customer c ON c.id = r.customer_id JOIN warehouse w ON w.id = r.warehouse_id',
    where,
    sort: WHOLESALE_RETURN_SORT,
    totals: `${qtyText('sum("totalQty"::numeric)')} AS "totalQty", ${moneySums(['totalAmount'])}`,
  };
}

function contractPriceList(ctx: RequestContext, q: Omit<CustomerPriceQueryDto, 'page' | 'pageSize' | 'sort' | 'format'>): ListSpec {
  const sql = new Sql();
  const where: string[] = ctx.storeId ? ['false'] : [];
  if (q.customerId) where.push(`cp.customer_id = ${sql.p(q.customerId)}`);
  if (q.productId) where.push(`cp.product_id = ${sql.p(q.productId)}`);
  if (q.activeOn) where.push(`cp.valid_from <= ${sql.p(q.activeOn)}::date AND (cp.valid_to IS NULL OR cp.valid_to >= ${sql.p(q.activeOn)}::date)`);
  return {
    sql,
    select: `cp.id, cp.customer_id AS "customerId", c.code AS "customerCode", c.name AS "customerName", cp.product_id AS "productId", p.code AS "productCode",
               p.name AS "productName", ${qtyText('cp.price')} AS price, to_char(cp.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(cp.valid_to, 'YYYY-MM-DD') AS "validTo"`,
    from: 'customer_price cp JOIN customer c ON c.id = cp.customer_id JOIN product p ON p.id = cp.product_id',
    where,
    sort: CUSTOMER_PRICE_SORT,
  };
}

/** The SQL of 批发: the documents' lookups and lines, and the lists (one statement per page, count and 合计 included). */
@Injectable()
export class WholesaleRepository {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly lists: SettlementRepository,
  ) {}

  async customer(ctx: RequestContext, id: string): Promise<CustomerRow | undefined> {
    return (await queryRows<CustomerRow>(this.connection.manager(ctx), SQL.customer, [id]))[0];
  }

  async warehouse(ctx: RequestContext, id: string): Promise<WarehouseRow | undefined> {
    return (await queryRows<WarehouseRow>(this.connection.manager(ctx), SQL.warehouse, [id]))[0];
  }

  products(ctx: RequestContext, ids: string[]): Promise<ProductRow[]> {
    return queryRows<ProductRow>(this.connection.manager(ctx), SQL.products, [[...new Set(ids)]]);
  }

  prices(ctx: RequestContext, customerId: string, productIds: string[], on: string): Promise<ProductPricesRow[]> {
    return queryRows<ProductPricesRow>(this.connection.manager(ctx), SQL.prices, [customerId, [...new Set(productIds)], on]);
  }

  async orderRef(ctx: RequestContext, id: string): Promise<{ id: string; number: string; status: WholesaleOrderStatus } | undefined> {
    return (await queryRows<{ id: string; number: string; status: WholesaleOrderStatus }>(this.connection.manager(ctx), SQL.orderRef, [id]))[0];
  }

  async warehouseRef(ctx: RequestContext, id: string): Promise<CodeNameRef | undefined> {
    const w = await this.warehouse(ctx, id);
    return w && { id: w.id, code: w.code, name: w.name };
  }

  orderLines(ctx: RequestContext, orderId: string): Promise<WholesaleOrderLineRow[]> {
    return queryRows<WholesaleOrderLineRow>(this.connection.manager(ctx), SQL.orderLines, [orderId]);
  }

  /** Whether a delivery (draft or posted) was made from the order. */
  async orderHasDeliveries(ctx: RequestContext, orderId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.orderHasDeliveries, [orderId])).length > 0;
  }

  async orderDraftDeliveries(ctx: RequestContext, orderId: string): Promise<string[]> {
    return (await queryRows<{ number: string }>(this.connection.manager(ctx), SQL.orderDraftDeliveries, [orderId])).map((d) => d.number);
  }

  /** The highest credit exposure an approver accepted on the customer's open orders (null: none accepted). */
  async acceptedExposure(ctx: RequestContext, customerId: string): Promise<string | null> {
    return (await queryRows<{ exposure: string | null }>(this.connection.manager(ctx), SQL.acceptedExposure, [customerId]))[0]?.exposure ?? null;
  }

  /** Lines of the customer's approved, not fully delivered orders (but the one excluded). */
  openOrderLines(ctx: RequestContext, customerId: string, excludeOrderId: string | null): Promise<OpenOrderLineRow[]> {
    return queryRows<OpenOrderLineRow>(this.connection.manager(ctx), SQL.openOrderLines, [customerId, excludeOrderId]);
  }

  async deliveryRef(ctx: RequestContext, id: string): Promise<{ id: string; number: string } | undefined> {
    return (await queryRows<{ id: string; number: string }>(this.connection.manager(ctx), SQL.deliveryRef, [id]))[0];
  }

  deliveryLines(ctx: RequestContext, deliveryId: string): Promise<WholesaleDeliveryLineRow[]> {
    return queryRows<WholesaleDeliveryLineRow>(this.connection.manager(ctx), SQL.deliveryLines, [deliveryId]);
  }

  async addReturnedQty(ctx: RequestContext, deliveryLineId: string, quantity: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.addReturnedQty, [deliveryLineId, quantity]);
  }

  returnLines(ctx: RequestContext, returnId: string): Promise<WholesaleReturnLineRow[]> {
    return queryRows<WholesaleReturnLineRow>(this.connection.manager(ctx), SQL.returnLines, [returnId]);
  }

  /** The batches posted returns already took back from these delivery lines. */
  returnedBatches(ctx: RequestContext, deliveryLineIds: string[]): Promise<Array<{ deliveryLineId: string; batches: ShippedBatch[] }>> {
    return queryRows<{ deliveryLineId: string; batches: ShippedBatch[] }>(this.connection.manager(ctx), SQL.returnedBatches, [deliveryLineIds]);
  }

  orders(ctx: RequestContext, q: WholesaleOrderQueryDto): Promise<WholesalePage<Omit<WholesaleOrderRow, 'statusZh'>, WholesaleQtyAmountTotals>> {
    return this.lists.list(ctx, q, orderList(ctx, q));
  }

  deliveries(ctx: RequestContext, q: WholesaleDocQueryDto): Promise<WholesalePage<Omit<WholesaleDeliveryRow, 'statusZh'>, WholesaleDeliveryTotals>> {
    return this.lists.list(ctx, q, deliveryList(ctx, q));
  }

  returns(ctx: RequestContext, q: WholesaleDocQueryDto): Promise<WholesalePage<Omit<WholesaleReturnRow, 'statusZh'>, WholesaleQtyAmountTotals>> {
    return this.lists.list(ctx, q, returnList(ctx, q));
  }

  contractPrices(ctx: RequestContext, q: CustomerPriceQueryDto): Promise<WholesalePage<CustomerPriceRow>> {
    return this.lists.list(ctx, q, contractPriceList(ctx, q));
  }
}
