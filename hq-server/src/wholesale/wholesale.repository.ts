import { Injectable } from '@nestjs/common';
import { RequestContext, scopeSql, Sql } from '@chain-erp/shared';
import { listSort, SettlementRepository } from '../settlement/settlement.repository';
import type { CustomerPriceQueryDto, WholesaleDocQueryDto, WholesaleOrderQueryDto } from './wholesale.dto';
import type { CustomerPriceRow, WholesaleDeliveryRow, WholesaleDeliveryTotals, WholesaleOrderRow, WholesaleQtyAmountTotals, WholesaleReturnRow } from './wholesale.responses';

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

/** The SQL of the wholesale lists (orders, deliveries, returns, contract prices): one statement per page, count and 合计 included. */
@Injectable()
export class WholesaleRepository {
  constructor(private readonly lists: SettlementRepository) {}

  orders(ctx: RequestContext, q: WholesaleOrderQueryDto): Promise<WholesalePage<Omit<WholesaleOrderRow, 'statusZh'>, WholesaleQtyAmountTotals>> {
    const sql = new Sql();
    const where = docFilters(ctx, sql, 'o', 'order_date', q);
    if (q.status) where.push(`o.status = ${sql.p(q.status)}`);
    return this.lists.list(ctx, q, {
      sql,
      select: `o.id, o.number, to_char(o.order_date, 'YYYY-MM-DD') AS "orderDate", to_char(o.expected_date, 'YYYY-MM-DD') AS "expectedDate", o.customer_id AS "customerId",
               c.code AS "customerCode", c.name AS "customerName", w.name AS "warehouseName", o.status, o.total_qty::text AS "totalQty", o.total_amount::text AS "totalAmount",
               o.credit_exceeded AS "creditExceeded", o.created_at AS "createdAt"`,
      from: 'wholesale_order o JOIN customer c ON c.id = o.customer_id JOIN warehouse w ON w.id = o.warehouse_id',
      where,
      sort: WHOLESALE_ORDER_SORT,
      totals: `sum("totalQty"::numeric)::text AS "totalQty", sum("totalAmount"::numeric)::text AS "totalAmount"`,
    });
  }

  deliveries(ctx: RequestContext, q: WholesaleDocQueryDto): Promise<WholesalePage<Omit<WholesaleDeliveryRow, 'statusZh'>, WholesaleDeliveryTotals>> {
    const sql = new Sql();
    const where = docFilters(ctx, sql, 'd', 'business_date', q);
    if (q.status) where.push(`d.status = ${sql.p(q.status)}`);
    if (q.sourceId) where.push(`d.order_id = ${sql.p(q.sourceId)}`);
    return this.lists.list(ctx, q, {
      sql,
      select: `d.id, d.number, to_char(d.business_date, 'YYYY-MM-DD') AS "businessDate", to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.order_id AS "orderId", o.number AS "orderNumber",
               d.customer_id AS "customerId", c.code AS "customerCode", c.name AS "customerName", w.name AS "warehouseName", d.status, d.total_qty::text AS "totalQty",
               d.total_amount::text AS "totalAmount", d.total_cost::text AS "totalCost", d.created_at AS "createdAt"`,
      from: 'wholesale_delivery d JOIN wholesale_order o ON o.id = d.order_id JOIN customer c ON c.id = d.customer_id JOIN warehouse w ON w.id = d.warehouse_id',
      where,
      sort: WHOLESALE_DELIVERY_SORT,
      totals: `sum("totalQty"::numeric)::text AS "totalQty", sum("totalAmount"::numeric)::text AS "totalAmount", sum("totalCost"::numeric)::text AS "totalCost"`,
    });
  }

  returns(ctx: RequestContext, q: WholesaleDocQueryDto): Promise<WholesalePage<Omit<WholesaleReturnRow, 'statusZh'>, WholesaleQtyAmountTotals>> {
    const sql = new Sql();
    const where = docFilters(ctx, sql, 'r', 'business_date', q);
    if (q.status) where.push(`r.status = ${sql.p(q.status)}`);
    if (q.sourceId) where.push(`r.delivery_id = ${sql.p(q.sourceId)}`);
    return this.lists.list(ctx, q, {
      sql,
      select: `r.id, r.number, to_char(r.business_date, 'YYYY-MM-DD') AS "businessDate", r.delivery_id AS "deliveryId", d.number AS "deliveryNumber", r.customer_id AS "customerId",
               c.code AS "customerCode", c.name AS "customerName", w.name AS "warehouseName", r.status, r.reason, r.total_qty::text AS "totalQty",
               r.total_amount::text AS "totalAmount", r.created_at AS "createdAt"`,
      from: 'wholesale_return r JOIN wholesale_delivery d ON d.id = r.delivery_id JOIN customer c ON c.id = r.customer_id JOIN warehouse w ON w.id = r.warehouse_id',
      where,
      sort: WHOLESALE_RETURN_SORT,
      totals: `sum("totalQty"::numeric)::text AS "totalQty", sum("totalAmount"::numeric)::text AS "totalAmount"`,
    });
  }

  contractPrices(ctx: RequestContext, q: CustomerPriceQueryDto): Promise<WholesalePage<CustomerPriceRow>> {
    const sql = new Sql();
    const where: string[] = ctx.storeId ? ['false'] : [];
    if (q.customerId) where.push(`cp.customer_id = ${sql.p(q.customerId)}`);
    if (q.productId) where.push(`cp.product_id = ${sql.p(q.productId)}`);
    if (q.activeOn) where.push(`cp.valid_from <= ${sql.p(q.activeOn)}::date AND (cp.valid_to IS NULL OR cp.valid_to >= ${sql.p(q.activeOn)}::date)`);
    return this.lists.list(ctx, q, {
      sql,
      select: `cp.id, cp.customer_id AS "customerId", c.code AS "customerCode", c.name AS "customerName", cp.product_id AS "productId", p.code AS "productCode",
               p.name AS "productName", cp.price::text AS price, to_char(cp.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(cp.valid_to, 'YYYY-MM-DD') AS "validTo"`,
      from: 'customer_price cp JOIN customer c ON c.id = cp.customer_id JOIN product p ON p.id = cp.product_id',
      where,
      sort: CUSTOMER_PRICE_SORT,
    });
  }
}
